// One topology brought up for the bench, from the same pieces `npm start`, the tests and the
// fault suite use (dev/): an embedded PostgreSQL, Temporal (the CLI's dev server on SQLite,
// or Temporal's own server on that PostgreSQL), an SMTP clock, and as child processes the
// case worker, the API (twice: one with long deadlines, one whose cases escalate within
// seconds), the baseline worker and a bare Fastify server.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { EscalationPolicy } from '../contract/policy.js';
import { connectDb, type DbHandle } from '../db/client.js';
import { runMigrations } from '../db/migrate.js';
import { startEmbeddedPostgres } from '../dev/embedded-postgres.js';
import { freePorts } from '../dev/free-ports.js';
import { INTAKE_DESK } from '../dev/http-client.js';
import { people } from '../dev/people.js';
import type { CliSource } from '../dev/temporal-cli.js';
import { startTemporalPgServer } from '../dev/temporal-pg-server.js';
import { type DevServer, startTemporalDevServer } from '../dev/temporal-server.js';
import type { TemporalServerBinaries } from '../dev/temporal-server-binaries.js';
import { seedDirectoryIfEmpty } from '../lib/directory/seed.js';
import { type CpuGroup, childrenOf, findProcess } from './cpu.js';
import { type Program, program } from './programs.js';
import { type SmtpClock, startSmtpClock } from './smtp-clock.js';

export type Topology = 'dev' | 'postgres';

export interface WorkerTuning {
  maxCachedWorkflows: number;
  maxConcurrentActivities: number;
  maxConcurrentWorkflowTasks: number;
}

export interface StackOptions {
  topology: Topology;
  scratch: string;
  logDir: string;
  cli: CliSource;
  server?: TemporalServerBinaries;
  caseBundle: string;
  baselineBundle: string;
  tuning: WorkerTuning;
  /** Cases opened through `api`: deadlines far beyond the run, so they stay quiet. */
  quietPolicy: EscalationPolicy;
  /** Cases opened through `latenessApi`: the first escalation due within seconds. */
  escalatingPolicy: EscalationPolicy;
  historyShards: number;
  log: (line: string) => void;
}

export interface BenchStack {
  topology: Topology;
  db: DbHandle;
  /** A second pool for opening cases in bulk in the bench's own process (bench/drivers.ts). */
  intakeDb: DbHandle;
  /** What the API process is given: the case task queue, ENCRYPTION_KEYS and IDENTITY_HASH_KEY. */
  taskQueue: string;
  encryptionKeys: string;
  identityKey: string;
  /** Temporal client without Jeevan's codec: the baselines' own. */
  client: Client;
  temporalAddress: string;
  baselineTaskQueue: string;
  smtp: SmtpClock;
  apiUrl: string;
  latenessApiUrl: string;
  bareUrl: string;
  /** Bearer token of an SMC operator. */
  token: string;
  /** `jeevan_session=…` of the same operator, signed in as the console does. */
  sessionCookie: string;
  /** The bare HTTP process: its fair floors (/list, /one/:id, /step/:id). */
  bareBase: string;
  worker: Program;
  baselineWorker: Program;
  cpuGroups: CpuGroup[];
  /** Bytes Temporal keeps for this run: the SQLite file, or its two PostgreSQL databases. */
  temporalStorageBytes(): Promise<number>;
  versions: { temporalServer: string; postgres: string };
  /**
   * One more API process for a scenario's own policy (the scripted shift's compressed default policy), counted in the
   * api CPU group; stopped by the returned stop() or with the stack.
   */
  startApi(name: string, policy: EscalationPolicy): Promise<{ url: string; stop(): Promise<void> }>;
  close(): Promise<void>;
}

const here = resolve(import.meta.dirname);
const TEMPORAL_DBS = { history: 'temporal_bench', visibility: 'temporal_bench_visibility' };

export async function startBenchStack(opts: StackOptions): Promise<BenchStack> {
  const cleanups: (() => Promise<unknown>)[] = [];
  const close = async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  };
  try {
    return await bringUp(opts, cleanups, close);
  } catch (error) {
    await close();
    throw error;
  }
}

