// Records the replay corpus: runs every branch of test/replay/branches.ts against a real
// Temporal dev server, PostgreSQL and SMTP sink, and writes each case workflow's history to
// test/replay/histories/<branch>.json, which test/replay/replay.test.ts replays.
//
// Regenerate (only when a branch is added or its walk changes):
//   npx tsx test/replay/record-histories.ts            every branch
//   npx tsx test/replay/record-histories.ts saved ...  only the branches named
// Uses DATABASE_URL when set, else an embedded PostgreSQL in a temporary folder.
//
// Never re-record a history to make a failing replay pass: a history that no longer
// replays is a running case that the new code would break. Change workflow behaviour
// behind patched()/deprecatePatch() (see workflows/case-workflow.ts) so the old
// histories still replay, and add a history of the new behaviour alongside.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import pg from 'pg';
import type { CaseState } from '../../contract/case.js';
import { caseWorkflowId, formatCaseId } from '../../contract/ids.js';
import { connectDb } from '../../db/client.js';
import { runMigrations } from '../../db/migrate.js';
import { startEmbeddedPostgres } from '../../dev/embedded-postgres.js';
import { startMailSink } from '../../dev/mail-sink.js';
import { resolveTemporalCli } from '../../dev/temporal-cli.js';
import { startTemporalDevServer } from '../../dev/temporal-server.js';
import { createFieldCrypto } from '../../lib/crypto/field-crypto.js';
import { exampleDirectory } from '../../lib/directory/directory.js';
import { createTransport } from '../../lib/mail/mailer.js';
import { useAuditChainKey } from '../../lib/stores/audit-chain.js';
import { caseClient } from '../../lib/temporal/case-client.js';
import { dataConverter, EncryptionCodec, isEncrypted, randomKeyring } from '../../lib/temporal/codec.js';
import { createCaseWorker } from '../../worker/create-worker.js';
import { freePort } from '../helpers/ports.js';
import { BRANCHES, type BranchContext } from './branches.js';
import { historyToJson } from './history-json.js';

const OUT = join(dirname(fileURLToPath(import.meta.url)), 'histories');
const log = (line: string) => console.log(`[record] ${line}`);
const stops: (() => Promise<unknown>)[] = [];

async function main(names: string[]) {
  const branches = names.length ? BRANCHES.filter((b) => names.includes(b.name)) : BRANCHES;
  if (branches.length !== (names.length || BRANCHES.length))
    throw new Error(`unknown branch; known: ${BRANCHES.map((b) => b.name).join(', ')}`);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const scratch = mkdtempSync(join(tmpdir(), 'jeevan-record-'));
  chmodSync(scratch, 0o755);
  stops.push(async () => rmSync(scratch, { recursive: true, force: true }));

  const temporal = await startTemporalDevServer({
    cli: await resolveTemporalCli(log),
    port: await freePort(),
    logFile: join(scratch, 'temporal.log'),
  });
  stops.push(temporal.stop);
  const db = connectDb(await freshDatabase(scratch));
  stops.push(db.close);
  const mail = await startMailSink();
  stops.push(mail.close);
  const transport = createTransport(mail.url);
  stops.push(async () => transport.close());
  const connection = await Connection.connect({ address: temporal.address });
  stops.push(() => connection.close());
  const native = await NativeConnection.connect({ address: temporal.address });
  stops.push(() => native.close());
  // Recorded encrypted, as in production, then saved in plaintext (synthetic data): the corpus
  // replays without a key and its diffs stay readable.
  const keyring = randomKeyring('record');
  const client = new Client({ connection, dataConverter: dataConverter(keyring) });
  const taskQueue = 'jeevan-record';
  // A webhook receiver that takes every notice, so the webhooks branch records its deliveries.
  // It stands in for UK's Jeevan too: it takes the peer-transfer branch's packet (and the
  // peer-received branch's answers), so those branches record their deliveries.
  const hook = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      req.url === '/network/transfers'
        ? res
            .writeHead(201, { 'content-type': 'application/json' })
            .end(JSON.stringify({ caseId: 'JV-UK-2024-000001', status: 'created' }))
        : res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    );
  });
  const hookPort = await freePort();
  await new Promise<void>((resolve) => hook.listen(hookPort, '127.0.0.1', resolve));
  stops.push(() => new Promise((resolve) => hook.close(resolve)));
  // The webhook activity audits each notice it delivers: the chain needs a key (any, for a recording).
  useAuditChainKey(randomBytes(32));
  const deps = {
    webhook: { url: `http://127.0.0.1:${hookPort}/hook`, secret: randomBytes(32) },
    stateCode: 'UP',
    peers: [{ state: 'UK', url: `http://127.0.0.1:${hookPort}`, presents: randomBytes(32), expects: randomBytes(32) }],
    db: db.db,
    fields: createFieldCrypto(keyring),
    transport,
    directory: exampleDirectory(),
    mailFrom: 'Jeevan <jeevan@record.invalid>',
    publicUrl: 'http://jeevan.record',
    log: () => {},
  };
  const worker = await createCaseWorker({ connection: native, namespace: 'default', taskQueue, keyring, deps });
  const running = worker.run();
  stops.push(async () => {
    worker.shutdown();
    await running;
  });
  const cases = caseClient(client, { taskQueue });

  mkdirSync(OUT, { recursive: true });
  for (const [i, branch] of branches.entries()) {
    const caseId = formatCaseId('UP', 2024, BRANCHES.indexOf(branch) + 1);
    const openedAt = new Date().toISOString();
    await cases.start({
      caseId,
      openedAt,
      severity: 'high',
      drill: true,
      legalGround: 'DPDP Act 2023 s.7(d): responding to a threat to life',
      policy: branch.policy,
      ...(branch.webhooks ? { webhooks: branch.webhooks } : {}),
      ...(branch.transferredFrom ? { transferredFrom: branch.transferredFrom } : {}),
      alert: {
        alertId: `replay-${branch.name}`,
        source: 'meta',
        sourceRef: `LR-REPLAY-${i + 1}`,
        channel: 'api',
        platform: 'facebook',
        contentKind: 'post',
        live: false,
        receivedAt: openedAt,
        details: { handle: '@synthetic.person', phone: '+91 90000 00000' }, // synthetic: the corpus is committed
      },
    });
    await branch.run(context(cases, caseId, mail.setMode));
    const handle = client.workflow.getHandle(caseWorkflowId(caseId));
    const final = (await handle.result()) as CaseState;
    // Stack traces in activity failures name this checkout's folder: keep the corpus machine-independent.
    const json = historyToJson(await decrypted(await handle.fetchHistory(), new EncryptionCodec(keyring))).replaceAll(
      `${process.cwd()}/`,
      './',
    );
    writeFileSync(join(OUT, `${branch.name}.json`), `${json}\n`);
    log(
      `${branch.name}: ${final.stage}, ${final.timeline.length} timeline entries, ${final.escalation.history.length} escalations`,
    );
  }
  // In the repository's own format, so `biome check .` stays clean.
  spawnSync(join(OUT, '..', '..', '..', 'node_modules', '.bin', 'biome'), ['format', '--write', OUT], {
    stdio: 'inherit',
  });
}

