// `npm start` as a person runs it: everything up, healthy, stopped by Ctrl-C, and up
// again with the data intact. Runs the real supervisor on free ports and a scratch data folder.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { eventually } from '../helpers/wait.js';

const dataDir = mkdtempSync(join(tmpdir(), 'jeevan-start-'));
chmodSync(dataDir, 0o755);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function ports() {
  return {
    API_PORT: String(await freePort()),
    TEMPORAL_DEV_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    EMBEDDED_PG_PORT: String(await freePort()),
    MAIL_SINK_SMTP_PORT: String(await freePort()),
    MAIL_SINK_HTTP_PORT: String(await freePort()),
  };
}

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  let output = '';
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'SMTP_URL', 'TEMPORAL_ADDRESS', 'AUDIT_CHAIN_KEY'].includes(k)),
  ) as Record<string, string>;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...clean, JEEVAN_DATA_DIR: dataDir, TEMPORAL_CLI_PATH: inject('temporalCliPath') || (process.env.TEMPORAL_CLI_PATH ?? ''), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  return { child, output: () => output };
}

const stopped = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('npm start', () => {
  it('fails within seconds, in one line naming the variable, on a malformed setting', () => {
    const started = Date.now();
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: { ...process.env, JEEVAN_DATA_DIR: dataDir, DATABASE_URL: 'postgres//missing-colon' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: DATABASE_URL must be a URL like postgres:/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('brings every part up, stops cleanly on Ctrl-C, and starts again with the data intact', async () => {
    const env = await ports();
    const api = `http://127.0.0.1:${env.API_PORT}`;
    const first = start(env);
    await eventually(async () => first.output().includes('Jeevan is running.'), 'the ready banner', 120_000, 500);
    const ready = await (await fetch(`${api}/health/ready`)).json();
    expect(ready).toMatchObject({ status: 'ready', checks: { database: { ok: true }, temporal: { ok: true }, worker: { ok: true } } });
    expect(first.output()).toContain(`API docs     ${api}/docs`);
    // The console is built and served by the API.
    expect(first.output()).toContain(`Console      ${api}/console/`);
    const consolePage = await fetch(`${api}/console/`);
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toContain('<div id="app">');
    expect((await fetch(`http://localhost:${env.TEMPORAL_UI_PORT}/`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${env.MAIL_SINK_HTTP_PORT}/`)).status).toBe(200);

    // As a person would: the first run says how to create the first user; do that with the CLI.
    expect(first.output()).toContain('npm run admin -- create-admin');
    const admin = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
        env: {
          ...process.env,
          // No DATABASE_URL: the CLI finds the database `npm start` runs, as the README says
          // (and the audit chain's key in the same data folder).
          DATABASE_URL: '',
          AUDIT_CHAIN_KEY: '',
          JEEVAN_DATA_DIR: dataDir,
          EMBEDDED_PG_PORT: String(env.EMBEDDED_PG_PORT),
          JEEVAN_PASSWORD: 'operator-password-long',
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
    expect(admin('create-admin', 'first-admin').status).toBe(0);
    expect(admin('create-user', 'desk-1', '--roles', 'smc_operator').status).toBe(0);
    const token = /(jv_\S+)/.exec(admin('issue-token', 'desk-1', '--name', 'test', '--days', '1').stdout)?.[1];
    expect(token).toBeDefined();
    const created = await fetch(`${api}/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ sourceRef: 'LR-START-1', channel: 'phone', platform: 'facebook', contentKind: 'post', handle: '@start_test' }),
    });
    expect(created.status).toBe(201);
    const { caseId } = (await created.json()) as { caseId: string };

    const exit = stopped(first.child);
    first.child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(first.output()).toContain('Stopped.');

    const second = start(env);
    await eventually(async () => second.output().includes('Jeevan is running.'), 'the ready banner again', 120_000, 500);
    const again = await (await fetch(`${api}/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } })).json();
    expect(again).toMatchObject({ source: 'workflow', case: { caseId, stage: 'received' } });
    const exit2 = stopped(second.child);
    second.child.kill('SIGINT');
    expect(await exit2).toBe(0);
  }, 300_000);
});
