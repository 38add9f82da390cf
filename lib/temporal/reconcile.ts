// Temporal's history and the database must agree. The reconciler compares every case the
// database knows (and every case workflow Temporal knows) and reports each difference.
// With `repair`, it fixes what is safe to fix: a projection or events behind the workflow
// are rewritten from the workflow's own state (the same idempotent write the worker makes),
// and a case whose workflow never started is handed to the outbox again.
import type { Client } from '@temporalio/client';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { recordCase } from '../../activities/record-case.js';
import type { CaseInput, CaseState } from '../../contract/case.js';
import { CASE_WORKFLOW_TYPE } from '../../contract/ids.js';
import type { Db } from '../../db/client.js';
import { caseEvents, cases, outbox } from '../../db/schema.js';
import { type FieldCrypto, PLACE } from '../crypto/field-crypto.js';
import type { CaseClient } from './case-client.js';

export type Finding =
  | { caseId: string; kind: 'projection_behind'; detail: string; repaired: boolean }
  | { caseId: string; kind: 'events_missing'; detail: string; repaired: boolean }
  | { caseId: string; kind: 'workflow_missing'; detail: string; repaired: boolean }
  | { caseId: string; kind: 'workflow_not_running'; detail: string; repaired: boolean }
  | { caseId: string; kind: 'case_row_missing'; detail: string; repaired: boolean }
  | { caseId: string; kind: 'unreadable'; detail: string; repaired: false };

export interface ReconcileOptions {
  db: Db;
  /** Seals and opens the personal fields it reads and rewrites. */
  fields: FieldCrypto;
  client: Client;
  cases: CaseClient;
  /** The task queue whose case workflows are compared (one deployment's cases). */
  taskQueue: string;
  repair: boolean;
  /** Only cases opened at or after this time (default: every case not closed, plus the last 7 days). */
  since?: Date;
}

export async function reconcile(opts: ReconcileOptions): Promise<{ checked: number; findings: Finding[] }> {
  const since = opts.since ?? new Date(Date.now() - 7 * 24 * 3600_000);
  const rows = await opts.db
    .select({ id: cases.id, stage: cases.stage, version: cases.stateVersion, startedAt: cases.workflowStartedAt })
    .from(cases)
    // An erased case (retention) is closed for good: nothing in it is to be compared or restarted.
    .where(sql`(${cases.stage} <> 'closed' OR ${cases.openedAt} >= ${since}) AND ${cases.erasedAt} IS NULL`);
  const findings: Finding[] = [];

  for (const row of rows) {
    const status = await opts.cases.status(row.id).catch(() => 'UNKNOWN');
    if (status !== 'RUNNING') {
      // An open case without a running workflow has no escalation clock: the worst kind of silence.
      const kind = status === undefined ? ('workflow_missing' as const) : ('workflow_not_running' as const);
      const repaired = opts.repair && (await restartCase(opts, row.id));
      findings.push({
        caseId: row.id,
        kind,
        detail: `case in stage ${row.stage}, workflow ${status ?? 'absent'}`,
        repaired,
      });
      continue;
    }
    let state: Awaited<ReturnType<CaseClient['state']>>;
    try {
      state = await opts.cases.state(row.id, 10_000);
    } catch (error) {
      findings.push({
        caseId: row.id,
        kind: 'unreadable',
        detail: `could not ask the workflow (${error instanceof Error ? error.name : 'Error'})`,
        repaired: false,
      });
      continue;
    }
    const [{ n }] = await opts.db
      .select({ n: sql<number>`count(*)::int` })
      .from(caseEvents)
      .where(eq(caseEvents.caseId, row.id));
    const projectionBehind = row.version < state.version || row.stage !== state.stage;
    const eventsMissing = n < state.timeline.length;
    if (!projectionBehind && !eventsMissing) continue;
    if (opts.repair) {
      const { timeline, ...snapshot } = state;
      await recordCase(opts.db, opts.fields, { snapshot, events: timeline });
    }
    if (projectionBehind) {
      findings.push({
        caseId: row.id,
        kind: 'projection_behind',
        detail: `database v${row.version} ${row.stage}, workflow v${state.version} ${state.stage}`,
        repaired: opts.repair,
      });
    }
    if (eventsMissing) {
      findings.push({
        caseId: row.id,
        kind: 'events_missing',
        detail: `${n} of ${state.timeline.length} events recorded`,
        repaired: opts.repair,
      });
    }
  }

  // The other direction: case workflows Temporal runs that the database has no row for.
  const known = new Set(rows.map((r) => r.id));
  const query = `WorkflowType = '${CASE_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running' AND TaskQueue = '${opts.taskQueue.replace(/'/g, '')}'`;
  for await (const workflowId of runningWorkflowIds(opts.client, query)) {
    const caseId = workflowId.replace(/^case-/, '');
    if (known.has(caseId)) continue;
    const [row] = await opts.db.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
    if (row) continue;
    let repaired = false;
    if (opts.repair) {
      const state = await opts.cases.state(caseId, 10_000).catch(() => undefined);
      if (state) {
        const { timeline, ...snapshot } = state;
        await recordCase(opts.db, opts.fields, { snapshot, events: timeline });
        repaired = true;
      }
    }
    findings.push({
      caseId,
      kind: 'case_row_missing',
      detail: 'a running case workflow without a database row',
      repaired,
    });
  }
  return { checked: rows.length, findings };
}

/**
 * Starts a case's workflow again from its last known state: the workflow's own (a closed
 * workflow still answers queries) or, failing that, the database's snapshot and events.
 * The original input (with its policy snapshot) comes from the case's outbox row.
 */
async function restartCase(opts: ReconcileOptions, caseId: string): Promise<boolean> {
  const [start] = await opts.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.caseId, caseId), eq(outbox.kind, 'start_case')));
  if (!start) return false;
  const input = opts.fields.open<CaseInput>(
    start.payload,
    PLACE.outboxPayload(start.caseId, start.kind, start.dedupeKey),
  );
  let carried: CaseState | undefined = await opts.cases.state(caseId, 10_000).catch(() => undefined);
  if (!carried) {
    const [row] = await opts.db.select().from(cases).where(eq(cases.id, caseId));
    if (row?.snapshot) {
      const events = await opts.db
        .select()
        .from(caseEvents)
        .where(eq(caseEvents.caseId, caseId))
        .orderBy(asc(caseEvents.seq));
      carried = {
        ...opts.fields.open<Omit<CaseState, 'timeline'>>(row.snapshot, PLACE.caseSnapshot(caseId)),
        timeline: events.map((e) => ({
          seq: e.seq,
          at: e.at.toISOString(),
          kind: e.kind,
          summary: opts.fields.openText(e.summary, PLACE.eventSummary(caseId, e.seq)),
        })),
      };
    }
  }
  if (carried) {
    const { timeline, ...snapshot } = carried;
    await recordCase(opts.db, opts.fields, { snapshot, events: timeline });
  }
  await opts.cases.start(input, 10_000, carried);
  return true;
}

/**
 * Workflow IDs a visibility query finds, read without decoding memos: a workflow started in
 * Temporal with a plaintext memo (which the codec refuses) must not stop the comparison.
 */
async function* runningWorkflowIds(client: Client, query: string): AsyncGenerator<string> {
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.listWorkflowExecutions({
      namespace: client.options.namespace,
      query,
      nextPageToken,
    });
    for (const execution of page.executions ?? [])
      if (execution.execution?.workflowId) yield execution.execution.workflowId;
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
}

/** Outbox rows still waiting (for the report). */
export async function pendingOutbox(db: Db): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(isNull(outbox.doneAt));
  return n;
}
