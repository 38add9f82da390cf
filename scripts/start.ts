// `npm start`: brings the whole system up on embedded defaults and supervises it.
// Temporal dev server (with Web UI), PostgreSQL, a local mailbox, then the worker and the
// API as separate programs. Ctrl-C stops everything (dev/supervisor.ts); data stays under the data folder.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { type DevConfig, exitOnConfigError, readDevConfig } from '../config/index.js';
import { readStateProfile } from '../config/state-code.js';
import { appRoleOf } from '../db/app-role.js';
import { runMigrations } from '../db/migrate.js';
import { startEmbeddedPostgres } from '../dev/embedded-postgres.js';
import { serveMailbox, startMailSink } from '../dev/mail-sink.js';
import { startProgram } from '../dev/program.js';
import { createSupervisor } from '../dev/supervisor.js';
import { resolveTemporalCli } from '../dev/temporal-cli.js';
import { startTemporalDevServer } from '../dev/temporal-server.js';
import { resolveTemporalUiServer, startTemporalUi } from '../dev/temporal-ui.js';
import type { StateProfile } from '../domain/profiles/index.js';
import { seedDirectoryAt } from '../lib/directory/seed.js';
import { buildConsole } from './build-console.js';
import { NETWORK_DATABASE, type NetworkPlan, networkPlan, prepareNetwork } from './start-network.js';

const say = (line: string) => console.log(`» ${line}`);
const supervisor = createSupervisor({ say });
/** --network: UP and UK side by side (scripts/start-network.ts). */
const network = process.argv.includes('--network');

