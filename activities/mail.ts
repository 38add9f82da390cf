import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Transporter } from 'nodemailer';
import type { RecipientRole } from '../contract/policy.js';
import type { Db } from '../db/client.js';
import { deliveries } from '../db/schema.js';
import type { StateProfile } from '../domain/profiles/index.js';
import type { Directory, Recipient } from '../lib/directory/directory.js';
import { appendAudit } from '../lib/stores/audit-chain.js';
import { type Delivery, deliverEach } from './deliver-once.js';
import { renderMail } from './mail-templates.js';
import type { MailJob, MailResult } from './mail-types.js';

export interface MailDeps {
  db: Db;
  transport: Transporter;
  directory: Directory;
  from: string;
  publicUrl: string;
  /** The instance's state: its desk's and districts' names in the e-mails. */
  profile: StateProfile;
  onDirectoryGap: (caseId: string, role: RecipientRole) => Promise<void>;
}

/** Same inputs, same Message-ID: a resend after a crash is recognisable as the same message. */
export function messageIdFor(job: MailJob, recipient: string): string {
  const h = createHash('sha256')
    .update(`${job.caseId}|${job.step}|${job.level}|${recipient}`)
    .digest('hex')
    .slice(0, 24);
  return `<${job.caseId}.${h}@jeevan.invalid>`;
}

/** Who a job reaches. A role with nobody behind it goes to the SMC supervisor instead: never to no one. */
export async function recipientsFor(deps: MailDeps, job: MailJob): Promise<Recipient[]> {
  // Resolved at the time of sending: the people on duty now, not when the escalation was due.
  const ctx = {
    districtCode: job.districtCode,
    policeStation: job.policeStation,
    toState: job.toState,
    telecomOperator: job.telecomOperator,
    at: new Date(),
  };
  const out = new Map<string, Recipient>();
  for (const role of job.roles) {
    let found = await deps.directory.resolve(role, ctx);
    if (found.length === 0) {
      await deps.onDirectoryGap(job.caseId, role);
      found = await deps.directory.resolve('smc_supervisor', ctx);
    }
    for (const r of found) if (!out.has(r.email)) out.set(r.email, r);
  }
  return [...out.values()];
}

/** Sends one case e-mail to every recipient, at most once each (activities/deliver-once.ts). */
export async function sendCaseMail(deps: MailDeps, job: MailJob): Promise<MailResult> {
  const recipients = await recipientsFor(deps, job);
  const rendered = renderMail(job, `${deps.publicUrl}/cases/${job.caseId}`, deps.profile);
  const tally = await deliverEach(
    recipients,
    (r): Delivery => {
      const messageId = messageIdFor(job, r.email);
      const key = and(
        eq(deliveries.caseId, job.caseId),
        eq(deliveries.step, job.step),
        eq(deliveries.level, job.level),
        eq(deliveries.recipient, r.email),
      );
      return {
        async alreadySent() {
          await deps.db
            .insert(deliveries)
            .values({
              caseId: job.caseId,
              step: job.step,
              level: job.level,
              recipient: r.email,
              role: r.role,
              messageId,
              status: 'pending',
            })
            .onConflictDoNothing();
          const [row] = await deps.db.select({ status: deliveries.status }).from(deliveries).where(key);
          return row?.status === 'sent';
        },
        send: () =>
          deps.transport.sendMail({
            from: deps.from,
            to: { name: r.name, address: r.email },
            subject: rendered.subject,
            text: rendered.text,
            messageId,
            headers: {
              'X-Jeevan-Case': job.caseId,
              'X-Jeevan-Step': job.step,
              'X-Jeevan-Level': String(job.level),
              ...(job.drill ? { 'X-Jeevan-Drill': 'yes' } : {}),
            },
          }),
        async markSent() {
          const mark = (db: Db) =>
            db
              .update(deliveries)
              .set({ status: 'sent', sentAt: new Date(), attempts: sql`${deliveries.attempts} + 1`, lastError: null })
              .where(key);
          if (job.template !== 'telecom_request') return void (await mark(deps.db));
          // A request sent outside the police is in the audit log, committed with its mark (never one without the other).
          await deps.db.transaction(async (tx) => {
            await mark(tx as unknown as Db);
            await appendAudit(tx as unknown as Db, {
              actorId: 'system:mail',
              actorRole: 'system',
              action: 'request.telecom.sent',
              caseId: job.caseId,
              outcome: 'ok',
              details: { step: job.step, operator: job.telecomOperator, role: r.role, recipient: r.email, messageId },
            });
          });
        },
        async markFailed(message) {
          await deps.db
            .update(deliveries)
            .set({ status: 'failed', attempts: sql`${deliveries.attempts} + 1`, lastError: message })
            .where(key);
        },
      };
    },
    (r) => r.role,
  );
  return { ...tally, recipients: recipients.map((r) => r.email) };
}
