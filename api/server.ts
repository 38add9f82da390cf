// The API program: reads configuration, connects, serves, drains the outbox, and shuts
// down gracefully (stops taking requests, finishes those in flight, then disconnects).
import { type ApiConfig, exitOnConfigError, readApiConfig } from '../config/index.js';
import { connectDb } from '../db/client.js';
import { createLogger } from '../lib/log/logger.js';
import { flushAudit, useAuditChainKey } from '../lib/stores/audit-chain.js';
import { policyProvider } from '../lib/stores/policy-store.js';
import { connectClient } from '../lib/temporal/connect.js';
import { buildApp } from './app.js';
import { createApiDeps } from './deps.js';
import { emailIntakeHandlers } from './intake/email-intake.js';
import { startOutboxDrainer } from './intake/outbox.js';
import { startIntakeSmtp } from './intake/smtp-listener.js';

async function main(config: ApiConfig) {
  const log = createLogger('api', config.logLevel);
  useAuditChainKey(config.auditChainKey);
  const { db, close: closeDb } = connectDb(config.databaseUrl, { max: 20, application: 'jeevan-api' });
  const { client, connection } = await connectClient(config.temporal, config.keyring);
  const emit = (event: string, fields: Record<string, unknown>) => log.info(fields, event);
  const deps = createApiDeps({
    db,
    client,
    taskQueue: config.temporal.taskQueue,
    identityKey: config.identityKey,
    keyring: config.keyring,
    temporalUiUrl: config.temporalUiUrl,
    rateLimitPerMinute: config.rateLimitPerMinute,
    addressLimits: config.addressLimits,
    trustProxy: config.trustProxy,
    policy: policyProvider(db),
    webhookEvents: config.webhookEvents,
    profile: config.profile,
    peers: config.peers,
    log: emit,
  });
  const app = await buildApp(deps, { logger: log });
  // Live updates for the console: LISTEN now, so readiness shows it; failures only retry (app.close() stops it).
  deps.caseFeed.start();
  const drainer = startOutboxDrainer(deps.outbox, config.outboxIntervalMs);

  const smtp = config.intakeSmtp
    ? await startIntakeSmtp({
        host: config.intakeSmtp.host,
        port: config.intakeSmtp.port,
        access: config.intakeSmtp,
        ...emailIntakeHandlers(deps),
        log: emit,
      })
    : undefined;
  if (smtp) log.info({ port: smtp.port }, 'alert e-mail intake listening');

  await app.listen({ host: config.host, port: config.port });
  log.info(
    { url: `http://${config.host}:${config.port}`, docs: `http://${config.host}:${config.port}/docs` },
    'api listening',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'api stopping');
    await smtp?.close();
    await app.close();
    await drainer.stop();
    await connection.close().catch(() => {});
    await flushAudit(db);
    await closeDb();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

let config: ApiConfig;
try {
  config = readApiConfig();
} catch (error) {
  exitOnConfigError(error);
}
main(config).catch((error) => {
  console.error(`api failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
