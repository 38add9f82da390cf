// The durable outbox: what intake committed to PostgreSQL reaches Temporal, now or as
// soon as Temporal is back. Starting a case is idempotent by workflow ID and attaching an
// alert is idempotent by alert ID in the workflow, so a row delivered twice does no harm.
import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import type { AlertSummary, CaseInput } from '../../contract/case.js';
import type { Db } from '../../db/client.js';
import { cases, outbox, supervisorAlerts } from '../../db/schema.js';
import { type FieldCrypto, PLACE } from '../../lib/crypto/field-crypto.js';
import { type CaseClient, CaseNotFoundError, TemporalUnavailableError } from '../../lib/temporal/case-client.js';

export interface OutboxDeps {
  db: Db;
  /** Opens the sealed payloads. */
  fields: FieldCrypto;
  cases: CaseClient;
  /** How long one hand-over may take before it is left for the next pass. */
  timeoutMs?: number;
  log: (event: string, fields: Record<string, unknown>) => void;
}

type Row = typeof outbox.$inferSelect;

/** Gives a further alert to its case's workflow; if the case closed meanwhile, a supervisor is told instead. */
export async function attachOrFlag(
  deps: Pick<OutboxDeps, 'db' | 'cases' | 'timeoutMs'>,
  caseId: string,
  alert: AlertSummary,
  dedupeKey: string,
) {
  try {
    await deps.cases.attachAlert(caseId, alert, deps.timeoutMs);
  } catch (error) {
    if (!(error instanceof CaseNotFoundError)) throw error;
    // The case closed between intake and delivery. Keep the alert visible to a supervisor.
    await deps.db
      .insert(supervisorAlerts)
      .values({
        caseId,
        kind: 'alert_after_close',
        dedupeKey: `attach:${dedupeKey}`,
        message: `A further alert for case ${caseId} arrived as the case closed; review it and reopen if needed.`,
      })
      .onConflictDoNothing();
  }
}

/** Hands one row to Temporal. Returns true when it is done. */
async function deliver(deps: OutboxDeps, row: Row): Promise<boolean> {
  const payload = () => deps.fields.open(row.payload, PLACE.outboxPayload(row.caseId, row.kind, row.dedupeKey));
  if (row.kind === 'start_case') {
    await deps.cases.start(payload() as CaseInput, deps.timeoutMs);
    await deps.db
      .update(cases)
      .set({ workflowStartedAt: new Date() })
      .where(and(eq(cases.id, row.caseId), isNull(cases.workflowStartedAt)));
    return true;
  }
  if (row.kind === 'attach_alert') {
    await attachOrFlag(deps, row.caseId, payload() as AlertSummary, row.dedupeKey);
    return true;
  }
  throw new Error(`unknown outbox kind ${row.kind}`);
}

async function markResult(db: Db, row: Row, error?: unknown) {
  if (!error) {
    await db.update(outbox).set({ doneAt: new Date(), lastError: null }).where(eq(outbox.id, row.id));
    return;
  }
  const attempts = row.attempts + 1;
  const delayMs = Math.min(60_000, 500 * 2 ** Math.min(attempts, 7));
  await db
    .update(outbox)
    .set({
      attempts,
      lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
      nextAttemptAt: new Date(Date.now() + delayMs),
    })
    .where(eq(outbox.id, row.id));
}

/** Right after intake commits: try this one row now so the usual path has no delay. */
export async function deliverNow(deps: OutboxDeps, id: number): Promise<boolean> {
  let row: Row | undefined;
  try {
    [row] = await deps.db.select().from(outbox).where(eq(outbox.id, id));
    if (!row || row.doneAt) return true;
    await deliver(deps, row);
    await markResult(deps.db, row);
    return true;
  } catch (error) {
    if (row) await markResult(deps.db, row, error).catch(() => {});
    deps.log('outbox_deferred', {
      caseId: row?.caseId,
      kind: row?.kind,
      reason: error instanceof Error ? error.name : 'error',
    });
    return false;
  }
}

/** One pass over due rows, oldest first. Rows are locked so several API processes can drain together. */
export async function drainOnce(deps: OutboxDeps, batch = 50): Promise<{ delivered: number; failed: number }> {
  let delivered = 0;
  let failed = 0;
  await deps.db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(outbox)
      .where(and(isNull(outbox.doneAt), lte(outbox.nextAttemptAt, new Date())))
      .orderBy(asc(outbox.id))
      .limit(batch)
      .for('update', { skipLocked: true });
    const blocked = new Set<string>();
    for (const row of rows) {
      // Keep each case's rows in order: no attach before its case has started.
      if (blocked.has(row.caseId)) continue;
      try {
        await deliver({ ...deps, db: tx as unknown as Db }, row);
        await markResult(tx as unknown as Db, row);
        delivered += 1;
      } catch (error) {
        blocked.add(row.caseId);
        await markResult(tx as unknown as Db, row, error);
        failed += 1;
        // Temporal is down: the rest of the batch would only wait out the same timeout.
        if (error instanceof TemporalUnavailableError) break;
      }
    }
  });
  return { delivered, failed };
}

/** Pending rows (metrics, readiness). */
export async function outboxDepth(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(isNull(outbox.doneAt));
  return row?.n ?? 0;
}

/** Drains every `intervalMs` until stopped. */
export function startOutboxDrainer(deps: OutboxDeps, intervalMs: number): { stop(): Promise<void> } {
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    if (stopped) return;
    current = drainOnce(deps)
      .then((r) => {
        if (r.delivered || r.failed) deps.log('outbox_drained', r);
      })
      .catch((error) => deps.log('outbox_error', { reason: error instanceof Error ? error.message : String(error) }));
    await current;
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  let timer = setTimeout(tick, intervalMs);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}

/** Delivers a case's pending rows now (a step arrived for a case whose workflow is still queued). */
export async function deliverPendingFor(deps: OutboxDeps, caseId: string): Promise<boolean> {
  const rows = await deps.db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.caseId, caseId), isNull(outbox.doneAt)))
    .orderBy(asc(outbox.id));
  for (const row of rows) if (!(await deliverNow(deps, row.id))) return false;
  return true;
}
