// `npm run mail-alert -- FILE.eml`: mails an alert e-mail to the API's intake listener, as
// Meta's desk would, so a newcomer can watch e-mail become a case. Defaults to npm start's
// listener (INTAKE_SMTP_HOST / INTAKE_SMTP_PORT) and the sample's own sender and recipient.
import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { DEV_INTAKE_SMTP_PORT } from '../config/index.js';

const [file = 'test/fixtures/alert-emails/full.eml'] = process.argv.slice(2);
const raw = readFileSync(file, 'utf8');
const header = (name: string) => new RegExp(`^${name}:.*?<?([^\\s<>]+@[^\\s<>]+)>?\\s*$`, 'mi').exec(raw)?.[1];
const host = process.env.INTAKE_SMTP_HOST ?? '127.0.0.1';
const port = Number(process.env.INTAKE_SMTP_PORT ?? DEV_INTAKE_SMTP_PORT);

const transport = nodemailer.createTransport({ host, port, secure: false });
try {
  const info = await transport.sendMail({
    envelope: {
      from: process.env.MAIL_FROM ?? header('From') ?? 'lert-alerts@example.org',
      to: [header('To') ?? 'smc-alerts@example.org'],
    },
    raw,
  });
  console.log(`Sent ${file} to smtp://${host}:${port}: ${info.response}`);
} catch (error) {
  console.error(
    `Could not mail ${file} to smtp://${host}:${port}: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