async function bringUp(
  opts: StackOptions,
  cleanups: (() => Promise<unknown>)[],
  close: () => Promise<void>,
): Promise<BenchStack> {
  const { topology, scratch, logDir, log } = opts;
  mkdirSync(logDir, { recursive: true });
  const [pgPort, temporalPort, apiPort, latenessPort, barePort] = await freePorts(5);

  const pgDir = join(scratch, `pg-${topology}`);
  mkdirSync(pgDir, { recursive: true });
  chmodSync(scratch, 0o755);
  chmodSync(pgDir, 0o755); // the embedded PostgreSQL runs as its own system user under root
  const pgServer = await startEmbeddedPostgres({ dir: pgDir, port: pgPort, databases: ['jeevan'], log });
  cleanups.push(() => pgServer.stop());
  const dbUrl = pgServer.url('jeevan');
  await runMigrations(dbUrl);
  const db = connectDb(dbUrl, { max: 20, application: 'jeevan-bench' });
  cleanups.push(() => db.close());
  await seedDirectoryIfEmpty(db.db);
  const intakeDb = connectDb(dbUrl, { max: 40, application: 'jeevan-bench-intake' });
  cleanups.push(() => intakeDb.close());
  const postmaster = Number(readFileSync(join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

  let temporal: DevServer;
  let temporalPid: number | undefined;
  const temporalDir = join(scratch, `temporal-${topology}`);
  const temporalDb = join(temporalDir, 'temporal.db');
  if (topology === 'postgres') {
    if (!opts.server) throw new Error('the postgres topology needs the Temporal server binaries');
    temporal = await startTemporalPgServer({
      binaries: opts.server,
      pgUrl: pgServer.url('postgres'),
      databases: TEMPORAL_DBS,
      port: temporalPort,
      dir: temporalDir,
      logFile: join(logDir, 'temporal.log'),
      numHistoryShards: opts.historyShards,
      log,
    });
    temporalPid = findProcess(['--root', temporalDir]);
  } else {
    if (opts.cli.kind !== 'path')
      throw new Error('the bench needs a Temporal CLI binary (TEMPORAL_CLI_PATH, PATH or the cache)');
    temporal = await startTemporalDevServer({
      cli: opts.cli,
      port: temporalPort,
      dbFile: temporalDb,
      logFile: join(logDir, 'temporal.log'),
    });
    temporalPid = findProcess(['--port', String(temporalPort)]);
  }
  cleanups.push(() => temporal.stop());

  const smtp = await startSmtpClock();
  cleanups.push(() => smtp.close());
  const connection = await Connection.connect({ address: temporal.address });
  cleanups.push(() => connection.close());
  const client = new Client({ connection });

  const id = randomBytes(3).toString('hex');
  const taskQueue = `bench-cases-${id}`;
  const baselineTaskQueue = `bench-baseline-${id}`;
  const encryptionKeys = `bench:${randomBytes(32).toString('base64')}`;
  const tuningEnv = {
    WORKER_MAX_CACHED_WORKFLOWS: String(opts.tuning.maxCachedWorkflows),
    WORKER_MAX_CONCURRENT_ACTIVITIES: String(opts.tuning.maxConcurrentActivities),
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: String(opts.tuning.maxConcurrentWorkflowTasks),
  };
  const common = {
    DATABASE_URL: dbUrl,
    // The audit log's chain key, required since the chain is keyed (lib/stores/audit-chain.ts).
    AUDIT_CHAIN_KEY: randomBytes(32).toString('base64'),
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    ENCRYPTION_KEYS: encryptionKeys,
    LOG_LEVEL: 'warn',
  };
  const worker = program({
    name: 'worker',
    entry: join(here, 'worker-process.ts'),
    logDir,
    env: {
      ...common,
      ...tuningEnv,
      SMTP_URL: smtp.url,
      JEEVAN_WORKFLOW_BUNDLE: opts.caseBundle,
      MAIL_FROM: 'Jeevan Bench <bench@jeevan.invalid>',
    },
  });
  const baselineWorker = program({
    name: 'baseline-worker',
    entry: join(here, 'baselines', 'worker-process.ts'),
    logDir,
    env: {
      ...tuningEnv,
      TEMPORAL_ADDRESS: temporal.address,
      BENCH_BASELINE_TASK_QUEUE: baselineTaskQueue,
      BENCH_BASELINE_BUNDLE: opts.baselineBundle,
      DATABASE_URL: dbUrl,
      SMTP_URL: smtp.url,
    },
  });
  const identityKey = randomBytes(32).toString('hex');
  // The API as the fault suite runs it (test/faults/api-process.ts): api/server.ts's wiring with a fixed policy.
  const apiEnv = (port: number, policy: EscalationPolicy, app: string) => ({
    ...common,
    IDENTITY_HASH_KEY: identityKey,
    API_HOST: '127.0.0.1',
    API_PORT: String(port),
    OUTBOX_INTERVAL_MS: '500',
    // One load generator makes every request as one identity: the limit is not what is measured.
    RATE_LIMIT_PER_MINUTE: '1000000',
    // The per-address limit too: every request comes from 127.0.0.1, and reading makes thousands a second.
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '10000000',
    JEEVAN_FAULT_POLICY: JSON.stringify(policy),
    JEEVAN_DB_APPLICATION: app,
  });
  const apiEntry = resolve(here, '..', 'test', 'faults', 'api-process.ts');
  const api = program({
    name: 'api',
    entry: apiEntry,
    logDir,
    env: apiEnv(apiPort, opts.quietPolicy, 'jeevan-bench-api'),
  });
  const latenessApi = program({
    name: 'api-lateness',
    entry: apiEntry,
    logDir,
    env: apiEnv(latenessPort, opts.escalatingPolicy, 'jeevan-bench-api-lateness'),
  });
  const bare = program({
    name: 'bare-http',
    entry: join(here, 'baselines', 'bare-http.ts'),
    logDir,
    env: { BENCH_BARE_PORT: String(barePort), DATABASE_URL: dbUrl, TEMPORAL_ADDRESS: temporal.address },
  });
  const programs = [worker, baselineWorker, api, latenessApi, bare];
  cleanups.push(...programs.map((p) => () => p.stop()));
  // Two at a time: five TypeScript programs starting at once would crowd two cores.
  await Promise.all([worker.start(), baselineWorker.start()]);
  await Promise.all([api.start(), latenessApi.start(), bare.start()]);

  const token = await people(db.db)(INTAKE_DESK);
  // The same person signed in as the console does: a session cookie (dev/people.ts sets the password).
  const login = await fetch(`http://127.0.0.1:${apiPort}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: INTAKE_DESK.id, password: 'fault-test-password' }),
  });
  const sessionCookie = /jeevan_session=[^;]+/.exec(login.headers.getSetCookie().join('\n'))?.[0];
  if (!sessionCookie) throw new Error(`bench: signing in for a session failed (${login.status})`);
  const one = (p: Program) => () => (p.pid ? [p.pid] : []);
  const apis: Program[] = [api, latenessApi];
  const cpuGroups: CpuGroup[] = [
    { name: 'api', pids: () => apis.flatMap((p) => one(p)()) },
    { name: 'worker', pids: one(worker) },
    { name: 'temporal', pids: () => (temporalPid ? [temporalPid] : []) },
    { name: 'postgres', pids: () => [postmaster, ...childrenOf(postmaster)], withReapedChildren: true },
    { name: 'baseline-worker', pids: one(baselineWorker) },
    { name: 'bare-http', pids: one(bare) },
    { name: 'bench', pids: () => [process.pid] },
  ];

  const pgVersion = (await db.pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0].v;
  const { serverVersion } = await connection.workflowService.getSystemInfo({});
  return {
    topology,
    db,
    intakeDb,
    taskQueue,
    encryptionKeys,
    identityKey,
    client,
    temporalAddress: temporal.address,
    baselineTaskQueue,
    smtp,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    latenessApiUrl: `http://127.0.0.1:${latenessPort}`,
    bareUrl: `http://127.0.0.1:${barePort}/bare`,
    bareBase: `http://127.0.0.1:${barePort}`,
    token,
    sessionCookie,
    worker,
    baselineWorker,
    cpuGroups,
    async temporalStorageBytes() {
      if (topology === 'postgres') {
        const { rows } = await db.pool.query<{ n: string }>(
          'SELECT sum(pg_database_size(datname))::bigint AS n FROM pg_database WHERE datname = ANY($1)',
          [[TEMPORAL_DBS.history, TEMPORAL_DBS.visibility]],
        );
        return Number(rows[0].n);
      }
      let bytes = 0;
      for (const suffix of ['', '-wal', '-shm']) {
        try {
          bytes += statSync(temporalDb + suffix).size;
        } catch {
          // not there (yet)
        }
      }
      return bytes;
    },
    versions: { temporalServer: serverVersion ?? 'unknown', postgres: pgVersion },
    async startApi(name, policy) {
      const [port] = await freePorts(1);
      const extra = program({ name, entry: apiEntry, logDir, env: apiEnv(port, policy, `jeevan-bench-${name}`) });
      cleanups.push(() => extra.stop());
      apis.push(extra);
      await extra.start();
      return { url: `http://127.0.0.1:${port}`, stop: () => extra.stop() };
    },
    close,
  };
}