/** The history with every encrypted payload in it (at any depth) replaced by its plaintext. */
async function decrypted<T>(node: T, codec: EncryptionCodec): Promise<T> {
  if (!node || typeof node !== 'object' || ArrayBuffer.isView(node)) return node;
  const record = node as Record<string, unknown>;
  if (record.metadata && isEncrypted(record as Payload)) return (await codec.decode([record as Payload]))[0] as T;
  for (const [key, value] of Object.entries(record)) record[key] = await decrypted(value, codec);
  return node;
}

function context(
  cases: ReturnType<typeof caseClient>,
  caseId: string,
  setMail: BranchContext['setMail'],
): BranchContext {
  return {
    step: (step, body, by = { id: 'op-rec', role: 'smc_operator' }) => cases.step(caseId, step, { by, body } as never),
    signal: (name, body) => cases.signal(caseId, name, { by: { id: 'op-rec', role: 'smc_operator' }, body } as never),
    attachAlert: (alert) => cases.attachAlert(caseId, alert),
    peerEvent: (args) => cases.peerEvent(caseId, args),
    setMail,
    async until(what, check) {
      for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
        const state = await cases.state(caseId);
        if (check(state)) return state;
      }
      throw new Error(`case ${caseId}: timed out waiting for ${what}`);
    },
  };
}

/** A migrated database of its own, on DATABASE_URL's server or an embedded one. */
async function freshDatabase(scratch: string): Promise<string> {
  let admin = process.env.DATABASE_URL;
  if (!admin) {
    const server = await startEmbeddedPostgres({
      dir: join(scratch, 'pg'),
      port: await freePort(),
      databases: [],
      log,
    });
    stops.push(server.stop);
    admin = server.url('postgres');
  }
  const name = `jeevan_record_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  stops.push(async () => {
    const d = new pg.Client({ connectionString: admin });
    await d.connect();
    await d.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await d.end();
  });
  return url.toString();
}

async function stopAll() {
  for (const stop of stops.reverse()) await stop().catch(() => {});
}

main(process.argv.slice(2)).then(
  () => stopAll(),
  async (error) => {
    console.error(`recording failed: ${error instanceof Error ? error.stack : String(error)}`);
    await stopAll();
    process.exit(1);
  },
);
