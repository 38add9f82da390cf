// The worker program: runs case workflows and their activities.
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { exampleDirectory } from '../activities/directory.js';
import { exitOnConfigError, readWorkerConfig, type WorkerConfig } from '../config/index.js';
import { connectDb } from '../db/client.js';
import { createLogger } from '../lib/logger.js';
import { createTransport } from '../lib/mailer.js';
import { createCaseWorker } from './create-worker.js';

async function main(config: WorkerConfig) {
  const log = createLogger('worker', config.logLevel);
  // The SDK's own logs (state changes, the workflow bundler's report) only when they matter.
  Runtime.install({ logger: new DefaultLogger(config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : 'WARN') });
  const { db, close } = connectDb(config.databaseUrl, { max: 20, application: 'jeevan-worker' });
  const transport = createTransport(config.smtpUrl);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createCaseWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: {
      db,
      transport,
      directory: exampleDirectory(),
      mailFrom: config.mailFrom,
      publicUrl: config.publicUrl,
      log: (event, fields) => log.info(fields, event),
    },
    maxCachedWorkflows: config.maxCachedWorkflows,
    maxConcurrentActivityTaskExecutions: config.maxConcurrentActivities,
    maxConcurrentWorkflowTaskExecutions: config.maxConcurrentWorkflowTasks,
  });
  log.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker started');
  // Worker.run() handles SIGINT/SIGTERM itself: it stops polling and lets running tasks finish.
  await worker.run();
  transport.close();
  await connection.close();
  await close();
  log.info('worker stopped');
}

let config: WorkerConfig;
try {
  config = readWorkerConfig();
} catch (error) {
  exitOnConfigError(error);
}
main(config).catch((error) => {
  console.error(`worker failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
