// Runs Temporal's production server (the same version as the dev server) on PostgreSQL,
// for local runs, the fault tests and the benchmarks: schemas, config, the process, the
// `default` namespace and Jeevan's search attributes. Returns what startTemporalDevServer does.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { ALL_SEARCH_ATTRIBUTES } from '../contract/search-attributes.js';
import { freePorts } from './free-ports.js';
import {
  setupTemporalSchemas,
  type TemporalDatabases,
  type TemporalPorts,
  writeServerConfig,
} from './temporal-pg-config.js';
import { type DevServer, stopChild } from './temporal-server.js';
import type { TemporalServerBinaries } from './temporal-server-binaries.js';

export interface PgServerOptions {
  binaries: Pick<TemporalServerBinaries, 'server' | 'sqlTool'>;
  /** Any database URL on the PostgreSQL server; its user must be allowed to create databases. */
  pgUrl: string;
  /** Defaults: temporal, temporal_visibility (as in docker-compose.yml). */
  databases?: TemporalDatabases;
  /** Frontend gRPC port. */
  port: number;
  /** Config files live here; the other services' ports are chosen free at each start. */
  dir: string;
  logFile: string;
  /** Fixed once the cluster first starts. */
  numHistoryShards?: number;
  namespace?: string;
  /** Extra dynamic config (key → value), on top of the defaults below. */
  dynamicConfig?: Record<string, unknown>;
  log?: (line: string) => void;
}

/** Defaults as the Temporal CLI's dev server sets them, so both topologies behave alike. */
const DEFAULT_DYNAMIC_CONFIG: Record<string, unknown> = {
  'frontend.enableUpdateWorkflowExecution': true,
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted': true,
  // Search attributes usable the moment they are registered (the dev server does the same).
  'system.forceSearchAttributesCacheRefreshOnRead': true,
  'frontend.persistenceMaxQPS': 10_000,
  'history.persistenceMaxQPS': 45_000,
  'limit.maxIDLength': 255,
  // A step's record activity goes straight back to the worker that scheduled it, not through matching.
  'system.enableActivityEagerExecution': true,
};

const INDEXED_VALUE_TYPE: Record<string, number> = {
  TEXT: 1,
  KEYWORD: 2,
  INT: 3,
  DOUBLE: 4,
  BOOL: 5,
  DATETIME: 6,
  KEYWORD_LIST: 7,
};

export async function startTemporalPgServer(opts: PgServerOptions): Promise<DevServer> {
  const log = opts.log ?? (() => {});
  const dbs = opts.databases ?? { history: 'temporal', visibility: 'temporal_visibility' };
  const namespace = opts.namespace ?? 'default';
  const address = `127.0.0.1:${opts.port}`;
  await setupTemporalSchemas(opts.binaries.sqlTool, opts.pgUrl, dbs, log);
  writeServerConfig({
    dir: opts.dir,
    adminUrl: opts.pgUrl,
    dbs,
    ports: await servicePorts(opts.port),
    numHistoryShards: opts.numHistoryShards ?? 4,
    dynamicConfig: { ...DEFAULT_DYNAMIC_CONFIG, ...opts.dynamicConfig },
  });

  mkdirSync(dirname(opts.logFile), { recursive: true });
  const out = createWriteStream(opts.logFile, { flags: 'a' });
  const child = spawn(
    opts.binaries.server,
    ['--root', opts.dir, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const stop = () => stopChild(child);
  try {
    const connection = await connectWhenServing(address, () => exited, opts.logFile);
    try {
      await ensureNamespace(connection, namespace);
      await ensureSearchAttributes(connection, namespace);
    } finally {
      await connection.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  log(`Temporal server on PostgreSQL serving on ${address} (databases ${dbs.history}, ${dbs.visibility})`);
  return { address, stop, exited: () => exited };
}

/** Ports for the other services; each start picks new ones, the frontend keeps its port. */
async function servicePorts(frontend: number): Promise<TemporalPorts> {
  const [frontendHttp, history, matching, worker] = await freePorts(4);
  // Membership ports are stored in a smallint column: keep them below 32768.
  const [frontendMembership, h, m, w] = await freePorts(4, [20_000, 32_000]);
  return {
    frontend,
    frontendHttp,
    others: { frontendMembership, history: [history, h], matching: [matching, m], worker: [worker, w] },
  };
}

async function connectWhenServing(address: string, exited: () => boolean, logFile: string): Promise<Connection> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`Temporal server exited during start; see ${logFile}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return connection;
      } catch (error) {
        await connection.close();
        throw error;
      }
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`Temporal server did not answer on ${address} within 90 s; see ${logFile}`);
}

const grpcCode = (error: unknown) => (error as { code?: number }).code;

/** A namespace with Jeevan's search attributes, registered if missing, ready for queries (any Temporal server). */
export async function prepareNamespace(connection: Connection, namespace: string): Promise<void> {
  await ensureNamespace(connection, namespace);
  await ensureSearchAttributes(connection, namespace);
}

async function ensureNamespace(connection: Connection, namespace: string): Promise<void> {
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('3 days'),
    });
  } catch (error) {
    if (grpcCode(error) !== 6 /* ALREADY_EXISTS */) throw error;
  }
}

/** Registers what is missing, then waits until a query naming every attribute is accepted. */
async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  const probe = ALL_SEARCH_ATTRIBUTES.map(
    (k) => `${k.name} ${k.type === 'INT' ? '= 0' : k.type === 'BOOL' ? '= false' : "= 'x'"}`,
  ).join(' AND ');
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      // A new namespace reaches the frontend's cache within seconds; until then this fails.
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const missing = ALL_SEARCH_ATTRIBUTES.filter((k) => !customAttributes?.[k.name]);
      if (missing.length > 0) {
        await connection.operatorService.addSearchAttributes({
          namespace,
          searchAttributes: Object.fromEntries(missing.map((k) => [k.name, INDEXED_VALUE_TYPE[k.type]])),
        });
      }
      await connection.workflowService.countWorkflowExecutions({ namespace, query: probe });
      return;
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(
    `namespace ${namespace} or its search attributes not ready within 60 s: ${last instanceof Error ? last.message : String(last)}`,
  );
}
