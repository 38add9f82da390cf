// `npm start` as a person runs it in a terminal: everything up, healthy, an alert mailed in,
// stopped by Ctrl-C sent to the whole process group (as a terminal does), up again with the
// data intact, and a second Ctrl-C that stops at once. Real supervisor, free ports, scratch data.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { freePort } from '../helpers/ports.js';
import { eventually } from '../helpers/wait.js';

const dataDir = mkdtempSync(join(tmpdir(), 'jeevan-start-'));
chmodSync(dataDir, 0o755);
const ukDataDir = mkdtempSync(join(tmpdir(), 'jeevan-start-uk-'));
chmodSync(ukDataDir, 0o755);
const leftovers: number[] = [];
const groups: number[] = [];
// A failed test leaves its `npm start` running: end the whole group, so the next test can start.
afterEach(() => {
  for (const pgid of groups.splice(0)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {}
  }
});
afterAll(() => {
  for (const pid of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(ukDataDir, { recursive: true, force: true });
});

async function ports() {
  const names = [
    'API_PORT',
    'TEMPORAL_DEV_PORT',
    'TEMPORAL_UI_PORT',
    'EMBEDDED_PG_PORT',
    'MAIL_SINK_SMTP_PORT',
    'MAIL_SINK_HTTP_PORT',
    'INTAKE_SMTP_PORT',
  ];
  const env: Record<string, string> = {};
  for (const name of names) env[name] = String(await freePort());
  return env;
}

const cleanEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !['DATABASE_URL', 'SMTP_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_UI_URL', 'AUDIT_CHAIN_KEY'].includes(k),
    ),
  ) as Record<string, string>;

/**
 * `npm start` in a process group of its own, as a terminal runs it: npm, the bootstrap, the supervisor and every child.
 */
function start(
  env: Record<string, string>,
  args: string[] = [],
  dir = dataDir,
): { child: ChildProcess; output: () => string; ctrlC: () => void } {
  let output = '';
  const child = spawn('npm', ['start', ...(args.length ? ['--', ...args] : [])], {
    env: {
      ...cleanEnv(),
      JEEVAN_DATA_DIR: dir,
      TEMPORAL_CLI_PATH: inject('temporalCliPath') || (process.env.TEMPORAL_CLI_PATH ?? ''),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  for (const stream of [child.stdout, child.stderr]) stream?.on('data', (d) => (output += d));
  groups.push(child.pid as number);
  // What Ctrl-C in a terminal does: SIGINT to every process in the foreground group.
  const ctrlC = () => process.kill(-(child.pid as number), 'SIGINT');
  return { child, output: () => output, ctrlC };
}

/** How `npm start` ended: npm re-raises the SIGINT it was sent, so a clean Ctrl-C shows as that signal or exit 0. */
const exited = (child: ChildProcess) =>
  new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))));
const listening = (port: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    socket.once('connect', () => resolve(socket.destroy() !== undefined));
    socket.once('error', () => resolve(false));
  });

