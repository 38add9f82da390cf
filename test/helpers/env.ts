// One test file's private slice of the real system: its own database, task queue, SMTP
// server and worker, on the shared Temporal server.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, type Logger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { Keyring } from '../../config/index.js';
import type { Actor, AlertSummary, CaseInput } from '../../contract/case.js';
import { formatCaseId } from '../../contract/ids.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import { type MailSink, startMailSink } from '../../dev/mail-sink.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { profileOf } from '../../domain/profiles/index.js';
import { createFieldCrypto } from '../../lib/crypto/field-crypto.js';
import { dbDirectory } from '../../lib/directory/directory.js';
import { createTransport } from '../../lib/mail/mailer.js';
import { type CaseClient, caseClient } from '../../lib/temporal/case-client.js';
import { dataConverter, randomKeyring } from '../../lib/temporal/codec.js';
import { createCaseWorker } from '../../worker/create-worker.js';
import { createTestDb } from './db.js';

export interface TestEnv {
  db: Awaited<ReturnType<typeof createTestDb>>;
  mail: MailSink;
  /** Encrypts this file's Temporal payloads, as ENCRYPTION_KEYS does in production. */
  keyring: Keyring;
  client: Client;
  cases: CaseClient;
  taskQueue: string;
  worker: Worker;
  /** Starts a case workflow directly (the API's intake does this in production). */
  openCase(overrides?: Omit<Partial<CaseInput>, 'alert'> & { alert?: Partial<AlertSummary> }): Promise<string>;
  stopWorker(): Promise<void>;
  startWorker(opts?: { maxCachedWorkflows?: number }): Promise<void>;
  close(): Promise<void>;
}

let caseCounter = 0;
let runtimeInstalled = false;

export const operator: Actor = { id: 'op-1', role: 'smc_operator', name: 'Operator One' };
export const supervisor: Actor = { id: 'sup-1', role: 'smc_supervisor', name: 'Supervisor One' };
export const districtOfficer: Actor = { id: 'do-1', role: 'district_officer', name: 'District Officer' };

export interface TestEnvOptions {
  policy?: EscalationPolicy;
  maxCachedWorkflows?: number;
  keyring?: Keyring;
  /** A Temporal server of the test's own (default: the suite's shared one). */
  temporalAddress?: string;
  /** Receives the worker's activity logs (default: dropped). */
  log?: (event: string, fields: Record<string, unknown>) => void;
  /** The Temporal SDK's logger; the first env of a test file decides (default: errors only). */
  sdkLogger?: Logger;
  /** The worker's outbound webhook (WEBHOOK_URL, WEBHOOK_SECRET); cases send to it when opened with `webhooks`. */
  webhook?: { url: string; secret: Buffer };
  /** JEEVAN_STATE as the worker takes it: the state whose names its e-mails and case numbers carry (default UP). */
  stateCode?: string;
}

export async function createTestEnv(opts: TestEnvOptions = {}): Promise<TestEnv> {
  if (!runtimeInstalled) {
    runtimeInstalled = true;
    // Errors only: retries during the mail-outage tests are expected and would drown the output.
    Runtime.install({ logger: opts.sdkLogger ?? new DefaultLogger('ERROR') });
  }
  const policy = opts.policy ?? scaledPolicy(60_000);
  const profile = profileOf(opts.stateCode ?? 'UP');
  const db = await createTestDb();
  const mail = await startMailSink();
  const address = opts.temporalAddress ?? inject('temporalAddress');
  const taskQueue = `test-${randomBytes(6).toString('hex')}`;
  const connection = await Connection.connect({ address });
  const keyring = opts.keyring ?? randomKeyring();
  const client = new Client({ connection, dataConverter: dataConverter(keyring) });
  const nativeConnection = await NativeConnection.connect({ address });
  const transport = createTransport(mail.url);
  const bundle = { code: readFileSync(inject('workflowBundlePath'), 'utf8') };
  const cacheSize = process.env.JEEVAN_TEST_WORKFLOW_CACHE
    ? Number(process.env.JEEVAN_TEST_WORKFLOW_CACHE)
    : opts.maxCachedWorkflows;

  let worker!: Worker;
  let running: Promise<void> | undefined;
  const startWorker = async (o: { maxCachedWorkflows?: number } = {}) => {
    worker = await createCaseWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      keyring,
      workflowBundle: bundle,
      maxCachedWorkflows: o.maxCachedWorkflows ?? cacheSize,
      deps: {
        db: db.db,
        fields: createFieldCrypto(keyring),
        transport,
        directory: dbDirectory(db.db, profile.code),
        profile,
        mailFrom: 'Jeevan Test <jeevan@test.invalid>',
        publicUrl: 'http://jeevan.test',
        log: opts.log ?? (() => {}),
        temporal: client,
        webhook: opts.webhook,
      },
    });
    running = worker.run();
    await untilPolling(client, taskQueue);
  };
  const stopWorker = async () => {
    if (!running) return;
    worker.shutdown();
    await running;
    running = undefined;
  };
  await startWorker();

  const cases = caseClient(client, { taskQueue });
  const year = new Date().getUTCFullYear();
  // Case numbers unique across parallel files: a random base per file.
  const base = Number.parseInt(randomBytes(3).toString('hex'), 16) * 10;

  return {
    db,
    mail,
    keyring,
    client,
    cases,
    taskQueue,
    get worker() {
      return worker;
    },
    async openCase(overrides = {}) {
      caseCounter += 1;
      const caseId = overrides.caseId ?? formatCaseId(profile.code, year, base + caseCounter);
      const openedAt = new Date().toISOString();
      const { alert: alertOverrides, ...rest } = overrides;
      const input: CaseInput = {
        caseId,
        openedAt,
        severity: 'high',
        drill: false,
        legalGround: 'DPDP Act 2023 s.7(d): responding to a threat to life',
        policy,
        ...rest,
        alert: {
          alertId: randomUUID(),
          source: 'meta',
          sourceRef: `LR-TEST-${caseId}`,
          channel: 'api',
          platform: 'facebook',
          contentKind: 'post',
          live: false,
          receivedAt: openedAt,
          details: { handle: '@someone', phone: '+91 90000 00000' },
          ...alertOverrides,
        },
      };
      await cases.start(input);
      return caseId;
    },
    stopWorker,
    startWorker,
    async close() {
      await stopWorker();
      transport.close();
      await nativeConnection.close();
      await connection.close();
      await mail.close();
      await db.close();
    },
  };
}

/** A busy machine can take seconds to get a new worker polling: tests start only once it is. */
async function untilPolling(client: Client, taskQueue: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const response = await client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType: 1,
    });
    if ((response.pollers ?? []).length > 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no worker polled ${taskQueue} within 60 s`);
}
