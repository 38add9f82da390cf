// `npm run reconcile [-- --repair]`: compares Temporal's cases with the database and
// prints every difference (exit 1 when any is left unrepaired).
import { exitOnConfigError, readApiConfig } from '../config/index.js';
import { connectDb } from '../db/client.js';
import { createFieldCrypto } from '../lib/crypto/field-crypto.js';
import { caseClient } from '../lib/temporal/case-client.js';
import { connectClient } from '../lib/temporal/connect.js';
import { pendingOutbox, reconcile } from '../lib/temporal/reconcile.js';

async function main() {
  let config: ReturnType<typeof readApiConfig>;
  try {
    config = readApiConfig();
  } catch (error) {
    exitOnConfigError(error);
  }
  const repair = process.argv.includes('--repair');
  const { db, close } = connectDb(config.databaseUrl);
  const { client, connection } = await connectClient(config.temporal, config.keyring);
  try {
    const result = await reconcile({
      db,
      fields: createFieldCrypto(config.keyring),
      client,
      cases: caseClient(client, { taskQueue: config.temporal.taskQueue }),
      taskQueue: config.temporal.taskQueue,
      repair,
    });
    for (const f of result.findings)
      console.log(`${f.caseId}  ${f.kind.padEnd(18)} ${f.repaired ? 'repaired' : 'NOT repaired'}  ${f.detail}`);
    console.log(
      `${result.checked} case(s) checked, ${result.findings.length} difference(s), outbox pending: ${await pendingOutbox(db)}`,
    );
    return result.findings.some((f) => !f.repaired) ? 1 : 0;
  } finally {
    await connection.close();
    await close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`reconcile failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