const STARTED_PORTS = [
  'API_PORT',
  'TEMPORAL_DEV_PORT',
  'TEMPORAL_UI_PORT',
  'EMBEDDED_PG_PORT',
  'MAIL_SINK_SMTP_PORT',
  'MAIL_SINK_HTTP_PORT',
  'INTAKE_SMTP_PORT',
];

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

  const env = ports();

  it('brings every part up on one host name, takes an alert by e-mail, and stops within 30 s on a terminal Ctrl-C', async () => {
    const p = await env;
    const api = `http://localhost:${p.API_PORT}`;
    const first = start(p);
    await eventually(async () => first.output().includes('Jeevan is running.'), 'the ready banner', 120_000, 500);
    const banner = first.output();
    for (const line of [
      `Console             ${api}/console/`,
      `API docs            ${api}/docs`,
      `Health              ${api}/health`,
      `Temporal UI         http://localhost:${p.TEMPORAL_UI_PORT}`,
      `Alert e-mail        smtp://localhost:${p.INTAKE_SMTP_PORT}`,
      `Escalation e-mails  http://localhost:${p.MAIL_SINK_HTTP_PORT}`,
    ])
      expect(banner).toContain(line);
    expect(banner).not.toContain('127.0.0.1:');
    // On Node 24, whatever Node ran `npm`.
    const health = await fetch(`${api}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ready',
      checks: { database: { ok: true }, temporal: { ok: true }, worker: { ok: true } },
    });
    const consolePage = await fetch(`${api}/console/`);
    expect(await consolePage.text()).toContain('<div id="app">');
    expect((await fetch(`http://localhost:${p.TEMPORAL_UI_PORT}/`)).status).toBe(200);
    expect((await fetch(`http://localhost:${p.MAIL_SINK_HTTP_PORT}/`)).status).toBe(200);

    // As a person would: the first run says how to create the first user; do that with the CLI.
    expect(banner).toContain('npm run admin -- create-admin');
    const npmRun = (...args: string[]) =>
      spawnSync('npm', ['run', '-s', ...args], {
        env: {
          ...cleanEnv(),
          JEEVAN_DATA_DIR: dataDir,
          EMBEDDED_PG_PORT: p.EMBEDDED_PG_PORT,
          INTAKE_SMTP_PORT: p.INTAKE_SMTP_PORT,
          JEEVAN_PASSWORD: 'operator-password-long',
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
    expect(npmRun('admin', '--', 'create-admin', 'first-admin').status).toBe(0);
    expect(npmRun('admin', '--', 'create-user', 'desk-1', '--roles', 'smc_operator').status).toBe(0);
    const token = /(jv_\S+)/.exec(
      npmRun('admin', '--', 'issue-token', 'desk-1', '--name', 'test', '--days', '1').stdout,
    )?.[1];
    expect(token).toBeDefined();

    // The README's line: a sample alert mailed to the banner's address becomes a case.
    const mailed = npmRun('mail-alert', '--', 'test/fixtures/alert-emails/full.eml');
    expect(mailed.stdout + mailed.stderr).toContain(
      `Sent test/fixtures/alert-emails/full.eml to smtp://127.0.0.1:${p.INTAKE_SMTP_PORT}`,
    );
    const auth = { authorization: `Bearer ${token}` };
    const mailedCase = await eventually(
      async () => {
        const list = (await (await fetch(`${api}/cases`, { headers: auth })).json()) as { items: { id: string }[] };
        return list.items[0];
      },
      'the mailed alert as a case',
      30_000,
      500,
    );
    expect(mailedCase.id).toMatch(/^JV-/);

    const started = Date.now();
    const exit = exited(first.child);
    first.ctrlC();
    expect(['0', 'SIGINT']).toContain(await exit);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(first.output()).toContain('Stopped.');
    for (const name of STARTED_PORTS) expect(await listening(p[name]), `${name} still open after Ctrl-C`).toBe(false);
  }, 300_000);

  it('starts again with the data intact, and a second Ctrl-C stops at once saying what it left running', async () => {
    const p = await env;
    const api = `http://localhost:${p.API_PORT}`;
    const second = start(p);
    await eventually(
      async () => second.output().includes('Jeevan is running.'),
      'the ready banner again',
      120_000,
      500,
    );
    const login = await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'desk-1', password: 'operator-password-long' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const list = (await (await fetch(`${api}/cases`, { headers: { cookie } })).json()) as { items: unknown[] };
    expect(list.items).toHaveLength(1);

    // Something that holds a part up: a request to the mailbox page that never finishes, so the
    // orderly stop waits on it (up to its deadline) and the second Ctrl-C comes while it does.
    const stuck = connect({ host: '127.0.0.1', port: Number(p.MAIL_SINK_HTTP_PORT) });
    await new Promise((r) => stuck.once('connect', r));
    stuck.write('GET / HTTP/1.1\r\nHost: localhost\r\n');
    const exit = exited(second.child);
    second.ctrlC();
    await new Promise((r) => setTimeout(r, 1500));
    const pressed = Date.now();
    second.ctrlC();
    await exit;
    expect(Date.now() - pressed).toBeLessThan(5_000);
    expect(second.output()).toMatch(/Stopped at once\. Left running: .*mailbox.*\./);
    expect(second.output()).not.toContain('Stopped.\n');
    stuck.destroy();
    for (const m of second.output().matchAll(/\(pid (\d+)\)/g)) leftovers.push(Number(m[1]));
    // Everything got the terminal's SIGINT itself: within seconds nothing listens.
    for (const name of STARTED_PORTS)
      await eventually(async () => !(await listening(p[name])), `${name} closed`, 30_000, 250);
  }, 300_000);
  it('`npm start -- --state UK` brings up a Uttarakhand instance: its name, its districts, its example directory', async () => {
    const p = await ports();
    const api = `http://localhost:${p.API_PORT}`;
    const uk = start(p, ['--state', 'UK'], ukDataDir);
    await eventually(async () => uk.output().includes('Jeevan is running.'), 'the ready banner', 120_000, 500);
    expect(uk.output()).toMatch(/State\s+Uttarakhand \(UK\), e-mails and console in en and hi/);
    expect(uk.output()).toContain('Loaded the example directory (domain/profiles/UK/directory/');

    const admin = spawnSync('npm', ['run', '-s', 'admin', '--', 'create-user', 'uk-desk', '--roles', 'smc_operator'], {
      env: {
        ...cleanEnv(),
        JEEVAN_STATE: 'UK',
        JEEVAN_DATA_DIR: ukDataDir,
        EMBEDDED_PG_PORT: p.EMBEDDED_PG_PORT,
        JEEVAN_PASSWORD: 'operator-password-long',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(admin.status, admin.stderr).toBe(0);
    const login = await fetch(`${api}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'uk-desk', password: 'operator-password-long' }),
    });
    expect(login.status).toBe(200);
    expect((await login.json()).user.state).toBe('UK');
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const districts = (await (await fetch(`${api}/directory/districts`, { headers: { cookie } })).json()) as {
      items: { code: string; nameEn: string }[];
    };
    const names = districts.items.map((d) => d.nameEn);
    expect(names).toHaveLength(13);
    expect(names).toContain('Dehradun');
    expect(names).not.toContain('Lucknow');

    const exit = exited(uk.child);
    uk.ctrlC();
    expect(['0', 'SIGINT']).toContain(await exit);
    for (const name of STARTED_PORTS) expect(await listening(p[name]), `${name} still open after Ctrl-C`).toBe(false);
  }, 300_000);
});
