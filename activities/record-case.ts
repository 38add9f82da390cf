import { sql } from 'drizzle-orm';
import type { TimelineEntry } from '../contract/case.js';
import type { Db } from '../db/client.js';
import { caseEvents, caseIdentities, cases } from '../db/schema.js';
import { type CaseSnapshot, projectionOf } from '../domain/projection.js';
import { type FieldCrypto, PLACE } from '../lib/crypto/field-crypto.js';

export interface RecordCaseInput {
  snapshot: CaseSnapshot;
  events: TimelineEntry[];
}

/**
 * Writes the projection and the new events in one transaction. Idempotent: events are
 * keyed by (case, seq) and the projection only moves forward (state_version), so a
 * retried or reordered call changes nothing twice.
 */
export async function recordCase(db: Db, fields: FieldCrypto, { snapshot, events }: RecordCaseInput): Promise<void> {
  // The snapshot and the event summaries hold personal data: sealed. The projection's columns are the clear statistics.
  const row = {
    ...projectionOf(snapshot),
    snapshot: fields.seal(snapshot, PLACE.caseSnapshot(snapshot.caseId)),
    updatedAt: new Date(),
  };
  await db.transaction(async (tx) => {
    const { id: _id, openedAt: _openedAt, workflowId: _workflowId, legalGround: _legalGround, ...changes } = row;
    await tx
      .insert(cases)
      .values(row)
      // An erased case is never written back (a late write must not restore what retention erased).
      .onConflictDoUpdate({
        target: cases.id,
        set: changes,
        setWhere: sql`${cases.stateVersion} < excluded.state_version and ${cases.erasedAt} is null`,
      });
    if (events.length > 0) {
      await tx
        .insert(caseEvents)
        .values(
          events.map((e) => ({
            caseId: snapshot.caseId,
            seq: e.seq,
            kind: e.kind,
            fromStage: e.from ?? null,
            toStage: e.to ?? null,
            actorId: e.by?.id ?? null,
            actorRole: e.by?.role ?? null,
            at: new Date(e.at),
            summary: fields.sealText(e.summary, PLACE.eventSummary(snapshot.caseId, e.seq)),
            details: e.details ?? null,
          })),
        )
        .onConflictDoNothing({ target: [caseEvents.caseId, caseEvents.seq] });
    }
    if (snapshot.stage === 'closed') {
      await tx.update(caseIdentities).set({ open: false }).where(sql`${caseIdentities.caseId} = ${snapshot.caseId}`);
    }
  });
}
