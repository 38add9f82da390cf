// The intake SMTP listener over real SMTP: nodemailer as the sending server, and a raw
// conversation where the exact replies matter.
import { connect } from 'node:net';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type IntakeMailMeta,
  IntakeRefused,
  type IntakeSmtp,
  startIntakeSmtp,
} from '../../api/intake/smtp-listener.js';
import type { AlertIntake } from '../../contract/alert.js';
import { mail, sample } from '../fixtures/alert-emails/build.js';
import { freePort } from '../helpers/ports.js';

const accepted: { alert: AlertIntake; meta: IntakeMailMeta }[] = [];
const rejected: { raw: string; reason: string; meta: IntakeMailMeta }[] = [];
const logged: [string, Record<string, unknown>][] = [];
let acceptFails: Error | undefined; // stands in for the database being down
let rejectFails: Error | undefined;
let listener: IntakeSmtp;

beforeAll(async () => {
  listener = await startIntakeSmtp({
    host: '127.0.0.1',
    port: await freePort(),
    maxBytes: 64 * 1024,
    access: { allowedClients: ['127.0.0.1'], allowedSenders: ['@example.org'], perMinute: 1000 },
    async accept(alert, meta) {
      if (acceptFails) throw acceptFails;
      accepted.push({ alert, meta });
      return { caseId: `JV-2024-${String(accepted.length).padStart(6, '0')}` };
    },
    async reject(raw, reason, meta) {
      if (rejectFails) throw rejectFails;
      rejected.push({ raw, reason, meta });
    },
    log: (event, fields) => logged.push([event, fields]),
  });
});
afterAll(() => listener?.close());
beforeEach(() => {
  accepted.length = 0;
  rejected.length = 0;
  acceptFails = rejectFails = undefined;
});

function send(raw: string) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: listener.port,
    secure: false,
    ignoreTLS: true,
  });
  return transport.sendMail({ envelope: { from: 'lert-alerts@example.org', to: ['smc-alerts@example.org'] }, raw });
}

/** A hand-driven SMTP session; returns every reply line the server sent. */
function converse(commands: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(listener.port, '127.0.0.1');
    const replies: string[] = [];
    let buffer = '';
    let next = 0;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\r\n'); nl !== -1; nl = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        replies.push(line);
        if (line[3] === '-') continue; // more lines of a multi-line reply follow
        if (next < commands.length) socket.write(`${commands[next++]}\r\n`);
        else socket.end();
      }
    });
    socket.on('end', () => resolve(replies));
    socket.on('error', reject);
  });
}

describe('e-mail intake over SMTP', () => {
  it('hands the sample alerts to accept, parsed, and answers with the case id', async () => {
    const full = await send(sample('full'));
    const minimal = await send(sample('minimal'));
    expect(full.response).toMatch(/^250 .*Accepted as case JV-2024-000001/);
    expect(minimal.response).toMatch(/^250 .*JV-2024-000002/);
    expect(accepted.map((a) => a.alert.sourceRef)).toEqual(['LR-2024-0231-7781', 'LR-2024-0233-1044']);
    expect(accepted[0].alert).toMatchObject({
      channel: 'email',
      source: 'meta',
      platform: 'instagram',
      live: true,
      phone: '+919876543210',
      districtHint: 'AMB',
    });
    expect(accepted[0].meta).toMatchObject({
      messageId: '<lr-2024-0231-7781@example.org>',
      envelopeFrom: 'lert-alerts@example.org',
      warnings: [],
    });
    expect(rejected).toEqual([]);
  });

  it('keeps a mail it cannot read for an operator, with the reason, and does not bounce it', async () => {
    const raw = mail({ subject: 'Hello', body: 'Platform: Facebook\nPhone: +91 98765 43210\n' });
    const info = await send(raw);
    expect(info.response).toMatch(/^250 .*Kept for an operator/);
    expect(accepted).toEqual([]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toMatch(/^no alert reference found/);
    expect(rejected[0].raw).toContain('Phone: +91 98765 43210');
    expect(rejected[0].meta).toMatchObject({
      messageId: '<test@example.org>',
      envelopeFrom: 'lert-alerts@example.org',
    });
  });

  it('answers 451 when the alert cannot be stored, so the sender retries, and takes the retry', async () => {
    acceptFails = Object.assign(new Error('connect ECONNREFUSED: phone +919876543210'), { code: 'ECONNREFUSED' });
    const error = await send(sample('full')).catch((e: unknown) => e);
    expect(error).toMatchObject({ responseCode: 451 });
    expect(rejected).toEqual([]); // a readable alert is never parked because storage failed
    acceptFails = undefined;
    expect((await send(sample('full'))).response).toMatch(/^250 /);
    expect(accepted).toHaveLength(1);
  });

  it('answers 451 when the mail cannot be kept for an operator either', async () => {
    rejectFails = new Error('database down');
    const error = await send(mail({ body: 'nothing useful' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ responseCode: 451 });
  });

  it('keeps an alert the intake path refuses for good instead of letting the sender retry forever', async () => {
    acceptFails = new IntakeRefused('source reference reused for a different person');
    expect((await send(sample('minimal'))).response).toMatch(/^250 .*Kept for an operator/);
    expect(rejected[0].reason).toBe('intake refused the alert: source reference reused for a different person');
  });

  it('keeps the start of an oversized message and answers 552', async () => {
    const raw = mail({ body: `${sample('minimal').split('\n\n')[1]}\n${'x'.repeat(100)}\n`.repeat(1000) });
    const data = raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    const replies = await converse([
      'EHLO test.example.org',
      'MAIL FROM:<a@example.org>',
      'RCPT TO:<smc@example.org>',
      'DATA',
      `${data}\r\n.`,
      'QUIT',
    ]);
    expect(replies.find((r) => r.startsWith('552'))).toBeDefined();
    expect(rejected).toHaveLength(1);
    expect(rejected[0].raw.length).toBeLessThanOrEqual(64 * 1024);
    expect(rejected[0].reason).toMatch(/over the 65536-byte limit/);
  });

  it('logs ids and reasons, never the personal data in the mail', () => {
    const text = JSON.stringify(logged);
    expect(text).toContain('intake.email.accepted');
    expect(text).toContain('JV-2024-000001');
    for (const personal of ['98765', 'rk77@', 'rk_example', 'Rahul', 'Ambedkar', 'ceiling fan', '203.0.113', 'priya'])
      expect(text).not.toContain(personal);
  });
});