async function main(cfg: DevConfig) {
  const logs = join(cfg.dataDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    API_HOST: cfg.apiHost,
    API_PORT: String(cfg.apiPort),
  };
  env.IDENTITY_HASH_KEY ??= localSecret(cfg.dataDir, 'identityHashKey');
  env.ENCRYPTION_KEYS ??= `dev1:${localSecret(cfg.dataDir, 'encryptionKey')}`;
  env.AUDIT_CHAIN_KEY ||= localSecret(cfg.dataDir, 'auditChainKey');
  // One host name throughout: the console, the API and Temporal's UI are all on localhost, so
  // the session cookie (SameSite=Strict) set at sign-in goes with the UI's calls to the codec.
  const host = ['127.0.0.1', '0.0.0.0', '::1', '::'].includes(cfg.apiHost) ? 'localhost' : cfg.apiHost;
  const codecEndpoint = `http://${host}:${cfg.apiPort}/codec`;
  env.INTAKE_SMTP_PORT = String(cfg.intakeSmtpPort);
  // Locally: the sample alerts' sender domain, from this machine only (INTAKE_SMTP_ALLOWED_CLIENTS' default).
  env.INTAKE_SMTP_ALLOWED_SENDERS ??= '@example.org';

  if (cfg.temporalAddress) {
    say(`Using the Temporal server at ${cfg.temporalAddress}`);
    env.TEMPORAL_ADDRESS = cfg.temporalAddress;
  } else {
    const cli = await resolveTemporalCli(say);
    // Temporal's own UI server, so an auditor's session reaches the codec; else the CLI's built-in UI.
    const uiServer = await resolveTemporalUiServer(say).catch(
      (error) => void say(`Temporal UI server unavailable (${error}); using the CLI's UI`),
    );
    say(
      `Starting the Temporal dev server (${cli.kind === 'path' ? `${cli.path}, from ${cli.from}` : 'downloaded by the SDK'})`,
    );
    const server = await startTemporalDevServer({
      cli,
      port: cfg.temporalPort,
      uiPort: uiServer ? undefined : cfg.temporalUiPort,
      dbFile: join(cfg.dataDir, 'temporal', 'temporal.db'),
      logFile: join(logs, 'temporal.log'),
      codecEndpoint: uiServer ? undefined : codecEndpoint,
    });
    supervisor.add({ name: 'Temporal', stage: 2, stop: server.stop, pid: server.pid, kill: server.kill });
    env.TEMPORAL_ADDRESS = server.address;
    env.TEMPORAL_UI_URL ??= server.uiUrl ?? '';
    if (uiServer) {
      const ui = await startTemporalUi({
        binary: uiServer,
        temporalAddress: server.address,
        port: cfg.temporalUiPort,
        codecEndpoint,
        dir: join(cfg.dataDir, 'temporal-ui'),
        logFile: join(logs, 'temporal-ui.log'),
      });
      supervisor.add({
        name: 'Temporal UI',
        stage: 1,
        stop: ui.stop,
        pid: () => ui.child.pid,
        kill: () => void ui.child.kill('SIGKILL'),
      });
      env.TEMPORAL_UI_URL = ui.url;
    }
  }

  if (cfg.databaseUrl && network) throw new Error('--network needs the embedded PostgreSQL: unset DATABASE_URL');
  if (cfg.databaseUrl) {
    say('Using the PostgreSQL at DATABASE_URL');
    env.DATABASE_URL = cfg.databaseUrl;
  } else {
    say(`Starting the embedded PostgreSQL on port ${cfg.embeddedPgPort}`);
    const pg = await startEmbeddedPostgres({
      dir: join(cfg.dataDir, 'postgres'),
      port: cfg.embeddedPgPort,
      databases: network ? ['jeevan', NETWORK_DATABASE] : ['jeevan'],
      log: say,
    });
    supervisor.add({ name: 'PostgreSQL', stage: 3, stop: pg.stop, pid: pg.pid, kill: pg.kill });
    // Migrations as the owner; the API and worker as the restricted role (db/app-role.ts).
    env.MIGRATION_DATABASE_URL = pg.url('jeevan');
    env.DATABASE_URL = pg.appUrl('jeevan');
  }
  say('Applying database migrations');
  await runMigrations(env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL, {
    appRole: appRoleOf(env.DATABASE_URL, env.MIGRATION_DATABASE_URL),
  });
  if (await seedDirectoryAt(env.DATABASE_URL, profile.code))
    say(
      `Loaded the example directory (domain/profiles/${profile.code}/directory/, example.org addresses) into the empty directory`,
    );
  const firstRun = await noUsersYet(env.DATABASE_URL);

  let mailWhere: string;
  if (cfg.smtpUrl) {
    env.SMTP_URL = cfg.smtpUrl;
    mailWhere = 'the SMTP server at SMTP_URL';
  } else {
    const sink = await startMailSink({ port: cfg.mailSinkSmtpPort, dir: join(cfg.dataDir, 'mail') });
    const page = await serveMailbox(sink, cfg.mailSinkHttpPort);
    supervisor.add({
      name: 'mailbox',
      stage: 1,
      stop: () => Promise.all([sink.close(), new Promise((r) => page.close(r))]),
      kill: () => page.closeAllConnections(),
    });
    env.SMTP_URL = sink.url;
    mailWhere = `http://${host}:${cfg.mailSinkHttpPort} (and .eml files in ${join(cfg.dataDir, 'mail')})`;
  }

  let plan: NetworkPlan | undefined;
  if (network) {
    const pgPort = cfg.embeddedPgPort;
    plan = networkPlan(env, {
      host,
      apiPort: cfg.apiPort,
      ukDatabaseUrl: env.DATABASE_URL.replace(/\/jeevan(\?|$)/, `/${NETWORK_DATABASE}$1`),
      ukMigrationUrl: env.MIGRATION_DATABASE_URL?.replace(/\/jeevan(\?|$)/, `/${NETWORK_DATABASE}$1`),
      secret: (name) => localSecret(cfg.dataDir, name),
    });
    say(`--network: a UK instance beside this UP one (PostgreSQL ${pgPort}, database ${NETWORK_DATABASE})`);
    await prepareNetwork(plan, say);
  }

  say('Building the operator console');
  await buildConsole();

  const instances: [string, Record<string, string>][] = plan
    ? [
        ['', plan.up],
        ['-uk', plan.uk],
      ]
    : [['', env]];
  for (const [suffix, programEnv] of instances) {
    for (const name of ['worker', 'api']) {
      const program = startProgram({
        name: `${name}${suffix}`,
        entry: `${name}/${name === 'api' ? 'server' : 'main'}.ts`,
        env: programEnv,
        logFile: join(logs, `${name}${suffix}.log`),
        say,
      });
      supervisor.add({ ...program, stage: 0 });
    }
  }

  const api = `http://${host}:${cfg.apiPort}`;
  await waitForReady(
    `http://${cfg.apiHost.includes(':') ? `[${cfg.apiHost}]` : cfg.apiHost}:${cfg.apiPort}/health/ready`,
  );
  if (plan) await waitForReady(`http://${host}:${plan.ukApiPort}/health/ready`);
  console.log(
    [
      '',
      'Jeevan is running.',
      ...banner([
        ['State', `${profile.name.en} (${profile.code}), e-mails and console in ${profile.languages.join(' and ')}`],
        ['Console', `${api}/console/`],
        ['API', api],
        ['API docs', `${api}/docs`],
        ['Health', `${api}/health`],
        ['Temporal UI', env.TEMPORAL_UI_URL || '(external Temporal: see its own UI)'],
        ['Alert e-mail', `smtp://${host}:${cfg.intakeSmtpPort}  (mail an alert in: see the README)`],
        ['Escalation e-mails', mailWhere],
        ['Logs', logs],
        ...(plan
          ? ([
              ['UK console', `http://${host}:${plan.ukApiPort}/console/`],
              ['UK API', `http://${host}:${plan.ukApiPort}`],
              ['Network', 'UP and UK are peers: transfer a UP case to UK and watch it come back'],
            ] as [string, string][])
          : []),
      ]),
      ...(firstRun
        ? ['No one can sign in yet: create the first admin with  npm run admin -- create-admin <username>']
        : []),
      ...(plan
        ? [
            `The UK instance has its own users: run the admin command with DATABASE_URL=${plan.uk.MIGRATION_DATABASE_URL ?? plan.uk.DATABASE_URL}`,
            `  and AUDIT_CHAIN_KEY set to uk.auditChainKey of ${join(cfg.dataDir, 'secrets.json')}`,
          ]
        : []),
      'Ctrl-C stops everything; the data stays in the data folder for the next start.',
      '',
    ].join('\n'),
  );
  // --demo: a synthetic period of alerts through the real API (scripts/generate.ts), in the background.
  if (process.argv.includes('--demo')) startDemo(env, join(logs, 'generate.log'));
}

