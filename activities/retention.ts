// Retention: erases the personal fields of cases closed longer than the retention period,
// and the raw text of rejected alert e-mails older than it. The projection's clear columns
// (stage, district, times, outcome, gender, age band) are the anonymous statistics and
// stay, so the reports still count every erased case.
// Idempotent: each case is erased, marked (cases.erased_at) and audited in one transaction
// that first locks the row and checks the mark, so a retried or repeated run changes
// nothing twice and writes no second audit entry.
import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { EraseCasesInput, EraseCasesResult, EraseEmailsInput } from '../contract/retention.js';
import type { Db } from '../db/client.js';
import { alerts, caseEvents, caseIdentities, cases, outbox, rejectedEmails } from '../db/schema.js';
import { ERASED, erasedSummary, redactSnapshot } from '../domain/erasure.js';
import type { CaseSnapshot } from '../domain/projection.js';
import { type FieldCrypto, PLACE } from '../lib/crypto/field-crypto.js';
import { appendAudit } from '../lib/stores/audit-chain.js';

export interface RetentionDeps {
  db: Db;
  fields: FieldCrypto;
  log: (event: string, fields: Record<string, unknown>) => void;
}

const ACTOR = { actorId: 'system:retention', actorRole: 'system' } as const;
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** One batch of due cases, in (closed_at, id) order after the cursor. */
export async function eraseExpiredCases(deps: RetentionDeps, input: EraseCasesInput): Promise<EraseCasesResult> {
  const cutoff = new Date(input.cutoff);
  const after = input.after;
  const due = await deps.db
    .select({ id: cases.id, closedAt: cases.closedAt })
    .from(cases)
    .where(
      and(
        isNull(cases.erasedAt),
        lt(cases.closedAt, cutoff),
        after
          ? or(
              gt(cases.closedAt, new Date(after.closedAt)),
              and(eq(cases.closedAt, new Date(after.closedAt)), gt(cases.id, after.caseId)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(cases.closedAt), asc(cases.id))
    .limit(input.batchSize);
  let erased = 0;
  let failed = 0;
  for (const row of due) {
    try {
      if (await eraseCase(deps, row.id, cutoff, input.retentionDays)) erased += 1;
    } catch (error) {
      // One unreadable case (e.g. sealed with a key no longer configured) must not stop the
      // others: it is audited as failed and tried again by the next run.
      failed += 1;
      const reason = error instanceof Error ? error.name : 'Error';
      deps.log('retention_erase_failed', { caseId: row.id, reason });
      await appendAudit(deps.db, {
        ...ACTOR,
        action: 'retention.erase',
        caseId: row.id,
        outcome: 'failed',
        details: { reason },
      });
    }
  }
  const last = due.at(-1);
  const next =
    due.length === input.batchSize && last?.closedAt
      ? { closedAt: last.closedAt.toISOString(), caseId: last.id }
      : undefined;
  if (erased || failed) deps.log('retention_batch', { erased, failed });
  return { erased, failed, ...(next ? { next } : {}) };
}

async function eraseCase(deps: RetentionDeps, caseId: string, cutoff: Date, retentionDays: number): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ snapshot: cases.snapshot, closedAt: cases.closedAt, erasedAt: cases.erasedAt })
      .from(cases)
      .where(eq(cases.id, caseId))
      .for('update');
    // Erased meanwhile (an overlapping run), or no longer due: nothing to do.
    if (!row || row.erasedAt || !row.closedAt || row.closedAt >= cutoff) return false;
    const place = PLACE.caseSnapshot(caseId);
    const snapshot = row.snapshot
      ? deps.fields.seal(redactSnapshot(deps.fields.open<CaseSnapshot>(row.snapshot, place)), place)
      : null;
    const erasedAlerts = await tx
      .update(alerts)
      .set({ details: null })
      .where(and(eq(alerts.caseId, caseId), isNotNull(alerts.details)))
      .returning({ id: alerts.id });
    const events = await eraseEventText(deps.fields, tx, caseId);
    // The keyed hashes of phone, account and e-mail are personal too: an erased case no longer matches a new alert.
    const identities = await tx
      .delete(caseIdentities)
      .where(eq(caseIdentities.caseId, caseId))
      .returning({ kind: caseIdentities.kind });
    // The outbox rows carried the case input for Temporal; long delivered.
    const handovers = await tx.delete(outbox).where(eq(outbox.caseId, caseId)).returning({ id: outbox.id });
    await tx.update(cases).set({ snapshot, erasedAt: new Date() }).where(eq(cases.id, caseId));
    await appendAudit(tx as unknown as Db, {
      ...ACTOR,
      action: 'retention.erase',
      caseId,
      outcome: 'ok',
      details: {
        closedAt: row.closedAt.toISOString(),
        retentionDays,
        alerts: erasedAlerts.length,
        events,
        identities: identities.length,
        outbox: handovers.length,
        snapshot: snapshot !== null,
      },
    });
    return true;
  });
}

/** Replaces every event summary of the case with one that keeps only its kind and stages. */
async function eraseEventText(fields: FieldCrypto, tx: Tx, caseId: string): Promise<number> {
  const events = await tx
    .select({
      seq: caseEvents.seq,
      kind: caseEvents.kind,
      fromStage: caseEvents.fromStage,
      toStage: caseEvents.toStage,
    })
    .from(caseEvents)
    .where(eq(caseEvents.caseId, caseId));
  if (events.length === 0) return 0;
  const values = events.map(
    (e) =>
      sql`(${e.seq}::int, ${fields.sealText(erasedSummary(e.kind, e.fromStage, e.toStage), PLACE.eventSummary(caseId, e.seq))})`,
  );
  await tx.execute(
    sql`UPDATE case_events AS e SET summary = v.summary FROM (VALUES ${sql.join(values, sql`, `)}) AS v(seq, summary) WHERE e.case_id = ${caseId} AND e.seq = v.seq`,
  );
  return events.length;
}

/**
 * One batch of rejected alert e-mails received before the cutoff: their raw text, sender, Message-ID and reason are
 * erased. Returns how many.
 */
export async function eraseExpiredRejectedEmails(deps: RetentionDeps, input: EraseEmailsInput): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select({ id: rejectedEmails.id })
      .from(rejectedEmails)
      .where(
        and(
          // The envelope sender, Message-ID and reason can name or reach the person too.
          or(
            isNotNull(rejectedEmails.raw),
            isNotNull(rejectedEmails.envelopeFrom),
            isNotNull(rejectedEmails.messageId),
            ne(rejectedEmails.reason, ERASED),
          ),
          lt(rejectedEmails.receivedAt, new Date(input.cutoff)),
        ),
      )
      .orderBy(asc(rejectedEmails.receivedAt))
      .limit(input.batchSize)
      .for('update', { skipLocked: true });
    if (due.length === 0) return 0;
    const ids = due.map((r) => r.id);
    await tx
      .update(rejectedEmails)
      .set({ raw: null, envelopeFrom: null, messageId: null, reason: ERASED })
      .where(inArray(rejectedEmails.id, ids));
    await appendAudit(tx as unknown as Db, {
      ...ACTOR,
      action: 'retention.erase_rejected_emails',
      outcome: 'ok',
      details: { count: ids.length, ids, retentionDays: input.retentionDays },
    });
    return ids.length;
  });
}
