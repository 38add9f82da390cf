// Brings up, once per fault run, the topology named by JEEVAN_TOPOLOGY:
//   dev       Temporal's dev server (SQLite), as `npm start` and `npm test` run it;
//   postgres  Temporal's server built from go.temporal.io/server on PostgreSQL, as production runs it.
// Plus PostgreSQL (embedded unless DATABASE_URL is set) with a migrated template database
// and the prebuilt workflow bundle. Tests that restart Temporal or PostgreSQL start their
// own servers of the same topology (test/faults/stack.ts).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { runMigrations } from '../../db/migrate.js';
import { APP_ROLE, ensureAppRole, startEmbeddedPostgres } from '../../dev/embedded-postgres.js';
import { freePorts } from '../../dev/free-ports.js';
import { resolveTemporalCli } from '../../dev/temporal-cli.js';
import { startTemporalPgServer } from '../../dev/temporal-pg-server.js';
import { startTemporalDevServer } from '../../dev/temporal-server.js';
import { resolveTemporalServer } from '../../dev/temporal-server-binaries.js';
import { workflowBundleOptions } from '../../worker/create-worker.js';
import { recreateDatabase } from '../helpers/pg-admin.js';
import { withDatabase } from '../setup/global.js';

export type Topology = 'dev' | 'postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    topology: Topology;
    temporalServerPath: string;
    temporalSqlToolPath: string;
    /** Where each fault file writes its logs and its measured numbers. */
    faultsResultsDir: string;
  }
}

const TEMPLATE_DB = 'jeevan_faults_template';

export function topologyFromEnv(env = process.env): Topology {
  const value = env.JEEVAN_TOPOLOGY ?? 'dev';
  if (value !== 'dev' && value !== 'postgres')
    throw new Error(`Configuration error: JEEVAN_TOPOLOGY must be dev or postgres (got ${JSON.stringify(value)})`);
  return value;
}

export default async function setup(project: TestProject) {
  const topology = topologyFromEnv();
  const scratch = mkdtempSync(join(tmpdir(), `jeevan-faults-${topology}-`));
  chmodSync(scratch, 0o755); // the embedded PostgreSQL runs as its own system user
  const results = resolve('test-results', 'faults', topology);
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  const log = (line: string) => console.log(`[faults setup: ${topology}] ${line}`);
  const stops: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    const [pgPort, temporalPort] = await freePorts(2);
    let adminUrl = process.env.DATABASE_URL;
    if (!adminUrl) {
      const server = await startEmbeddedPostgres({ dir: join(scratch, 'pg'), port: pgPort, databases: [], log });
      stops.push(server.stop);
      adminUrl = server.url('postgres');
    }
    await recreateDatabase(adminUrl, TEMPLATE_DB);
    // As the suite's setup: owned by the admin role, used as the application's restricted role.
    await ensureAppRole(adminUrl);
    await runMigrations(withDatabase(adminUrl, TEMPLATE_DB), { appRole: APP_ROLE });

    const cli = await resolveTemporalCli(log);
    const binaries = topology === 'postgres' ? await resolveTemporalServer(log) : undefined;
    const temporal = binaries
      ? await startTemporalPgServer({
          binaries,
          pgUrl: adminUrl,
          databases: { history: 'temporal_faults', visibility: 'temporal_faults_visibility' },
          port: temporalPort,
          dir: join(scratch, 'temporal'),
          logFile: join(results, 'temporal-shared.log'),
          log,
        })
      : await startTemporalDevServer({ cli, port: temporalPort, logFile: join(results, 'temporal-shared.log') });
    const pgUrl = adminUrl;
    stops.push(async () => {
      await temporal.stop();
      // On the PostgreSQL of DATABASE_URL, leave nothing behind.
      if (process.env.DATABASE_URL)
        await dropDatabases(pgUrl, [
          TEMPLATE_DB,
          ...(binaries ? ['temporal_faults', 'temporal_faults_visibility'] : []),
        ]);
    });

    const bundle = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quietLogger });
    const bundlePath = join(scratch, 'workflow-bundle.js');
    writeFileSync(bundlePath, bundle.code);

    project.provide('topology', topology);
    project.provide('temporalAddress', temporal.address);
    project.provide('pgAdminUrl', adminUrl);
    project.provide('templateDb', TEMPLATE_DB);
    project.provide('workflowBundlePath', bundlePath);
    project.provide('temporalCliPath', cli.kind === 'path' ? cli.path : '');
    project.provide('temporalServerPath', binaries?.server ?? '');
    project.provide('temporalSqlToolPath', binaries?.sqlTool ?? '');
    project.provide('faultsResultsDir', results);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}

async function dropDatabases(adminUrl: string, names: string[]) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error: (message: string) => console.error(message),
};
