// Connects the inbound SMTP listener to the one intake path: an alert e-mail becomes a case
// exactly as a POST /alerts would; a mail that is not a readable alert is kept, with the
// reason, for an operator (GET /intake/rejected-emails).
import { randomUUID } from 'node:crypto';
import { rejectedEmails } from '../../db/schema.js';
import { PLACE } from '../../lib/crypto/field-crypto.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { handOverNow } from './hand-over.js';
import { IntakeRefused, type IntakeSmtpOptions } from './smtp-listener.js';

export function emailIntakeHandlers(deps: AppDeps): Pick<IntakeSmtpOptions, 'accept' | 'reject'> {
  return {
    async accept(alert, meta) {
      let result: Awaited<ReturnType<AppDeps['intake']>>;
      try {
        // The sender's Message-ID makes a resent e-mail land on the same case.
        result = await deps.intake(alert, { idempotencyKey: meta.messageId ? `email:${meta.messageId}` : undefined });
      } catch (error) {
        // A refusal for good (the alert itself is unusable) is kept for an operator;
        // anything else (the database down) is temporary and the sender retries.
        if (error instanceof ApiError && error.status < 500) throw new IntakeRefused(error.message);
        throw error;
      }
      if (result.handOver) await (await handOverNow(deps.outbox, result.handOver)).bookkeeping();
      deps.metrics.alertsReceived.inc({ status: result.status, workflow: 'email' });
      return { caseId: result.caseId };
    },
    async reject(raw, reason, meta) {
      const id = randomUUID();
      await deps.db.insert(rejectedEmails).values({
        id,
        envelopeFrom: meta.envelopeFrom ?? null,
        messageId: meta.messageId ?? null,
        reason: [reason, ...(meta.warnings ?? [])].join('; ').slice(0, 2000),
        raw: deps.fields.sealText(raw, PLACE.rejectedEmail(id)),
        sizeBytes: Buffer.byteLength(raw),
      });
    },
  };
}
