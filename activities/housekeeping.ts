// The daily run's housekeeping beside erasure (issue 12 item 8): delivered outbox rows,
// whose sealed payloads carried a case's alert to Temporal, are pruned once delivered a day;
// and a case still open past OPEN_CASE_REPORT_DAYS is reported to the SMC supervisor, by
// e-mail and a supervisor_alerts row, once per case. A case that never closes would
// otherwise never reach retention, and keep its person's data for good.
import { createHash } from 'node:crypto';
import { and, asc, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type { LongOpenInput, PruneOutboxInput } from '../contract/retention.js';
import type { Db } from '../db/client.js';
import { cases, outbox, supervisorAlerts } from '../db/schema.js';
import type { Directory } from '../lib/directory/directory.js';
import { appendAudit } from '../lib/stores/audit-chain.js';

export interface HousekeepingDeps {
  db: Db;
  transport: Transporter;
  directory: Directory;
  mailFrom: string;
  publicUrl: string;
  log: (event: string, fields: Record<string, unknown>) => void;
}

const ACTOR = { actorId: 'system:retention', actorRole: 'system' } as const;
export const LONG_OPEN_KIND = 'case_open_too_long';
const dedupeKey = (caseId: string) => `open-too-long:${caseId}`;

/** Deletes one batch of outbox rows delivered before the cutoff; returns how many. */
export async function pruneDeliveredOutbox(
  deps: Pick<HousekeepingDeps, 'db'>,
  input: PruneOutboxInput,
): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(isNotNull(outbox.doneAt), lt(outbox.doneAt, new Date(input.deliveredBefore))))
      .orderBy(asc(outbox.doneAt))
      .limit(input.batchSize)
      .for('update', { skipLocked: true });
    if (due.length === 0) return 0;
    await tx.delete(outbox).where(
      inArray(
        outbox.id,
        due.map((r) => r.id),
      ),
    );
    await appendAudit(tx as unknown as Db, {
      ...ACTOR,
      action: 'retention.prune_outbox',
      outcome: 'ok',
      details: { count: due.length },
    });
    return due.length;
  });
}

/**
 * Reports the cases open since before the cutoff that were not reported yet: one e-mail to
 * the SMC supervisors listing them (case numbers, stages and ages only), then one
 * supervisor_alerts row each. A retry after the mail and before the rows resends the same
 * Message-ID, which a mail system shows once. Returns how many cases were reported.
 */
export async function reportLongOpenCases(deps: HousekeepingDeps, input: LongOpenInput): Promise<number> {
  const openedBefore = new Date(input.openedBefore);
  const due = await deps.db
    .select({ id: cases.id, stage: cases.stage, openedAt: cases.openedAt })
    .from(cases)
    .where(
      and(
        sql`${cases.stage} <> 'closed'`,
        lt(cases.openedAt, openedBefore),
        sql`NOT EXISTS (SELECT 1 FROM ${supervisorAlerts} WHERE ${supervisorAlerts.dedupeKey} = 'open-too-long:' || ${cases.id})`,
      ),
    )
    .orderBy(asc(cases.openedAt))
    .limit(input.batchSize);
  if (due.length === 0) return 0;
  const days = (at: Date) => Math.floor((Date.now() - at.getTime()) / 86_400_000);
  const lines = due.map(
    (c) => `  ${c.id}  ${c.stage.padEnd(12)} open ${days(c.openedAt)} days  ${deps.publicUrl}/console/cases/${c.id}`,
  );
  const recipients = await deps.directory.resolve('smc_supervisor', { at: new Date() });
  const subject = `[Jeevan] ${due.length} case(s) open longer than ${input.days} days / ${input.days} दिन से अधिक खुले केस`;
  const text = [
    `These cases have been open longer than ${input.days} days. Close each with its outcome, or record why it stays open:`,
    `ये केस ${input.days} दिन से अधिक समय से खुले हैं। प्रत्येक को परिणाम के साथ बंद करें, या खुला रहने का कारण दर्ज करें:`,
    '',
    ...lines,
    '',
    'A case that never closes is never erased: its personal data stays until it does.',
  ].join('\n');
  const messageId = `<open-too-long.${createHash('sha256')
    .update(due.map((c) => c.id).join(','))
    .digest('hex')
    .slice(0, 24)}@jeevan.invalid>`;
  for (const r of recipients) {
    await deps.transport.sendMail({
      from: deps.mailFrom,
      to: { name: r.name, address: r.email },
      subject,
      text: `${text}\n`,
      messageId,
    });
  }
  await deps.db
    .insert(supervisorAlerts)
    .values(
      due.map((c) => ({
        caseId: c.id,
        kind: LONG_OPEN_KIND,
        dedupeKey: dedupeKey(c.id),
        message: `Case ${c.id} has been open longer than ${input.days} days (stage ${c.stage}).`,
      })),
    )
    .onConflictDoNothing();
  deps.log('long_open_cases_reported', { count: due.length, recipients: recipients.length });
  return due.length;
}
