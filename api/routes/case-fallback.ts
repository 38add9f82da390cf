// Reading a case when its workflow cannot be asked (Temporal down, no worker, or the
// workflow not yet started from the outbox): the last state the workflow saved, with the
// timeline from case_events.
import { asc, eq } from 'drizzle-orm';
import type { CaseState, TimelineEntry } from '../../contract/case.js';
import type { Db } from '../../db/client.js';
import { caseEvents, cases } from '../../db/schema.js';
import { type FieldCrypto, PLACE } from '../../lib/crypto/field-crypto.js';
import { ApiError } from '../errors.js';

export async function caseFromDatabase(db: Db, fields: FieldCrypto, caseId: string): Promise<CaseState> {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  if (!row) throw new ApiError(404, 'not_found', `no case ${caseId}`);
  const events = await db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id)).orderBy(asc(caseEvents.seq));
  const timeline: TimelineEntry[] = events.map((e) => ({
    seq: e.seq,
    at: e.at.toISOString(),
    kind: e.kind,
    summary: fields.openText(e.summary, PLACE.eventSummary(e.caseId, e.seq)),
    ...(e.fromStage ? { from: e.fromStage as TimelineEntry['from'] } : {}),
    ...(e.toStage ? { to: e.toStage as TimelineEntry['to'] } : {}),
    ...(e.actorId ? { by: { id: e.actorId, role: (e.actorRole ?? 'system') as never } } : {}),
  }));
  if (row.snapshot)
    return { ...fields.open<Omit<CaseState, 'timeline'>>(row.snapshot, PLACE.caseSnapshot(row.id)), timeline };
  // Stored but its workflow has not started yet: what the database alone knows.
  return {
    caseId: row.id,
    stage: row.stage as CaseState['stage'],
    severity: row.severity as CaseState['severity'],
    drill: row.drill,
    legalGround: row.legalGround,
    openedAt: row.openedAt.toISOString(),
    policyVersion: row.policyVersion,
    alerts: [],
    locating: { enquiries: [], hints: [] },
    requiredAcks: [],
    acks: {},
    followUps: [],
    milestones: { received: row.openedAt.toISOString() },
    escalation: { sent: {}, history: [], overrides: [], level: 0, overdue: false },
    mailProblems: [],
    notes: [],
    timeline,
    version: 0,
  };
}
