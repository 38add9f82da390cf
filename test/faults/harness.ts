// One running system of the fault suite's and the soak's own: its database, mail sink, task
// queue, a worker and an API as child processes it can kill, and (when the caller restarts
// them) its own Temporal server and PostgreSQL of the run's topology, optionally reached
// through TCP proxies the caller can pause. No vitest here: the fault tests reach it through
// stack.ts (the run's context from vitest's inject), the soak (test/soak/) directly.
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { readKeyring } from '../../config/index.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import { connectDb, type DbHandle } from '../../db/client.js';
import { runMigrations } from '../../db/migrate.js';
import { APP_ROLE, startEmbeddedPostgres } from '../../dev/embedded-postgres.js';
import { freePorts } from '../../dev/free-ports.js';
import { type HttpClient, httpClient, INTAKE_DESK } from '../../dev/http-client.js';
import { type MailSink, startMailSink } from '../../dev/mail-sink.js';
import { people } from '../../dev/people.js';
import { prepareNamespace, startTemporalPgServer } from '../../dev/temporal-pg-server.js';
import { type DevServer, startTemporalDevServer } from '../../dev/temporal-server.js';
import { type CaseClient, caseClient } from '../../lib/temporal/case-client.js';
import { dataConverter } from '../../lib/temporal/codec.js';
import { type ChildProgram, childProgram } from './child-program.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

/** What a stack needs from the run around it (the fault suite's global setup, or the soak). */
export interface StackContext {
  topology: 'dev' | 'postgres';
  /** Where each stack's folder of logs goes. */
  resultsDir: string;
  /** The run's shared Temporal server and PostgreSQL (used unless the stack starts its own). */
  temporalAddress: string;
  pgAdminUrl: string;
  workflowBundlePath: string;
  temporalCliPath: string;
  temporalServerPath: string;
  temporalSqlToolPath: string;
  /** A fresh migrated database on the shared PostgreSQL, for stacks without their own. */
  createDb?: () => Promise<DbHandle & { url: string; owner?: (sql: string) => Promise<unknown> }>;
}

export interface StackOptions {
  /** A short name: the folder of this stack's logs under the context's results folder. */
  name: string;
  policy: EscalationPolicy;
  /** Its own Temporal server, restartable; otherwise the run's shared one. */
  ownTemporal?: boolean;
  /** Its own PostgreSQL, restartable. In the postgres topology its Temporal then runs on it too. */
  ownPostgres?: boolean;
  /** The API reaches Temporal through a proxy the test can pause. */
  proxyApiToTemporal?: boolean;
  /** The worker and the API reach PostgreSQL through one proxy (dbProxy), Temporal through another (temporalProxy). */
  proxyNetwork?: boolean;
  /** The API also listens for alert e-mails (its SMTP intake), at Stack.intakeSmtpPort. */
  intakeSmtp?: boolean;
  /** A Temporal namespace of its own (registered with Jeevan's search attributes); default 'default'. */
  namespace?: string;
  /** The API's port, chosen before the stack starts (another stack's settings may name it). */
  apiPort?: number;
  /** More settings for both programs (e.g. JEEVAN_STATE, JEEVAN_PEERS). */
  env?: Record<string, string>;
}

export interface Restartable {
  stop(): Promise<void>;
  start(): Promise<void>;
  /** False once the process has exited by itself (not stopped by the harness), when that can be told. */
  alive?(): boolean;
}

export interface Crashable extends Restartable {
  /** SIGKILL, no shutdown: the next start() recovers from the crash. */
  crash(): Promise<void>;
}

export interface Stack {
  topology: 'dev' | 'postgres';
  policy: EscalationPolicy;
  logDir: string;
  db: DbHandle & { url: string };
  mail: MailSink;
  temporalAddress: string;
  client: Client;
  cases: CaseClient;
  taskQueue: string;
  /** ENCRYPTION_KEYS of the stack's worker, API and client. */
  encryptionKeys: string;
  worker: ChildProgram;
  /** Database application name of the current worker's connections. */
  workerApp: string;
  api: ChildProgram;
  apiApp: string;
  http: HttpClient;
  temporal?: Restartable;
  postgres?: Crashable;
  apiProxy?: TcpProxy;
  /** With proxyNetwork: between the worker and API and PostgreSQL, and Temporal. */
  dbProxy?: TcpProxy;
  temporalProxy?: TcpProxy;
  /** With intakeSmtp: the API's alert e-mail listener. */
  intakeSmtpPort?: number;
  /** Ends a dead program's database sessions, as the kernel closing its sockets eventually would. */
  terminateSessions(application: string): Promise<number>;
  /** Sessions of a program waiting on a lock right now. */
  lockWaiters(application: string): Promise<number>;
  close(): Promise<void>;
}

