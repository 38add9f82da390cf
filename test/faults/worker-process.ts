// The case worker as a program of its own, so a fault test can SIGKILL it: the same
// factory as worker/main.ts, with the prebuilt workflow bundle the tests use (starting
// in seconds instead of bundling) and a database application name the test can find.
// Prints one JSON line {"ready":true} once it polls.
import { readFileSync } from 'node:fs';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { readAuditChainKey, readKeyring } from '../../config/index.js';
import { readPeers } from '../../config/peers.js';
import { readStateProfile } from '../../config/state-code.js';
import { connectDb } from '../../db/client.js';
import { createFieldCrypto } from '../../lib/crypto/field-crypto.js';
import { exampleDirectory } from '../../lib/directory/directory.js';
import { createTransport } from '../../lib/mail/mailer.js';
import { useAuditChainKey } from '../../lib/stores/audit-chain.js';
import { createCaseWorker } from '../../worker/create-worker.js';

const need = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`worker-process: ${name} is required`);
  return value;
};

async function main() {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  useAuditChainKey(readAuditChainKey());
  const { db, close } = connectDb(need('DATABASE_URL'), { max: 10, application: need('JEEVAN_DB_APPLICATION') });
  const transport = createTransport(need('SMTP_URL'));
  const connection = await NativeConnection.connect({ address: need('TEMPORAL_ADDRESS') });
  const worker = await createCaseWorker({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: need('TEMPORAL_TASK_QUEUE'),
    keyring: readKeyring(),
    workflowBundle: { code: readFileSync(need('JEEVAN_WORKFLOW_BUNDLE'), 'utf8') },
    deps: {
      db,
      fields: createFieldCrypto(readKeyring()),
      transport,
      directory: exampleDirectory(),
      mailFrom: 'Jeevan Faults <jeevan@test.invalid>',
      publicUrl: 'http://jeevan.test',
      log: (event, fields) => console.log(JSON.stringify({ event, ...fields })),
      profile: readStateProfile(),
      peers: readPeers(),
    },
  });
  const running = worker.run();
  console.log(JSON.stringify({ ready: true, pid: process.pid }));
  await running;
  transport.close();
  await connection.close();
  await close();
}

main().catch((error) => {
  console.error(`worker-process failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
