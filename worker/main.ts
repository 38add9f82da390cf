// The worker program: runs case workflows and their activities.
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { exitOnConfigError, readWorkerConfig, type WorkerConfig } from '../config/index.js';
import { connectDb } from '../db/client.js';
import { flushAudit, useAuditChainKey } from '../lib/audit-chain.js';
import { ensureDistricts } from '../lib/directory-store.js';
import { createLogger } from '../lib/logger.js';
import { createTransport } from '../lib/mailer.js';
import { connectClient } from '../lib/temporal.js';
import { createConfiguredWorker } from './create-worker.js';
import { ensureDigestSchedule } from './digest-schedule.js';
import { checkNamespaceRetention } from './namespace-retention.js';
import { ensureRetentionSchedule } from './retention-schedule.js';

async function main(config: WorkerConfig) {
  const log = createLogger('worker', config.logLevel);
  useAuditChainKey(config.auditChainKey);
  // The SDK's own logs (state changes, the workflow bundler's report) only when they matter.
  Runtime.install({ logger: new DefaultLogger(config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : 'WARN') });
  const { db, close } = connectDb(config.databaseUrl, { max: 20, application: 'jeevan-worker' });
  const transport = createTransport(config.smtpUrl, { requireTls: config.smtpRequireTls });
  // The districts are reference data the directory's stations and contacts point at.
  await ensureDistricts(db).catch((error) => log.error({ reason: error instanceof Error ? error.message : String(error) }, 'districts not ensured'));
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createConfiguredWorker(config, { connection, db, transport, log: (event, fields) => log.info(fields, event) });
  log.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker started');
  const scheduled = ensureSchedule(config, log);
  // Worker.run() handles SIGINT/SIGTERM itself: it stops polling and lets running tasks finish.
  await worker.run();
  await scheduled;
  transport.close();
  await connection.close();
  await flushAudit(db);
  await close();
  log.info('worker stopped');
}

/** The daily retention and digest Schedules. A failure is logged, not fatal: cases must keep running; the next start tries again. */
async function ensureSchedule(config: WorkerConfig, log: ReturnType<typeof createLogger>) {
  const { client, connection } = await connectClient(config.temporal, config.keyring);
  try {
    const how = await ensureRetentionSchedule(client, {
      taskQueue: config.temporal.taskQueue,
      retentionDays: config.retentionDays,
      openCaseReportDays: config.openCaseReportDays,
    });
    log.info({ retentionDays: config.retentionDays, schedule: how }, 'retention schedule ensured');
    log.info({ schedule: await ensureDigestSchedule(client, { taskQueue: config.temporal.taskQueue }) }, 'daily digest schedule ensured');
    const retention = await checkNamespaceRetention(client, config.temporal.namespace, config.retentionDays);
    if (retention.tooLong) {
      // Loudly: on the log and on stderr, every start, until the operator fixes it.
      log.error({ namespaceDays: retention.namespaceDays, retentionDays: retention.retentionDays }, retention.message);
      console.error(`WARNING: ${retention.message}`);
    } else log.info({ namespaceDays: retention.namespaceDays }, retention.message);
  } catch (error) {
    log.error({ reason: error instanceof Error ? error.message : String(error) }, 'retention schedule not ensured');
  } finally {
    await connection.close().catch(() => {});
  }
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
