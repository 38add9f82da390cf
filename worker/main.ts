// The worker program: runs case workflows and their activities.
import type { Client } from '@temporalio/client';
import { DefaultLogger, GracefulShutdownPeriodExpiredError, NativeConnection, Runtime } from '@temporalio/worker';
import { exitOnConfigError, readWorkerConfig, type WorkerConfig } from '../config/index.js';
import { connectDb } from '../db/client.js';
import { ensureDistricts } from '../lib/directory/store.js';
import { createLogger } from '../lib/log/logger.js';
import { createTransport } from '../lib/mail/mailer.js';
import { flushAudit, useAuditChainKey } from '../lib/stores/audit-chain.js';
import { connectClient } from '../lib/temporal/connect.js';
import { createConfiguredWorker } from './create-worker.js';
import { ensureDigestSchedule } from './digest-schedule.js';
import { checkNamespaceRetention } from './namespace-retention.js';
import { ensureReconcileSchedule } from './reconcile-schedule.js';
import { ensureRetentionSchedule } from './retention-schedule.js';

async function main(config: WorkerConfig) {
  const log = createLogger('worker', config.logLevel);
  useAuditChainKey(config.auditChainKey);
  // The SDK's own logs (state changes, the workflow bundler's report) only when they matter.
  Runtime.install({
    logger: new DefaultLogger(config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : 'WARN'),
  });
  const { db, close } = connectDb(config.databaseUrl, { max: 20, application: 'jeevan-worker' });
  const transport = createTransport(config.smtpUrl, { requireTls: config.smtpRequireTls });
  // The districts are reference data the directory's stations and contacts point at.
  await ensureDistricts(db).catch((error) =>
    log.error({ reason: error instanceof Error ? error.message : String(error) }, 'districts not ensured'),
  );
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  // The reconcile run's activity and the Schedules use a client (with the codec) of their own.
  const temporal = await connectClient(config.temporal, config.keyring);
  const worker = await createConfiguredWorker(config, {
    connection,
    db,
    transport,
    log: (event, fields) => log.info(fields, event),
    temporal: temporal.client,
  });
  log.info({ taskQueue: config.temporal.taskQueue, address: config.temporal.address }, 'worker started');
  const scheduled = ensureSchedules(config, temporal.client, log);
  // Worker.run() handles SIGINT/SIGTERM itself: it stops polling and lets running tasks finish,
  // within the bounds of create-worker.ts (an activity still running is retried elsewhere).
  await worker.run().catch((error) => {
    if (!(error instanceof GracefulShutdownPeriodExpiredError)) throw error;
    log.warn({ reason: error.message }, 'worker stop forced: tasks still running were left to their retries');
  });
  await scheduled;
  transport.close();
  await temporal.connection.close().catch(() => {});
  await connection.close();
  await flushAudit(db);
  await close();
  log.info('worker stopped');
}

/**
 * The daily retention and digest Schedules and the reconcile Schedule. A failure is logged,
 * not fatal: cases must keep running; the next start tries again.
 */
async function ensureSchedules(config: WorkerConfig, client: Client, log: ReturnType<typeof createLogger>) {
  const taskQueue = config.temporal.taskQueue;
  const ensure = async (name: string, fields: Record<string, unknown>, how: () => Promise<'created' | 'updated'>) => {
    try {
      log.info({ ...fields, schedule: await how() }, `${name} schedule ensured`);
    } catch (error) {
      log.error({ reason: error instanceof Error ? error.message : String(error) }, `${name} schedule not ensured`);
    }
  };
  await ensure('retention', { retentionDays: config.retentionDays }, () =>
    ensureRetentionSchedule(client, {
      taskQueue,
      retentionDays: config.retentionDays,
      openCaseReportDays: config.openCaseReportDays,
    }),
  );
  await ensure('daily digest', {}, () => ensureDigestSchedule(client, { taskQueue }));
  await ensure('reconcile', { everyMinutes: config.reconcileIntervalMinutes }, () =>
    ensureReconcileSchedule(client, { taskQueue, everyMs: config.reconcileIntervalMinutes * 60_000 }),
  );
  try {
    const retention = await checkNamespaceRetention(client, config.temporal.namespace, config.retentionDays);
    if (retention.tooLong) {
      // Loudly: on the log and on stderr, every start, until the operator fixes it.
      log.error({ namespaceDays: retention.namespaceDays, retentionDays: retention.retentionDays }, retention.message);
      console.error(`WARNING: ${retention.message}`);
    } else log.info({ namespaceDays: retention.namespaceDays }, retention.message);
  } catch (error) {
    log.error({ reason: error instanceof Error ? error.message : String(error) }, 'namespace retention not checked');
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
