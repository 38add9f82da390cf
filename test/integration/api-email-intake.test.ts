// Alert e-mails through the real intake: SMTP listener → parser → the same intake path as
// POST /alerts → a case with its workflow; what cannot be read is kept for an operator.
import { readFileSync } from 'node:fs';
import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailIntakeHandlers } from '../../api/intake/email-intake.js';
import { type IntakeSmtp, startIntakeSmtp } from '../../api/intake/smtp-listener.js';
import { type ApiTestEnv, createApiTestEnv } from '../helpers/api.js';
import { freePort } from '../helpers/ports.js';

let env: ApiTestEnv;
let smtp: IntakeSmtp;
let sender: Transporter;
beforeAll(async () => {
  env = await createApiTestEnv();
  smtp = await startIntakeSmtp({
    host: '127.0.0.1',
    port: await freePort(),
    access: { allowedClients: ['127.0.0.1'], allowedSenders: ['lert-alerts@example.org'] },
    ...emailIntakeHandlers(env.deps),
  });
  sender = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  sender?.close();
  await smtp?.close();
  await env?.close();
});

const fixture = (name: string) => readFileSync(new URL(`../fixtures/alert-emails/${name}`, import.meta.url), 'utf8');
const send = (raw: string) =>
  sender.sendMail({ envelope: { from: 'lert-alerts@example.org', to: ['smc-alerts@example.org'] }, raw });

describe('alert e-mail intake', () => {
  it('turns the sample alert e-mail into a critical case with a running workflow; the same e-mail again lands on it', async () => {
    const info = await send(fixture('full.eml'));
    const caseId = /case (JV-(?:[A-Z]{2}-)?\d{4}-\d+)/.exec(info.response ?? '')?.[1];
    expect(caseId, info.response).toBeDefined();
    const state = await env.cases.state(caseId as string);
    expect(state).toMatchObject({ stage: 'received', severity: 'critical' });
    expect(state.alerts[0]).toMatchObject({
      sourceRef: 'LR-2024-0231-7781',
      channel: 'email',
      platform: 'instagram',
      live: true,
    });
    expect(state.locating.best?.districtCode).toBe('AMB');

    const again = await send(fixture('full.eml'));
    expect(again.response).toContain(caseId);
    const list = (await env.app.inject({ method: 'GET', url: '/cases' })).json();
    expect(list.items.filter((c: { id: string }) => c.id === caseId)).toHaveLength(1);
  });

  it('keeps a malformed e-mail with the reason, lists it for operators, and opens no case', async () => {
    const before = (await env.app.inject({ method: 'GET', url: '/cases' })).json().items.length;
    const info = await send(
      'From: someone@example.org\r\nTo: smc-alerts@example.org\r\nSubject: hello\r\n\r\nPlease call me back.\r\n',
    );
    expect(info.response).toMatch(/^250/);
    const rejected = (await env.app.inject({ method: 'GET', url: '/intake/rejected-emails' })).json().items;
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toMatch(/no alert reference found/);
    const one = (await env.app.inject({ method: 'GET', url: `/intake/rejected-emails/${rejected[0].id}` })).json();
    expect(one.raw).toContain('Please call me back.');
    expect((await env.app.inject({ method: 'GET', url: '/cases' })).json().items.length).toBe(before);
  });
});