export async function startStackIn(ctx: StackContext, opts: StackOptions): Promise<Stack> {
  const topology = ctx.topology;
  const logDir = join(ctx.resultsDir, opts.name);
  mkdirSync(logDir, { recursive: true });
  chmodSync(logDir, 0o755);
  const cleanups: (() => Promise<unknown>)[] = [];
  const id = randomBytes(4).toString('hex');
  const [pgPort, temporalPort, freeApiPort, intakeSmtpPort] = await freePorts(4);
  const apiPort = opts.apiPort ?? freeApiPort;
  const namespace = opts.namespace ?? 'default';

  let postgres: Crashable | undefined;
  let db: DbHandle & { url: string; owner?: (sql: string) => Promise<unknown> };
  let pgAdminUrl = ctx.pgAdminUrl;
  if (opts.ownPostgres) {
    // Its data in a scratch folder (the embedded server runs as its own system user), not among the logs.
    const dataDir = mkdtempSync(join(tmpdir(), 'jeevan-fault-pg-'));
    chmodSync(dataDir, 0o755);
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const start = () => startEmbeddedPostgres({ dir: join(dataDir, 'pg'), port: pgPort, databases: ['jeevan'] });
    let server = await start();
    let up = true;
    const pgDir = join(dataDir, 'pg');
    postgres = {
      async stop() {
        await server.stop();
        up = false;
      },
      async start() {
        server = await start();
        up = true;
      },
      async crash() {
        await killPostgres(pgDir, server.pid());
        up = false;
      },
    };
    cleanups.push(async () => up && server.stop());
    pgAdminUrl = server.url('postgres');
    await runMigrations(server.url('jeevan'), { appRole: APP_ROLE });
    db = {
      ...connectDb(server.url('jeevan'), { max: 10, application: 'jeevan-fault-test' }),
      url: server.url('jeevan'),
    };
    cleanups.push(() => db.close());
  } else {
    if (!ctx.createDb) throw new Error('a stack without its own PostgreSQL needs the context to create its database');
    db = await ctx.createDb();
    cleanups.push(() => db.close());
  }

  // Case numbers (and so workflow IDs) of this stack's own: stacks share one Temporal namespace.
  await (db.owner ?? ((q: string) => db.pool.query(q)))(
    `ALTER SEQUENCE case_number_seq RESTART WITH ${randomInt(1_000_000, 1_000_000_000)}`,
  );

  let temporalAddress = ctx.temporalAddress;
  let temporal: Restartable | undefined;
  if (opts.ownTemporal || (opts.ownPostgres && topology === 'postgres')) {
    const startServer = (): Promise<DevServer> =>
      topology === 'postgres'
        ? startTemporalPgServer({
            binaries: { server: ctx.temporalServerPath, sqlTool: ctx.temporalSqlToolPath },
            pgUrl: pgAdminUrl,
            databases: { history: `temporal_${id}`, visibility: `temporal_${id}_visibility` },
            port: temporalPort,
            dir: join(logDir, 'temporal'),
            logFile: join(logDir, 'temporal.log'),
          })
        : startTemporalDevServer({
            cli: { kind: 'path', path: ctx.temporalCliPath, from: 'TEMPORAL_CLI_PATH' },
            port: temporalPort,
            dbFile: join(logDir, 'temporal.db'),
            logFile: join(logDir, 'temporal.log'),
          });
    let server: DevServer | undefined = await startServer();
    temporalAddress = server.address;
    temporal = {
      async stop() {
        await server?.stop();
        server = undefined;
      },
      async start() {
        server = await startServer();
      },
      alive: () => server === undefined || !server.exited?.(),
    };
    // On the run's shared PostgreSQL (possibly DATABASE_URL's), Temporal's databases go with the stack.
    if (topology === 'postgres' && !opts.ownPostgres)
      cleanups.push(() => dropDatabases(pgAdminUrl, [`temporal_${id}`, `temporal_${id}_visibility`]));
    cleanups.push(() => temporal?.stop() ?? Promise.resolve());
  }

  const mail = await startMailSink();
  cleanups.push(() => mail.close());
  if (namespace !== 'default') {
    const admin = await Connection.connect({ address: temporalAddress, connectTimeout: 5000 });
    await prepareNamespace(admin, namespace).finally(() => admin.close());
  }
  const connection = Connection.lazy({ address: temporalAddress, connectTimeout: 2000 });
  cleanups.push(() => connection.close());
  // One key for the test's client, worker and API: all three read and write the same encrypted payloads.
  const encryptionKeys = `fault:${randomBytes(32).toString('base64')}`;
  const client = new Client({
    connection,
    namespace,
    dataConverter: dataConverter(readKeyring({ ENCRYPTION_KEYS: encryptionKeys })),
  });
  const taskQueue = `faults-${opts.name}-${id}`;
  const apiProxy = opts.proxyApiToTemporal ? await startTcpProxy(temporalAddress) : undefined;
  if (apiProxy) cleanups.push(() => apiProxy.close());
  const temporalProxy = opts.proxyNetwork ? await startTcpProxy(temporalAddress) : undefined;
  if (temporalProxy) cleanups.push(() => temporalProxy.close());
  const dbProxy = opts.proxyNetwork ? await startTcpProxy(`127.0.0.1:${new URL(db.url).port}`) : undefined;
  if (dbProxy) cleanups.push(() => dbProxy.close());
  /** The database and Temporal as the worker and the API reach them. */
  const programDbUrl = dbProxy ? withPort(db.url, dbProxy.address) : db.url;
  const programTemporal = temporalProxy?.address ?? temporalAddress;

  const workerApp = `jeevan-fault-worker-${id}`;
  const apiApp = `jeevan-fault-api-${id}`;
  const worker = childProgram({
    name: 'worker',
    logDir,
    env: {
      DATABASE_URL: programDbUrl,
      TEMPORAL_ADDRESS: programTemporal,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPORAL_NAMESPACE: namespace,
      SMTP_URL: mail.url,
      ENCRYPTION_KEYS: encryptionKeys,
      JEEVAN_WORKFLOW_BUNDLE: ctx.workflowBundlePath,
      JEEVAN_DB_APPLICATION: workerApp,
      ...opts.env,
    },
  });
  const api = childProgram({
    name: 'api',
    logDir,
    env: {
      DATABASE_URL: programDbUrl,
      TEMPORAL_ADDRESS: apiProxy?.address ?? programTemporal,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPORAL_NAMESPACE: namespace,
      IDENTITY_HASH_KEY: randomBytes(32).toString('hex'),
      ENCRYPTION_KEYS: encryptionKeys,
      API_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      OUTBOX_INTERVAL_MS: '500',
      // The load of a fault test comes from one client; the limit is not what is tested.
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
      JEEVAN_FAULT_POLICY: JSON.stringify(opts.policy),
      JEEVAN_DB_APPLICATION: apiApp,
      ...(opts.intakeSmtp
        ? {
            INTAKE_SMTP_PORT: String(intakeSmtpPort),
            INTAKE_SMTP_HOST: '127.0.0.1',
            INTAKE_SMTP_ALLOWED_SENDERS: '@example.org',
            INTAKE_SMTP_REQUIRE_TLS: 'false',
            INTAKE_SMTP_MAX_PER_MINUTE: '100000',
          }
        : {}),
      ...opts.env,
    },
  });
  cleanups.push(
    () => worker.kill(),
    () => api.kill(),
  );
  await Promise.all([worker.start(), api.start()]);

  // People sign in with API tokens.
  const tokenFor = people(db.db);
  await tokenFor(INTAKE_DESK); // before any test stops the database

  const sessions = async (application: string, where: string) =>
    (
      await db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND ${where}`,
        [application],
      )
    ).rows[0].n;
  return {
    topology,
    policy: opts.policy,
    logDir,
    db,
    mail,
    temporalAddress,
    client,
    cases: caseClient(client, { taskQueue }),
    taskQueue,
    encryptionKeys,
    worker,
    workerApp,
    api,
    apiApp,
    http: httpClient(`http://127.0.0.1:${apiPort}`, tokenFor),
    temporal,
    postgres,
    apiProxy,
    dbProxy,
    temporalProxy,
    intakeSmtpPort: opts.intakeSmtp ? intakeSmtpPort : undefined,
    terminateSessions: async (application) =>
      (
        await db.pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
          application,
        ])
      ).rowCount ?? 0,
    lockWaiters: (application) => sessions(application, `wait_event_type = 'Lock'`),
    async close() {
      for (const c of cleanups.reverse()) await c().catch(() => {});
    },
  };
}

async function dropDatabases(adminUrl: string, names: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** The URL with another host:port (a proxy's). */
function withPort(url: string, address: string): string {
  const u = new URL(url);
  u.host = address;
  return u.toString();
}

/**
 * PostgreSQL killed as `kill -9` kills it: the postmaster and every backend at once, no
 * checkpoint, no goodbye to clients. The next start runs crash recovery from the WAL.
 */
async function killPostgres(dataDir: string, postmaster: number | undefined): Promise<void> {
  let pid = postmaster;
  if (pid === undefined) {
    try {
      pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return; // not running
    }
  }
  const family = [pid, ...childrenOf(pid)];
  for (const p of family) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  // Until every one of them is gone: a new postmaster refuses to start while an old backend holds the shared memory.
  const deadline = Date.now() + 10_000;
  while (family.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Direct children of a process (Linux /proc). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}
