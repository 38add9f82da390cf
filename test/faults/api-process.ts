// The API as a program of its own, so a fault test can SIGKILL it mid-request: the same
// wiring as api/server.ts (config from the environment, outbox drainer, listen), with
// the escalation policy the test chose (JEEVAN_FAULT_POLICY, JSON) instead of the
// default one, and (when INTAKE_SMTP_PORT is set) its alert e-mail listener as api/server.ts
// starts it. Prints one JSON line {"ready":true,"port":…} once it listens.

import { buildApp } from '../../api/app.js';
import { createApiDeps } from '../../api/deps.js';
import { emailIntakeHandlers } from '../../api/intake/email-intake.js';
import { startOutboxDrainer } from '../../api/intake/outbox.js';
import { startIntakeSmtp } from '../../api/intake/smtp-listener.js';
import { readApiConfig } from '../../config/index.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import { connectDb } from '../../db/client.js';
import { createLogger } from '../../lib/log/logger.js';
import { useAuditChainKey } from '../../lib/stores/audit-chain.js';
import { connectClient } from '../../lib/temporal/connect.js';

async function main() {
  const config = readApiConfig();
  useAuditChainKey(config.auditChainKey);
  const policy = JSON.parse(process.env.JEEVAN_FAULT_POLICY ?? '') as EscalationPolicy;
  const { db } = connectDb(config.databaseUrl, {
    max: 20,
    application: process.env.JEEVAN_DB_APPLICATION ?? 'jeevan-api',
  });
  const { client } = await connectClient(config.temporal, config.keyring);
  const log = (event: string, fields: Record<string, unknown>) => console.log(JSON.stringify({ event, ...fields }));
  const deps = createApiDeps({
    db,
    client,
    taskQueue: config.temporal.taskQueue,
    identityKey: config.identityKey,
    keyring: config.keyring,
    rateLimitPerMinute: config.rateLimitPerMinute,
    // A new case is handed to Temporal for up to 3 s while the client waits (api-killed.test.ts relies on it).
    handOverTimeoutMs: 3000,
    policy: () => policy,
    profile: config.profile,
    peers: config.peers,
    log,
  });
  const app = await buildApp(deps, { logger: createLogger('api', config.logLevel) });
  startOutboxDrainer(deps.outbox, config.outboxIntervalMs);
  const smtp = config.intakeSmtp
    ? await startIntakeSmtp({
        host: config.intakeSmtp.host,
        port: config.intakeSmtp.port,
        access: config.intakeSmtp,
        ...emailIntakeHandlers(deps),
        log,
      })
    : undefined;
  await app.listen({ host: config.host, port: config.port });
  console.log(JSON.stringify({ ready: true, port: config.port, smtpPort: smtp?.port, pid: process.pid }));
}

main().catch((error) => {
  console.error(`api-process failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
