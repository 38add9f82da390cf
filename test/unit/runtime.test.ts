// The first hour's promises that files can keep: one supported Node major everywhere it is
// named, and the example ports in .env.example never colliding with what `npm start` uses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDevConfig } from '../../config/index.js';
import { isSupported, NODE_VERSION, SUPPORTED_MAJOR } from '../../scripts/ensure-node.mjs';

const read = (path: string) => readFileSync(path, 'utf8');

describe('the Node runtime', () => {
  it('is one major, 24, in package.json, the bootstrap, the image and the README', () => {
    expect(SUPPORTED_MAJOR).toBe(24);
    expect(NODE_VERSION.split('.')[0]).toBe(String(SUPPORTED_MAJOR));
    expect(JSON.parse(read('package.json')).engines.node).toBe(`>=${SUPPORTED_MAJOR}`);
    expect(read('Dockerfile')).toMatch(new RegExp(`^FROM node:${SUPPORTED_MAJOR}-slim$`, 'm'));
    expect(read('README.md')).toContain(`Node.js ${SUPPORTED_MAJOR}`);
    // Tests run on it: bootstrap re-runs `npm test` on Node 24 when the machine's is older.
    expect(process.versions.node.split('.')[0]).toBe(String(SUPPORTED_MAJOR));
  });

  it('calls older majors unsupported and 24 and later supported', () => {
    expect(isSupported('20.20.2')).toBe(false);
    expect(isSupported('22.12.0')).toBe(false);
    expect(isSupported('24.0.0')).toBe(true);
    expect(isSupported('26.1.0')).toBe(true);
  });

  it('goes through the bootstrap for every npm script that runs TypeScript', () => {
    const scripts: Record<string, string> = JSON.parse(read('package.json')).scripts;
    for (const [name, command] of Object.entries(scripts)) {
      if (command.includes('.ts'))
        expect(command, name).toMatch(/^(UPDATE_SCREENSHOTS=1 )?node scripts\/bootstrap\.mjs (run|test|start)\b/);
    }
  });
});

describe('.env.example ports', () => {
  const defaults = readDevConfig({}, '/srv');
  const startPorts: Record<string, number> = {
    API_PORT: defaults.apiPort,
    EMBEDDED_PG_PORT: defaults.embeddedPgPort,
    TEMPORAL_DEV_PORT: defaults.temporalPort,
    TEMPORAL_UI_PORT: defaults.temporalUiPort,
    MAIL_SINK_SMTP_PORT: defaults.mailSinkSmtpPort,
    MAIL_SINK_HTTP_PORT: defaults.mailSinkHttpPort,
    INTAKE_SMTP_PORT: defaults.intakeSmtpPort,
  };
  const examples = [...read('.env.example').matchAll(/^# ([A-Z_]*PORT)=(\d+)$/gm)].map(([, name, value]) => ({
    name,
    port: Number(value),
  }));

  it('has an example for every port npm start opens', () => {
    expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(Object.keys(startPorts)));
  });

  it('never gives as an example a port npm start already uses, nor one port twice', () => {
    const used = new Set(Object.values(startPorts));
    expect(new Set(Object.values(startPorts)).size, 'npm start opens each port once').toBe(
      Object.keys(startPorts).length,
    );
    for (const { name, port } of examples)
      expect(used.has(port), `${name}=${port} collides with an npm start default`).toBe(false);
    expect(new Set(examples.map((e) => e.port)).size).toBe(examples.length);
  });
});
