// Attacks on the alert e-mail intake that get past the gate (a compromised or mistaken
// relay), over real SMTP into the real intake: a mail sent ahead of a genuine alert with its
// reference (and Message-ID) must not make the genuine alert a "duplicate" and drop its
// details; junk must not bury a real unreadable alert beyond the operator's reach.
import { readFileSync } from 'node:fs';
import nodemailer, { type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailIntakeHandlers } from '../../api/intake/email-intake.js';
import { type IntakeSmtp, startIntakeSmtp } from '../../api/intake/smtp-listener.js';
import { type ApiTestEnv, createApiTestEnv } from '../helpers/api.js';
import { freePort } from '../helpers/ports.js';
import { eventually } from '../helpers/wait.js';

let env: ApiTestEnv;
let smtp: IntakeSmtp;
let sender: Transporter;
beforeAll(async () => {
  env = await createApiTestEnv();
  smtp = await startIntakeSmtp({
    host: '127.0.0.1',
    port: await freePort(),
    access: { allowedClients: ['127.0.0.1'], allowedSenders: ['lert-alerts@example.org'], perMinute: 10_000 },
    ...emailIntakeHandlers(env.deps),
  });
  sender = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 1,
  });
});
afterAll(async () => {
  sender?.close();
  await smtp?.close();
  await env?.close();
});

const genuine = readFileSync(new URL('../fixtures/alert-emails/full.eml', import.meta.url), 'utf8');
const send = (raw: string) =>
  sender.sendMail({ envelope: { from: 'lert-alerts@example.org', to: ['smc-alerts@example.org'] }, raw });
const caseOf = (response: string | undefined) =>
  /case (JV-(?:[A-Z]{2}-)?\d{4}-\d+)/.exec(response ?? '')?.[1] as string;

describe('the pre-sent reference attack', () => {
  it('keeps the genuine alert’s details on the case, marked "same reference, different content"', async () => {
    // Same reference and Message-ID as the genuine alert still to come, a stranger's details.
    const forged = genuine
      .replace('Registered phone: +91 98765 43210', 'Registered phone: +91 90000 11111')
      .replace('Account name: Rahul K.', 'Account name: Nobody Real')
      .replace('Ambedkar Nagar', 'Sonbhadra');
    const first = await send(forged);
    const caseId = caseOf(first.response);
    expect(caseId, first.response).toBeDefined();

    const real = await send(genuine);
    expect(caseOf(real.response)).toBe(caseId);
    const state = await eventually(async () => {
      const s = await env.cases.state(caseId);
      return s.alerts.length === 2 ? s : undefined;
    }, 'the genuine alert on the case');
    const [pre, kept] = state.alerts;
    expect(pre.details.phone).toBe('+919000011111');
    expect(kept).toMatchObject({
      sourceRef: 'LR-2024-0231-7781',
      repeatOf: pre.alertId,
      details: { phone: '+919876543210', accountName: 'Rahul K.' },
    });

    // The case page shows it to the operator too.
    const page = (await env.app.inject({ method: 'GET', url: `/cases/${caseId}` })).json();
    expect(page.case.alerts.map((a: { repeatOf?: string }) => a.repeatOf ?? null)).toEqual([null, pre.alertId]);

    // The genuine mail resent by its relay is now the duplicate it is: nothing more is added.
    expect(caseOf((await send(genuine)).response)).toBe(caseId);
    expect(caseOf((await send(forged)).response)).toBe(caseId);
    const rows = await env.db.pool.query('SELECT repeat_of FROM alerts WHERE source_ref = $1 ORDER BY received_at', [
      'LR-2024-0231-7781',
    ]);
    expect(rows.rows.map((r) => r.repeat_of)).toEqual([null, pre.alertId]);
  });
});

describe('junk against the rejected list', () => {
  it('the 201st junk mail does not hide the first real one: the list is paged and counted', async () => {
    const real =
      'From: Law Enforcement Response <lert-alerts@example.org>\r\nSubject: Urgent\r\n\r\nAccount @first_real_unreadable is going live, please act.\r\n';
    await send(real);
    for (let i = 0; i < 201; i++) await send(`From: junk@example.org\r\nSubject: junk ${i}\r\n\r\njunk ${i}\r\n`);
    const page = async (query: string) =>
      (await env.app.inject({ method: 'GET', url: `/intake/rejected-emails?${query}` })).json();

    const firstPage = await page('');
    expect(firstPage).toMatchObject({ total: 202, limit: 50, offset: 0 });
    expect(firstPage.items).toHaveLength(50);
    const seen: { id: string }[] = [];
    for (let offset = 0; offset < firstPage.total; offset += 200) {
      const next = await page(`limit=200&offset=${offset}`);
      expect(next.items, JSON.stringify(next).slice(0, 300)).toBeDefined();
      seen.push(...next.items);
    }
    expect(new Set(seen.map((s) => s.id)).size).toBe(202);
    const oldest = seen.at(-1) as { id: string };
    const one = (await env.app.inject({ method: 'GET', url: `/intake/rejected-emails/${oldest.id}` })).json();
    expect(one.raw).toContain('@first_real_unreadable');

    expect((await env.app.inject({ method: 'GET', url: '/intake/rejected-emails?limit=201' })).statusCode).toBe(400);
  });
});
