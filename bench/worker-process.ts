// The case worker as the bench runs it: worker/main.ts's wiring (directory from the
// database, tuning from readWorkerConfig: WORKER_MAX_CACHED_WORKFLOWS, _CONCURRENT_ACTIVITIES,
// _CONCURRENT_WORKFLOW_TASKS) with the prebuilt workflow bundle (JEEVAN_WORKFLOW_BUNDLE), so
// it starts in seconds; JEEVAN_WORKFLOW_BUNDLE=at-start bundles workflows/ at start instead, as
// worker/main.ts does without a bundle (the tuning scenario times both). Prints
// {"ready":true,"createMs":…} once it polls (createMs: Worker.create, bundling included) and
// its heap once a second.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { readWorkerConfig } from '../config/index.js';
import { connectDb } from '../db/client.js';
import { createTransport } from '../lib/mail/mailer.js';
import { createConfiguredWorker } from '../worker/create-worker.js';
import { reportMemoryEverySecond } from './programs.js';

async function main() {
  const config = readWorkerConfig();
  const bundle = process.env.JEEVAN_WORKFLOW_BUNDLE;
  if (!bundle) throw new Error('bench worker: JEEVAN_WORKFLOW_BUNDLE is required (a file, or at-start)');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const { db, close } = connectDb(config.databaseUrl, { max: 20, application: 'jeevan-bench-worker' });
  const transport = createTransport(config.smtpUrl, { requireTls: config.smtpRequireTls });
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const creating = performance.now();
  const worker = await createConfiguredWorker(config, {
    connection,
    db,
    transport,
    log: () => {},
    workflowBundle: bundle === 'at-start' ? undefined : { code: readFileSync(bundle, 'utf8') },
  });
  const createMs = Math.round(performance.now() - creating);
  const running = worker.run();
  reportMemoryEverySecond();
  console.log(JSON.stringify({ ready: true, pid: process.pid, createMs }));
  await running;
  transport.close();
  await connection.close();
  await close();
}

main().catch((error) => {
  console.error(`bench worker failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