/** Label and value rows, aligned: `  Console             http://…`. */
const banner = (rows: [string, string][]) => rows.map(([label, value]) => `  ${label.padEnd(19)} ${value}`);

function startDemo(env: Record<string, string>, logFile: string) {
  say(`Demo: generating a synthetic period of alerts through the API (progress in ${logFile})`);
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/generate.ts', '--demo'], {
    env,
    stdio: ['ignore', out, out],
  });
  child.on('exit', (code) =>
    say(code === 0 ? 'Demo data generated: see /reports' : `Demo generator stopped (exit ${code}); see ${logFile}`),
  );
  supervisor.add({
    name: 'demo generator',
    stage: 0,
    stop: async () => void child.kill('SIGTERM'),
    pid: () => child.pid,
    kill: () => void child.kill('SIGKILL'),
  });
}

async function noUsersYet(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM users LIMIT 1')).rowCount === 0;
  } finally {
    await client.end();
  }
}

/** A secret generated on first start and kept in the data folder (development only; production sets it). */
function localSecret(dataDir: string, name: string): string {
  const file = join(dataDir, 'secrets.json');
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!secrets[name]) {
    secrets[name] = randomBytes(32).toString('base64');
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets[name];
}

async function waitForReady(url: string) {
  const deadline = Date.now() + 90_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = JSON.stringify(await res.json());
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  say(`warning: the API did not report ready within 90 s (last answer: ${last}); see the logs`);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => supervisor.onSignal());

/**
 * `--state UK`: an instance of that state (JEEVAN_STATE, its profile's districts, names and
 * e-mails). A state other than UP keeps its own data under data/<code>/ unless JEEVAN_DATA_DIR says.
 */
function selectState(): void {
  const at = process.argv.indexOf('--state');
  if (at < 0) return;
  const code = process.argv[at + 1] ?? '';
  process.env.JEEVAN_STATE = code.toUpperCase();
  if (process.env.JEEVAN_STATE !== 'UP') process.env.JEEVAN_DATA_DIR ??= join('data', process.env.JEEVAN_STATE);
}

let cfg: DevConfig;
let profile: StateProfile;
try {
  selectState();
  profile = readStateProfile();
  cfg = readDevConfig();
} catch (error) {
  exitOnConfigError(error);
}
main(cfg).catch(async (error) => {
  console.error(`start failed: ${error instanceof Error ? error.message : String(error)}`);
  await supervisor.shutdown(1);
});
