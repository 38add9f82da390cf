// Issue 17 item 3, "112 in the loop", against a real HTTP receiver: a case driven through the
// real stack (Temporal, PostgreSQL, SMTP) sends a signed notice per event; while the receiver
// answers 503 the activity retries and the notice arrives once it is back; each event key is
// delivered exactly once, with no personal data; the state's 112 control room got the district
// notification e-mail. Named case-* so the tiny-cache project replays it with no workflow cache.
import { createServer, type Server } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverWebhook, verifySignature } from '../../activities/webhook.js';
import type { CaseState } from '../../contract/case.js';
import { caseWorkflowId } from '../../contract/ids.js';
import { WEBHOOK_EVENTS, type WebhookNotice, type WebhookPacket } from '../../contract/webhook.js';
import { auditLog, webhookDeliveries } from '../../db/schema.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert } from '../helpers/api.js';
import { districtOfficer, operator, supervisor, type TestEnv } from '../helpers/env.js';
import { freePort } from '../helpers/ports.js';
import { eventually } from '../helpers/wait.js';

const SECRET = Buffer.from('test-webhook-secret-of-32-bytes-or-more');

interface Received {
  key: string;
  signature: string | undefined;
  body: string;
  status: number;
}

/** A webhook receiver on a free port: answers `status()` and keeps every request. */
async function startReceiver() {
  const received: Received[] = [];
  let answer = 503;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const key = String(req.headers['jeevan-event-key'] ?? '');
      const status = key.endsWith(':refused-by-test') ? 400 : answer;
      received.push({ key, signature: req.headers['jeevan-signature'] as string | undefined, body, status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'not now');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    answer: (status: number) => {
      answer = status;
    },
    /** Deliveries the receiver accepted, by event key. */
    accepted: () => {
      const byKey = new Map<string, number>();
      for (const r of received) if (r.status === 200) byKey.set(r.key, (byKey.get(r.key) ?? 0) + 1);
      return byKey;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let env: ApiTestEnv;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const logs: { event: string; fields: Record<string, unknown> }[] = [];

beforeAll(async () => {
  receiver = await startReceiver();
  env = await createApiTestEnv({
    // A policy minute lasts 400 ms: the acknowledgement is overdue 2 s after the notification.
    policy: scaledPolicy(400, { followUpOffsetsMs: [300] }),
    webhook: { url: receiver.url, secret: SECRET },
    // The API copies WEBHOOK_EVENTS into each case it opens, as server.ts does from the settings.
    webhookEvents: [...WEBHOOK_EVENTS],
    log: (event, fields) => logs.push({ event, fields }),
  });
});
afterAll(async () => {
  await env?.close();
  await receiver?.close();
});

describe('the outbound webhook', () => {
  it('signs each notice, retries while the receiver is down, delivers each event key once, and tells 112', async () => {
    // In through the API, as an alert comes in production: intake copies the webhook events into the case.
    const created = await env.app.inject({
      method: 'POST',
      url: '/alerts',
      payload: sampleAlert({
        accountName: 'CANARY Name',
        handle: '@canary.handle',
        phone: '+91 98765 43210',
        email: 'canary@example.com',
        description: 'CANARY post text',
      }),
    });
    expect(created.statusCode).toBe(201);
    const caseId = created.json().caseId as string;
    const s = (step: Parameters<TestEnv['cases']['step']>[1], body: object, by = operator) =>
      env.cases.step(caseId, step as never, { by, body } as never);

    await s('startLocating', {});
    await s('markLocated', {
      districtCode: 'AMB',
      policeStation: 'Akbarpur',
      summary: 'CANARY House 12',
      confidence: 3,
    });
    await s('notifyDistrict', {});

    // The receiver is down: the notice is tried, refused with 503, and tried again.
    const notifiedKey = `${caseId}:notified`;
    await eventually(
      async () => receiver.received.filter((r) => r.key === notifiedKey && r.status === 503).length >= 2,
      'two refused attempts of the notified notice',
    );
    // Let the acknowledgement fall overdue while the receiver is still down.
    await eventually(
      async () => (await env.cases.state(caseId)).escalation.history.length >= 1,
      'an escalation to fire',
    );
    expect(receiver.accepted().size).toBe(0);
    receiver.answer(200);
    await eventually(async () => receiver.accepted().get(notifiedKey) === 1, 'the notified notice once back');

    await s('acknowledge', { party: 'control_room' }, districtOfficer);
    await s('acknowledge', { party: 'police_station' }, districtOfficer);
    await s('arrive', {}, districtOfficer);
    await s('contactMade', {}, districtOfficer);
    await s(
      'recordOutcome',
      { outcome: 'safe', gender: 'female', age: 17, counselling: true, helplineReferral: true, notes: 'CANARY note' },
      districtOfficer,
    );
    await s('signOff', {}, supervisor);
    await s('completeFollowUp', { n: 1, personWell: true }, districtOfficer);

    // The workflow ends only once its notices are delivered.
    const final = (await env.client.workflow.getHandle(caseWorkflowId(caseId)).result()) as CaseState;
    expect(final.stage).toBe('closed');

    const overdueKeys = final.escalation.history.map((e) => `${caseId}:overdue:${e.key}:${e.level}`);
    expect(overdueKeys.length).toBeGreaterThanOrEqual(1);
    const expected = [notifiedKey, ...overdueKeys, `${caseId}:arrived`, `${caseId}:closed`].sort();
    // Exactly one accepted delivery per event key, and none for anything else.
    expect([...receiver.accepted().keys()].sort()).toEqual(expected);
    expect([...receiver.accepted().values()].every((n) => n === 1)).toBe(true);
    // The overdue notice that fell due while the receiver was down was retried too.
    const firstOverdue = receiver.received.filter((r) => r.key === overdueKeys[0]);
    expect(firstOverdue.at(-1)?.status).toBe(200);

    for (const r of receiver.received) {
      // Signed with the secret, over this very body, just now.
      expect(verifySignature(SECRET, r.signature, r.body), r.key).toBe(true);
      expect(verifySignature(Buffer.from('another-secret-another-secret-000'), r.signature, r.body)).toBe(false);
      // No personal data: no name, handle, phone, e-mail, address, note or post text.
      expect(r.body).not.toMatch(/canary|98765|@example\.com|female|"age"/i);
      const packet = JSON.parse(r.body) as WebhookPacket;
      expect(packet).toMatchObject({ v: 1, caseId, eventKey: r.key, drill: false });
      expect(packet.caseUrl).toBe(`http://jeevan.test/console/cases/${caseId}`);
    }
    const bodies = new Map(
      receiver.received.filter((r) => r.status === 200).map((r) => [r.key, JSON.parse(r.body) as WebhookPacket]),
    );
    expect(bodies.get(notifiedKey)).toMatchObject({
      event: 'case.notified',
      district: 'AMB',
      policeStation: 'Akbarpur',
      stage: 'district_notified',
    });
    expect(bodies.get(overdueKeys[0])).toMatchObject({ event: 'case.overdue', level: 1, waitingFor: 'acknowledge' });
    expect(bodies.get(`${caseId}:arrived`)).toMatchObject({ event: 'case.arrived', stage: 'arrived' });
    expect(bodies.get(`${caseId}:closed`)).toMatchObject({ event: 'case.closed', stage: 'closed', outcome: 'safe' });

    // Jeevan's own record: each key delivered once, after the attempts it took; each one sent is audited.
    const rows = await env.db.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.caseId, caseId));
    expect(rows.map((r) => r.eventKey).sort()).toEqual(expected);
    for (const r of rows) expect(r.deliveredAt, r.eventKey).toBeInstanceOf(Date);
    expect(rows.find((r) => r.eventKey === notifiedKey)?.attempts).toBeGreaterThanOrEqual(3);
    const audited = await eventually(async () => {
      const found = await env.db.db.select().from(auditLog).where(eq(auditLog.caseId, caseId));
      const sent = found.filter((a) => a.action === 'webhook.sent');
      return sent.length >= expected.length ? sent : undefined;
    }, 'an audit entry per notice sent');
    expect(audited.map((a) => (a.details as { eventKey: string }).eventKey).sort()).toEqual(expected);
    expect(JSON.stringify(audited)).not.toMatch(/canary|98765/i);

    // A retry after a success Temporal did not see sends nothing again.
    const before = receiver.received.length;
    const notice = { ...bodies.get(notifiedKey) } as Partial<WebhookPacket>;
    delete notice.v;
    delete notice.caseUrl;
    const again = await deliverWebhook(
      { db: env.db.db, webhook: { url: receiver.url, secret: SECRET }, publicUrl: 'http://jeevan.test', log: () => {} },
      notice as WebhookNotice,
    );
    expect(again).toEqual({ delivered: false, alreadyDelivered: true });
    expect(receiver.received.length).toBe(before);

    // The state's 112 control room was told with the district.
    const mails = await env.mail.waitFor(
      (m) => m.headers['x-jeevan-case'] === caseId && m.headers['x-jeevan-step'] === 'district_notification',
      3,
    );
    expect(mails.map((m) => m.envelopeTo[0]).sort()).toEqual([
      'control-room.amb@police.example.org',
      'control-room.up112@police.example.org',
      'sho.amb@police.example.org',
    ]);
  });

  it('gives up at once on a receiver that refuses the packet (a 4xx other than 408 or 429), and logs it', async () => {
    const notice: WebhookNotice = {
      event: 'case.notified',
      eventKey: 'JV-2026-999999:refused-by-test',
      caseId: 'JV-2026-999999',
      district: 'AMB',
      severity: 'high',
      stage: 'district_notified',
      at: new Date().toISOString(),
      drill: true,
    };
    const seen: string[] = [];
    const attempt = deliverWebhook(
      {
        db: env.db.db,
        webhook: { url: receiver.url, secret: SECRET },
        publicUrl: 'http://jeevan.test',
        log: (event) => seen.push(event),
      },
      notice,
    );
    await expect(attempt).rejects.toMatchObject({ type: 'WebhookRefused', nonRetryable: true });
    expect(seen).toEqual(['webhook_refused']);
    const [row] = await env.db.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.eventKey, notice.eventKey));
    expect(row).toMatchObject({ deliveredAt: null, attempts: 1, lastStatus: 400 });
  });

  it('sends nothing for a case opened without webhooks (before WEBHOOK_URL was set, say)', async () => {
    const caseId = await env.openCase();
    await env.cases.step(caseId, 'startLocating', { by: operator, body: {} });
    await env.cases.step(caseId, 'markLocated', {
      by: operator,
      body: { districtCode: 'AMB', policeStation: 'Akbarpur' },
    });
    await env.cases.step(caseId, 'notifyDistrict', { by: operator, body: {} });
    await env.mail.waitFor(
      (m) => m.headers['x-jeevan-case'] === caseId && m.headers['x-jeevan-step'] === 'district_notification',
      3,
    );
    expect(receiver.received.filter((r) => r.key.startsWith(caseId))).toEqual([]);
    expect(logs.filter((l) => l.fields.caseId === caseId && String(l.event).startsWith('webhook'))).toEqual([]);
  });
});
