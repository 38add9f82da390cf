// Sends the daily digest to the SMC in-charge (whoever the directory has on duty when it is
// sent; the supervisor when nobody is). One delivery row per (period, recipient), through the
// one delivery loop (deliver-once.ts), so a retried activity mails each person once. It also
// carries the audit chain's head (the anchor) out of the database: kept mail lets
// `npm run audit:verify -- --anchor <seq>:<hash>` find a chain cut short since.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type { DigestInput, DigestResult } from '../contract/digest.js';
import type { Db } from '../db/client.js';
import { cases, digestDeliveries } from '../db/schema.js';
import { digestText } from '../domain/digest-text.js';
import type { StateProfile } from '../domain/profiles/index.js';
import type { Directory } from '../lib/directory/directory.js';
import { anchorText, auditAnchor } from '../lib/stores/audit-chain.js';
import { buildReports } from '../lib/stores/reports.js';
import { type Delivery, deliverEach } from './deliver-once.js';

export interface DigestDeps {
  db: Db;
  transport: Transporter;
  directory: Directory;
  from: string;
  /** The instance's state: its desk's name signs the digest. */
  profile: StateProfile;
  onDirectoryGap: () => Promise<void>;
}

export async function sendDailyDigest(deps: DigestDeps, input: DigestInput): Promise<DigestResult> {
  const to = new Date(input.periodEnd);
  const period = { from: new Date(to.getTime() - 24 * 3600_000), to };
  const reports = await buildReports(deps.db, period);
  const [overdue] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(and(eq(cases.overdue, true), eq(cases.drill, false), sql`${cases.stage} <> 'closed'`));
  const digest = digestText(reports, period, overdue?.n ?? 0, deps.profile);
  const anchor = await auditAnchor(deps.db);
  const subject = digest.subject;
  const text = anchor
    ? `${digest.text}\nAudit anchor / ऑडिट एंकर: ${anchorText(anchor)} (${anchor.at})\nKeep this e-mail: npm run audit:verify -- --anchor ${anchorText(anchor)}\n`
    : digest.text;
  let recipients = await deps.directory.resolve('smc_incharge', { at: new Date() });
  if (recipients.length === 0) {
    await deps.onDirectoryGap();
    recipients = await deps.directory.resolve('smc_supervisor', { at: new Date() });
  }
  const tally = await deliverEach(
    recipients,
    (r): Delivery => {
      const key = and(eq(digestDeliveries.periodEnd, to), eq(digestDeliveries.recipient, r.email));
      const messageId = `<digest.${createHash('sha256').update(`${to.toISOString()}|${r.email}`).digest('hex').slice(0, 24)}@jeevan.invalid>`;
      return {
        async alreadySent() {
          await deps.db
            .insert(digestDeliveries)
            .values({ periodEnd: to, recipient: r.email, messageId, status: 'pending' })
            .onConflictDoNothing();
          const [row] = await deps.db.select({ status: digestDeliveries.status }).from(digestDeliveries).where(key);
          return row?.status === 'sent';
        },
        send: () =>
          deps.transport.sendMail({
            from: deps.from,
            to: { name: r.name, address: r.email },
            subject,
            text,
            messageId,
            headers: { 'X-Jeevan-Digest': to.toISOString() },
          }),
        async markSent() {
          await deps.db
            .update(digestDeliveries)
            .set({
              status: 'sent',
              sentAt: new Date(),
              attempts: sql`${digestDeliveries.attempts} + 1`,
              lastError: null,
            })
            .where(key);
        },
        async markFailed(message) {
          await deps.db
            .update(digestDeliveries)
            .set({ status: 'failed', attempts: sql`${digestDeliveries.attempts} + 1`, lastError: message })
            .where(key);
        },
      };
    },
    (r) => r.email,
  );
  return {
    periodEnd: to.toISOString(),
    recipients: recipients.map((r) => r.email),
    ...tally,
    ...(anchor ? { auditAnchor: anchorText(anchor) } : {}),
  };
}
