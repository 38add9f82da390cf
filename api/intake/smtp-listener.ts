// Inbound SMTP for Meta's alert e-mails. Each message is parsed and handed to the intake path.
//
// The SMTP answer is how nothing gets lost:
// - 250 only once the message is safely with us: accepted as an alert, or kept for an operator.
//   A mail we cannot read is kept, not bounced: a bounce goes to a sender's robot that cannot
//   fix it, while the person at risk is still at risk; an operator can read what we could not.
// - 451 (temporary) when storing fails, e.g. the database is down: the sending server keeps the
//   mail and retries, so the alert arrives once we are back.
// - 552 (permanent) for a message over the size limit, after its first maxBytes were kept for
//   an operator: the sender learns it did not fully arrive.
// Logs carry case ids, message ids and reasons only, never the alert's personal data.
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { AlertIntake } from '../../contract/alert.js';
import { parseAlertEmail } from './email-parser.js';
import { gateOptions, type IntakeAccess, smtpError } from './smtp-gate.js';

export interface IntakeMailMeta {
  messageId?: string;
  envelopeFrom?: string;
  /** What the parser guessed or could not read (labels only): worth showing to the operator. */
  warnings?: string[];
}

/**
 * Thrown by accept when the intake path refuses the alert for good (not a passing outage):
 * the mail is then kept through reject instead of being retried by the sender forever.
 */
export class IntakeRefused extends Error {
  override name = 'IntakeRefused';
}

export interface IntakeSmtpOptions {
  host: string;
  port: number;
  /** Who may connect and send (smtp-gate.ts): the listener is never open to anyone. */
  access: IntakeAccess;
  /** Largest message taken, in bytes (default 2 MiB). */
  maxBytes?: number;
  /** Opens or attaches the case. Throws on a temporary failure (answered 451), or IntakeRefused. */
  accept(alert: AlertIntake, meta: IntakeMailMeta): Promise<{ caseId: string }>;
  /** Keeps a mail that is not a readable alert for an operator, with the reason. */
  reject(raw: string, reason: string, meta: IntakeMailMeta): Promise<void>;
  log?: (event: string, fields: Record<string, unknown>) => void;
}

export interface IntakeSmtp {
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;

/** Error name and code only: a driver's message can quote the values it failed to write. */
const describe = (error: unknown) => ({
  error: error instanceof Error ? error.name : typeof error,
  code: (error as { code?: unknown } | null)?.code,
});

export async function startIntakeSmtp(opts: IntakeSmtpOptions): Promise<IntakeSmtp> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const log = opts.log ?? (() => {});

  /** The reply: a text for 250, or an Error carrying its SMTP code. Throws when storing failed. */
  async function handle(raw: Buffer, oversized: boolean, session: SMTPServerSession): Promise<string | Error> {
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined;
    const text = raw.toString('utf8');
    if (oversized) {
      const reason = `message over the ${maxBytes}-byte limit; only its first ${maxBytes} bytes were kept`;
      await opts.reject(text, reason, { envelopeFrom });
      log('intake.email.oversized', { reason });
      return smtpError(552, `Message exceeds the ${maxBytes}-byte limit; the start of it was kept for an operator`);
    }
    const parsed = await parseAlertEmail(raw);
    const { messageId } = parsed;
    if (parsed.ok) {
      try {
        const { caseId } = await opts.accept(parsed.alert, { messageId, envelopeFrom, warnings: parsed.warnings });
        log('intake.email.accepted', { caseId, messageId, warnings: parsed.warnings });
        return `Accepted as case ${caseId}`;
      } catch (error) {
        if (!(error instanceof IntakeRefused)) throw error;
        await opts.reject(text, `intake refused the alert: ${error.message}`, {
          messageId,
          envelopeFrom,
          warnings: parsed.warnings,
        });
        // The refusal's text is stored with the mail but not logged: it may quote a field's value.
        log('intake.email.refused', { messageId });
        return 'Kept for an operator: intake refused the alert';
      }
    }
    await opts.reject(text, parsed.reason, { messageId, envelopeFrom });
    log('intake.email.rejected', { messageId, reason: parsed.reason });
    return 'Kept for an operator: not readable as an alert';
  }

  function onData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null, message?: string) => void,
  ) {
    const chunks: Buffer[] = [];
    let kept = 0;
    let answered = false;
    const answer = (err: Error | null, message?: string) => {
      if (answered) return; // a stream error after the end must not answer twice
      answered = true;
      callback(err, message);
    };
    stream.on('data', (chunk: Buffer) => {
      // Past the limit the rest is read and dropped: memory stays bounded whatever is sent.
      if (kept >= maxBytes) return;
      const part = chunk.subarray(0, maxBytes - kept);
      chunks.push(part);
      kept += part.length;
    });
    stream.once('error', (error) => {
      log('intake.email.stream_error', describe(error));
      answer(smtpError(451, 'Could not read the message; please retry'));
    });
    stream.once('end', () => {
      handle(Buffer.concat(chunks), stream.sizeExceeded, session).then(
        (reply) => (typeof reply === 'string' ? answer(null, reply) : answer(reply)),
        (error: unknown) => {
          log('intake.email.failed', describe(error));
          answer(smtpError(451, 'Temporary failure storing the alert; please retry'));
        },
      );
    });
  }

  const server = new SMTPServer({ ...gateOptions(opts.access, log), size: maxBytes, onData });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log('intake.smtp.error', describe(error)));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  log('intake.smtp.listening', { host: opts.host, port });

  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
