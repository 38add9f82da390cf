// Meta's suicide-intent alerts reach the SMC by e-mail. This reads one raw message into an
// AlertIntake, or says precisely why it could not, so the mail can be kept for an operator.
// It never throws: whatever arrives, the caller gets an answer to act on.
import { simpleParser } from 'mailparser';
import type { AlertIntake } from '../../contract/alert.js';
import { alertFromFields } from './email-alert.js';
import { mergeFields, readFields } from './email-fields.js';
import { cleanLines, htmlToText } from './email-text.js';

export type ParsedAlertEmail =
  /** warnings: what was guessed or could not be read (labels and rules only, no personal data). */
  | { ok: true; alert: AlertIntake; messageId?: string; warnings: string[] }
  | { ok: false; reason: string; messageId?: string };

/** Far above any real alert; the SMTP listener's own limit is lower. Bounds the parsing work. */
export const MAX_EMAIL_BYTES = 10 * 1024 * 1024;

export async function parseAlertEmail(raw: string | Buffer): Promise<ParsedAlertEmail> {
  let messageId: string | undefined;
  try {
    const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
    if (size === 0) return { ok: false, reason: 'the e-mail is empty' };
    if (size > MAX_EMAIL_BYTES)
      return { ok: false, reason: `the e-mail is ${size} bytes, over the ${MAX_EMAIL_BYTES}-byte limit` };

    // skipHtmlToText: HTML is flattened by htmlToText, which keeps table rows as "label<TAB>value".
    const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
    // Control characters (a NUL above all, which PostgreSQL cannot store) are no part of any
    // real Message-ID: dropped, so the mail is still stored and keyed instead of a 451 forever.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
    messageId = mail.messageId?.replace(/[\u0000-\u001f\u007f]/g, '') || undefined;
    const text = mail.text ?? '';
    const html = typeof mail.html === 'string' ? htmlToText(mail.html) : '';
    if (!text.trim() && !html.trim() && !mail.subject?.trim()) {
      return {
        ok: false,
        reason: 'the e-mail has no text to read (no text/plain or text/html part, no subject)',
        messageId,
      };
    }
    // The plain part first; the HTML part fills what it lacks ("see the HTML version" text parts exist).
    const fields = mergeFields(readFields(cleanLines(text)), readFields(cleanLines(html)));
    const reading = alertFromFields(fields, { subject: mail.subject, date: mail.date });
    return reading.ok
      ? { ok: true, alert: reading.alert, messageId, warnings: reading.warnings }
      : { ok: false, reason: reading.reason, messageId };
  } catch (error) {
    // A message mailparser cannot take apart is still kept by the caller; the reason names no content.
    const name = error instanceof Error ? error.name : typeof error;
    return { ok: false, reason: `could not read the e-mail as a MIME message (${name})`, messageId };
  }
}
