// The operations the scenarios time: Jeevan's over HTTP as operators and Meta's relay reach
// it, and the bare baselines straight against PostgreSQL and Temporal from the bench.
import { Client, type WorkflowHandle } from '@temporalio/client';
import { handOverNow } from '../api/intake/hand-over.js';
import { createIntake } from '../api/intake/intake-service.js';
import { readKeyring, secretKey } from '../config/index.js';
import type { AlertIntake } from '../contract/alert.js';
import type { EscalationPolicy } from '../contract/policy.js';
import { districtsOf } from '../domain/districts.js';

const DISTRICTS = districtsOf('UP');

import { createFieldCrypto } from '../lib/crypto/field-crypto.js';
import { caseClient } from '../lib/temporal/case-client.js';
import { dataConverter } from '../lib/temporal/codec.js';
import { FLOOR_TABLE_SQL } from './baselines/activities.js';
import {
  insertingWorkflow,
  noopWorkflow,
  poke,
  recordingWorkflow,
  timerWorkflow,
  waitingWorkflow,
} from './baselines/workflows.js';
import type { BenchStack } from './stack.js';

export interface Drivers {
  /** POST /alerts; true when the case was created and its workflow started (201). */
  alert(i: number, api?: 'quiet' | 'escalating'): Promise<boolean>;
  /**
   * A real case without HTTP: the API's own intake (api/intake/intake-service.ts: one transaction
   * of alert, case, identity hashes and outbox row) and hand-over (hand-over.ts handOverNow: the
   * case workflow's start, with Jeevan's payload codec), run in the bench's process. What it
   * skips is the HTTP request, the token check and the request's audit entry.
   */
  openCase(i: number): Promise<boolean>;
  /** Case IDs of the alerts answered 201, in the order of their answers. */
  opened: string[];
  openedEscalating: string[];
  /** POST /cases/:id/locating/start; true when the answer's state shows the case locating. */
  startLocating(caseId: string): Promise<boolean>;
  getJson(path: string): Promise<{ status: number; body: unknown }>;
  /** The intake floor: one INSERT (autocommit) and one start of a no-op workflow. */
  bareIntake(i: number): Promise<boolean>;
  startWaiting(n: number): Promise<WorkflowHandle<typeof waitingWorkflow>[]>;
  bareUpdate(handle: WorkflowHandle<typeof waitingWorkflow>): Promise<boolean>;
  startTimer(id: string, dueAt: Date): Promise<void>;
  /** Sustained intake's fair floor: start a workflow whose first task runs one INSERT activity. */
  fairIntake(i: number): Promise<boolean>;
  /** Until the row of every fair-floor workflow started so far exists. */
  fairRowsExist(timeoutMs: number): Promise<boolean>;
  startRecording(n: number): Promise<WorkflowHandle<typeof recordingWorkflow>[]>;
  /** The step's fair floor: HTTP (with the session) plus an Update that answers after one INSERT activity. */
  floorStep(handle: WorkflowHandle<typeof recordingWorkflow>): Promise<boolean>;
}

