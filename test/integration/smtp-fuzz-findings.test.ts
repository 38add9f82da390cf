// Each defect the SMTP intake fuzz (smtp-fuzz.test.ts) found, pinned as its own test over
// real SMTP and the real intake path.
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailIntakeHandlers } from '../../api/intake/email-intake.js';
import { type IntakeSmtp, startIntakeSmtp } from '../../api/intake/smtp-listener.js';
import { sample } from '../fixtures/alert-emails/build.js';
import { type ApiTestEnv, createApiTestEnv } from '../helpers/api.js';
import { freePort } from '../helpers/ports.js';

let env: ApiTestEnv;
let smtp: IntakeSmtp;
beforeAll(async () => {
  env = await createApiTestEnv();
  smtp = await startIntakeSmtp({
    host: '127.0.0.1',
    port: await freePort(),
    access: { allowedClients: ['127.0.0.1'], allowedSenders: ['@example.org'], perMinute: 100_000 },
    ...emailIntakeHandlers(env.deps),
  });
});
afterAll(async () => {
  await smtp?.close();
  await env?.close();
});

const send = async (raw: Buffer) => {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({
      envelope: { from: 'lert-alerts@example.org', to: ['smc-alerts@example.org'] },
      raw,
    });
  } finally {
    transport.close();
  }
};

describe('SMTP intake fuzz findings', () => {
  it('an alert whose Message-ID holds a NUL byte becomes a case, not a 451 the sender retries forever', async () => {
    const raw = sample('minimal')
      .replace(/LR-2024-0233-1044/g, 'LR-NUL-0001')
      .replace(/^Message-ID: .*$/m, 'Message-ID: <lr-nul-\u00000001@example.org>');
    expect(raw).toContain('\u0000');
    const info = await send(Buffer.from(raw, 'utf8'));
    expect(info.response).toMatch(/^250 .*Accepted as case JV-/);
    // The same mail again lands on the same case (the Message-ID still keys it).
    const again = await send(Buffer.from(raw, 'utf8'));
    expect(again.response).toContain(/case (JV-\S+)/.exec(info.response)?.[1]);
  });

  it('a mail that is not an alert, with a NUL byte in its Message-ID, is kept for an operator', async () => {
    const info = await send(
      Buffer.from(
        'From: a@example.org\r\nSubject: hello\r\nMessage-ID: <x\u0000y@example.org>\r\n\r\nCall me.\r\n',
        'utf8',
      ),
    );
    expect(info.response).toMatch(/^250 .*Kept for an operator/);
  });
});
