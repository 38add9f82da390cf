// Brings up the real services the suite runs against, once per `vitest run`:
// a Temporal dev server, PostgreSQL (DATABASE_URL or embedded) with a migrated template
// database that each test file clones (owned by the admin role, used as the application's
// restricted role, db/app-role.ts), and a prebuilt workflow bundle.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { connectDb } from '../../db/client.js';
import { runMigrations } from '../../db/migrate.js';
import { APP_ROLE, ensureAppRole, startEmbeddedPostgres } from '../../dev/embedded-postgres.js';
import { resolveTemporalCli } from '../../dev/temporal-cli.js';
import { startTemporalDevServer } from '../../dev/temporal-server.js';
import { seedDirectoryIfEmpty } from '../../lib/directory/seed.js';
import { buildConsole } from '../../scripts/build-console.js';
import { workflowBundleOptions } from '../../worker/create-worker.js';
import { recreateDatabase } from '../helpers/pg-admin.js';
import { freePort } from '../helpers/ports.js';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    pgAdminUrl: string;
    templateDb: string;
    workflowBundlePath: string;
    temporalCliPath: string;
  }
}

const TEMPLATE_DB = 'jeevan_test_template';

export default async function setup(project: TestProject) {
  const scratch = mkdtempSync(join(tmpdir(), 'jeevan-test-'));
  chmodSync(scratch, 0o755); // the embedded PostgreSQL runs as its own system user and must reach its folder
  const log = (line: string) => console.log(`[setup] ${line}`);
  const stops: (() => Promise<void>)[] = [];

  const teardown = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await bringUp();
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;

  async function bringUp() {
    const cli = await resolveTemporalCli(log);
    const temporal = await startTemporalDevServer({
      cli,
      port: await freePort(),
      logFile: join(scratch, 'temporal.log'),
    });
    stops.push(temporal.stop);

    let adminUrl = process.env.DATABASE_URL;
    if (!adminUrl) {
      const server = await startEmbeddedPostgres({
        dir: join(scratch, 'pg'),
        port: await freePort(),
        databases: [],
        log,
      });
      stops.push(server.stop);
      adminUrl = server.url('postgres');
    }
    await recreateDatabase(adminUrl, TEMPLATE_DB);
    // The tests' app, worker and database handles connect as the restricted role, as in production.
    await ensureAppRole(adminUrl);
    await runMigrations(withDatabase(adminUrl, TEMPLATE_DB), { appRole: APP_ROLE });
    // Every test database is a clone of the template: seed the example directory once, here.
    const template = connectDb(withDatabase(adminUrl, TEMPLATE_DB), { max: 1 });
    await seedDirectoryIfEmpty(template.db).finally(() => template.close());

    // The browser tests load the console from the API under test.
    await buildConsole();

    const bundle = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: quietLogger });
    const bundlePath = join(scratch, 'workflow-bundle.js');
    writeFileSync(bundlePath, bundle.code);

    project.provide('temporalAddress', temporal.address);
    project.provide('pgAdminUrl', adminUrl);
    project.provide('templateDb', TEMPLATE_DB);
    project.provide('workflowBundlePath', bundlePath);
    project.provide('temporalCliPath', cli.kind === 'path' ? cli.path : '');
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

const quietLogger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error: (message: string) => console.error(message),
};