export async function drivers(stack: BenchStack, runTag: string, quietPolicy: EscalationPolicy): Promise<Drivers> {
  await stack.db.pool.query(
    'CREATE TABLE IF NOT EXISTS bench_intake (id bigserial PRIMARY KEY, ref text NOT NULL UNIQUE, payload jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())',
  );
  await stack.db.pool.query(FLOOR_TABLE_SQL);
  const auth = { authorization: `Bearer ${stack.token}` };
  let fairStarted = 0;
  let loggedFailures = 0;
  const opened: string[] = [];
  const openedEscalating: string[] = [];
  const alertBody = (i: number, kind: string): AlertIntake => ({
    sourceRef: `BENCH-${runTag}-${kind}-${i}`,
    channel: 'api',
    platform: 'facebook',
    contentKind: 'post',
    handle: `@bench_${runTag}_${kind}_${i}`,
    districtHint: DISTRICTS[i % DISTRICTS.length].code,
    description: 'Benchmark alert: a synthetic post, no person behind it.',
  });
  const post = async (url: string, body: unknown) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const keyring = readKeyring({ ENCRYPTION_KEYS: stack.encryptionKeys });
  const fields = createFieldCrypto(keyring);
  const codecClient = new Client({
    connection: stack.client.connection,
    namespace: stack.client.options.namespace,
    dataConverter: dataConverter(keyring),
  });
  const intake = createIntake({
    db: stack.intakeDb.db,
    fields,
    identityKey: secretKey(stack.identityKey, 'IDENTITY_HASH_KEY'),
    policy: () => quietPolicy,
  });
  const outboxDeps = {
    db: stack.intakeDb.db,
    fields,
    cases: caseClient(codecClient, { taskQueue: stack.taskQueue }),
    timeoutMs: 30_000,
    // The first few hand-overs that failed, so a run's failures have a reason in its output.
    log: (event: string, f: Record<string, unknown>) => {
      if (event === 'outbox_deferred' && loggedFailures++ < 3)
        console.error(`[bench] direct hand-over deferred: ${JSON.stringify(f)}`);
    },
  };
  return {
    opened,
    openedEscalating,
    async openCase(i) {
      const result = await intake(alertBody(i, 'd')).catch((error) => {
        if (loggedFailures++ < 3)
          console.error(`[bench] direct intake failed: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      });
      if (result.status !== 'created' || !result.handOver) return false;
      const { handed, bookkeeping } = await handOverNow(outboxDeps, result.handOver);
      void bookkeeping();
      return handed;
    },
    async alert(i, api = 'quiet') {
      const base = api === 'quiet' ? stack.apiUrl : stack.latenessApiUrl;
      const { status, body } = await post(`${base}/alerts`, alertBody(i, api === 'quiet' ? 'q' : 'e'));
      if (status !== 201) return false;
      (api === 'quiet' ? opened : openedEscalating).push(String(body.caseId));
      return true;
    },
    async startLocating(caseId) {
      const { status, body } = await post(`${stack.apiUrl}/cases/${caseId}/locating/start`, {});
      return status === 200 && (body.case as { stage?: string } | undefined)?.stage === 'locating';
    },
    async getJson(path) {
      const response = await fetch(`${stack.apiUrl}${path}`, { headers: auth, signal: AbortSignal.timeout(60_000) });
      return { status: response.status, body: await response.json() };
    },
    async bareIntake(i) {
      await stack.db.pool.query('INSERT INTO bench_intake (ref, payload) VALUES ($1, $2)', [
        `BARE-${runTag}-${i}`,
        JSON.stringify(alertBody(i, 'b')),
      ]);
      await stack.client.workflow.start(noopWorkflow, {
        taskQueue: stack.baselineTaskQueue,
        workflowId: `bench-noop-${runTag}-${i}`,
      });
      return true;
    },
    async startWaiting(n) {
      const handles: WorkflowHandle<typeof waitingWorkflow>[] = [];
      for (let i = 0; i < n; i++) {
        handles.push(
          await stack.client.workflow.start(waitingWorkflow, {
            taskQueue: stack.baselineTaskQueue,
            workflowId: `bench-waiting-${runTag}-${i}`,
            // Reading queries the one the step scenario started.
            workflowIdConflictPolicy: 'USE_EXISTING',
          }),
        );
      }
      return handles;
    },
    async bareUpdate(handle) {
      return (await handle.executeUpdate(poke, { args: [1] })) > 0;
    },
    async fairIntake(i) {
      await stack.client.workflow.start(insertingWorkflow, {
        taskQueue: stack.baselineTaskQueue,
        workflowId: `bench-fair-${runTag}-${i}`,
        args: [`FAIR-${runTag}-${i}`],
      });
      fairStarted += 1;
      return true;
    },
    async fairRowsExist(timeoutMs) {
      const until = Date.now() + timeoutMs;
      const want = fairStarted;
      while (Date.now() < until) {
        const { rows } = await stack.db.pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM bench_floor WHERE ref LIKE 'FAIR-' || $1 || '-%'",
          [runTag],
        );
        if (rows[0].n >= want) return true;
        await new Promise((r) => setTimeout(r, 20));
      }
      return false;
    },
    async startRecording(n) {
      const handles: WorkflowHandle<typeof recordingWorkflow>[] = [];
      for (let i = 0; i < n; i++) {
        handles.push(
          await stack.client.workflow.start(recordingWorkflow, {
            taskQueue: stack.baselineTaskQueue,
            workflowId: `bench-recording-${runTag}-${i}`,
            args: [`REC-${runTag}-${i}`],
          }),
        );
      }
      return handles;
    },
    async floorStep(handle) {
      const response = await fetch(`${stack.bareBase}/step/${handle.workflowId}`, {
        method: 'POST',
        headers: { cookie: stack.sessionCookie },
        signal: AbortSignal.timeout(60_000),
      });
      return response.status === 200 && ((await response.json()) as { n: number }).n > 0;
    },
    async startTimer(id, dueAt) {
      await stack.client.workflow.start(timerWorkflow, {
        taskQueue: stack.baselineTaskQueue,
        workflowId: `bench-timer-${runTag}-${id}`,
        args: [id, dueAt.toISOString()],
      });
    },
  };
}
