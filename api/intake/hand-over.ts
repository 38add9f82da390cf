// The hand-over right after intake commits, on the alert's critical path (issue 16): the
// payload intake just sealed is handed on in the clear instead of being read back and
// opened, and the bookkeeping (workflow_started_at, done_at) is written after the reply.
// The outbox drainer is idempotent, so a row it meets before its bookkeeping only starts
// (or attaches) again, which Temporal and the workflow turn into nothing.
import { sql } from 'drizzle-orm';
import type { AlertSummary, CaseInput } from '../../contract/case.js';
import { attachOrFlag, type OutboxDeps } from './outbox.js';

export type HandOver =
  | { id: number; caseId: string; kind: 'start_case'; dedupeKey: string; payload: CaseInput }
  | { id: number; caseId: string; kind: 'attach_alert'; dedupeKey: string; payload: AlertSummary };

export interface Handed {
  /** Temporal has the case (started) or the alert (attached). */
  handed: boolean;
  /** The bookkeeping, to run after the reply; it never rejects. */
  bookkeeping(): Promise<void>;
}

/** Hands a committed outbox row to Temporal; returns once Temporal answered, leaving the writes for later. */
export async function handOverNow(deps: OutboxDeps, row: HandOver): Promise<Handed> {
  try {
    if (row.kind === 'start_case') await deps.cases.start(row.payload, deps.timeoutMs);
    else await attach(deps, row);
  } catch (error) {
    deps.log('outbox_deferred', {
      caseId: row.caseId,
      kind: row.kind,
      reason: error instanceof Error ? error.name : 'error',
    });
    return { handed: false, bookkeeping: () => quietly(deps, row, failed(deps, row, error)) };
  }
  return { handed: true, bookkeeping: () => quietly(deps, row, done(deps, row)) };
}

async function attach(deps: OutboxDeps, row: Extract<HandOver, { kind: 'attach_alert' }>): Promise<void> {
  await attachOrFlag(deps, row.caseId, row.payload, row.dedupeKey);
}

/** Both writes in one round trip. */
async function done(deps: OutboxDeps, row: HandOver): Promise<void> {
  if (row.kind === 'start_case') {
    await deps.db.execute(sql`WITH started AS (
      UPDATE cases SET workflow_started_at = now() WHERE id = ${row.caseId} AND workflow_started_at IS NULL
    ) UPDATE outbox SET done_at = now(), last_error = NULL WHERE id = ${row.id}`);
  } else {
    await deps.db.execute(sql`UPDATE outbox SET done_at = now(), last_error = NULL WHERE id = ${row.id}`);
  }
}

/** A first failed attempt: the drainer retries from the row. */
async function failed(deps: OutboxDeps, row: HandOver, error: unknown): Promise<void> {
  const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
  await deps.db.execute(
    sql`UPDATE outbox SET attempts = attempts + 1, last_error = ${reason}, next_attempt_at = now() + interval '1 second' WHERE id = ${row.id}`,
  );
}

/** A failed write is logged with its cause (the drainer finishes the row later). */
async function quietly(deps: OutboxDeps, row: HandOver, write: Promise<void>): Promise<void> {
  await write.catch((error) => {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
    deps.log('outbox_bookkeeping_failed', {
      caseId: row.caseId,
      kind: row.kind,
      reason: cause ?? (error instanceof Error ? error.name : String(error)),
    });
  });
}
