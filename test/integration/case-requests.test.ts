// Requests drafted from the case (issue 17 item 2), on the real stack (API, Temporal, PostgreSQL,
// SMTP sink): the platform's emergency disclosure draft is served to the desk and its reading
// audited; filing it opens an enquiry whose reply is reported like any result; a telecom
// location request e-mails that operator's nodal officer (and nobody else) the number, the
// period and the ground, never what else is known of the person, and its enquiry is chased when
// overdue; an operator without a nodal officer in the directory, or a bad number, is refused and
// changes nothing; each request is in the audit log.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, deliveries } from '../../db/schema.js';
import { TELECOM_LEGAL_GROUND } from '../../domain/requests.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert } from '../helpers/api.js';
import { eventually } from '../helpers/wait.js';

// What the alert says of the person besides the account (each case its own person: a shared one would attach).
let people = 0;
const canary = () => {
  people += 1;
  const n = `${process.pid}-${people}`;
  return {
    accountName: `CANARY Person ${n}`,
    profileUrl: `https://instagram.com/canary.profile.${n}`,
    email: `canary.person.${n}@example.com`,
    locationHint: 'CANARY near the clock tower',
    description: 'CANARY post says goodbye',
  };
};
type Canary = ReturnType<typeof canary>;

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env?.close());

const post = (caseId: string, path: string, body: object, role = 'smc_operator') =>
  env.app.inject({ method: 'POST', url: `/cases/${caseId}${path}`, payload: body, headers: env.as(role) });

async function locatingCase(): Promise<{ id: string; handle: string; person: Canary }> {
  const person = canary();
  const alert = sampleAlert({ channel: 'email', ...person, detectedAt: new Date(Date.now() - 3600_000).toISOString() });
  const res = await env.app.inject({ method: 'POST', url: '/alerts', payload: alert });
  expect(res.statusCode).toBe(201);
  const id = res.json().caseId as string;
  expect((await post(id, '/locating/start', {})).statusCode).toBe(200);
  expect((await post(id, '/notes', { text: 'CANARY note: mother says he left at 9' })).statusCode).toBe(202);
  return { id, handle: alert.handle as string, person };
}

const auditOf = (caseId: string) => env.db.db.select().from(auditLog).where(eq(auditLog.caseId, caseId));

describe('the emergency disclosure request to the platform', () => {
  it('is drafted for the desk with the account, period, ground and case only; filed, it waits as an enquiry', async () => {
    const { id, handle, person } = await locatingCase();
    const res = await env.app.inject({
      method: 'GET',
      url: `/cases/${id}/requests/platform-draft`,
      headers: env.as('smc_operator'),
    });
    expect(res.statusCode, res.body).toBe(200);
    const draft = res.json();
    expect(draft).toMatchObject({ caseId: id, platform: 'instagram' });
    for (const part of [handle, person.profileUrl, `Case number: ${id}`, 'imminent threat to life', 'SMC duty desk'])
      expect(draft.text).toContain(part);
    const { profileUrl: _account, ...others } = person;
    for (const secret of [...Object.values(others), 'CANARY note', 'Post says goodbye'])
      expect(draft.text).not.toContain(secret);
    expect(Date.parse(draft.window.to) - Date.parse(draft.window.from)).toBeGreaterThan(48 * 3600_000);
    // District officers do not file platform requests; the read is audited as a read of personal data.
    const district = await env.app.inject({
      method: 'GET',
      url: `/cases/${id}/requests/platform-draft`,
      headers: env.as('district_officer'),
    });
    expect(district.statusCode).toBe(403);
    const reads = await eventually(async () => {
      const rows = (await auditOf(id)).filter((a) => a.action === 'case.request.platform_draft');
      return rows.length >= 2 ? rows : undefined;
    }, 'both reads of the draft in the audit log');
    expect(reads.map((a) => `${a.outcome} ${a.actorRole}`).sort()).toEqual([
      'ok smc_operator',
      'refused district_officer',
    ]);

    const filed = await post(id, '/requests/platform', { portalReference: 'LER-2026-0042', dueInMinutes: 45 });
    expect(filed.statusCode, filed.body).toBe(200);
    const [e] = filed.json().case.locating.enquiries;
    expect(e).toMatchObject({
      id: 'E1',
      kind: 'meta_emergency_request',
      status: 'open',
      request: { kind: 'platform', reference: 'LER-2026-0042' },
    });
    expect(Date.parse(e.dueAt) - Date.parse(e.openedAt)).toBe(45 * 60_000);

    // The platform's reply is the enquiry's result.
    const reply = await post(id, '/enquiries/result', {
      enquiryId: 'E1',
      found: true,
      summary: 'Login IP geolocates to Kanpur',
      confidence: 1,
      districtCode: 'KNP',
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().case.locating.enquiries[0]).toMatchObject({ status: 'found', request: { kind: 'platform' } });
    const filedAudit = await eventually(async () => {
      const rows = (await auditOf(id)).filter(
        (a) => a.action === 'case.step.filePlatformRequest' && a.outcome === 'ok',
      );
      return rows.length > 0 ? rows : undefined;
    }, 'the filing in the audit log');
    expect(JSON.stringify(filedAudit)).not.toMatch(/CANARY|LER-2026/);
  });
});

describe('the location request to a telecom operator', () => {
  it("e-mails that operator's nodal officer the number, period and ground, opens its enquiry and audits the sending", async () => {
    const { id, handle, person } = await locatingCase();
    const res = await post(id, '/requests/telecom', {
      telecomOperator: 'airtel',
      phone: '9812345670',
      windowHours: 6,
      dueInMinutes: 1,
    });
    expect(res.statusCode, res.body).toBe(200);
    const state = res.json().case;
    const [e] = state.locating.enquiries;
    expect(e).toMatchObject({
      id: 'E1',
      kind: 'telecom_lookup',
      status: 'open',
      request: { kind: 'telecom', telecomOperator: 'airtel', phone: '9812345670' },
    });
    expect(Date.parse(e.request.window.to) - Date.parse(e.request.window.from)).toBe(6 * 3600_000);
    // Its due time is the case's next deadline: item 1's ladder chases it when it passes.
    expect(state.escalation.next).toMatchObject({ wait: 'enquiry', dueAt: e.dueAt });

    const [mail] = await env.mail.waitFor((m) => m.headers['x-jeevan-case'] === id);
    expect(mail.envelopeTo).toEqual(['nodal.up@airtel.telecom.example.org']);
    expect(mail.headers['x-jeevan-step']).toBe('telecom_request:E1');
    for (const part of [
      id,
      '9812345670',
      `${e.request.window.from} to / से ${e.request.window.to}`,
      TELECOM_LEGAL_GROUND.en,
      'Bharti Airtel',
    ])
      expect(mail.text).toContain(part);
    for (const secret of [...Object.values(person), handle, 'CANARY note', 'Post says goodbye', '/cases/'])
      expect(`${mail.subject}\n${mail.text}`).not.toContain(secret);
    expect(mail.subject).not.toContain('9812345670');

    // Sent once, recorded once, audited once (the step and the sending).
    const sent = await eventually(async () => {
      const rows = await env.db.db
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.caseId, id), eq(deliveries.step, 'telecom_request:E1')));
      return rows.length === 1 && rows[0].status === 'sent' ? rows : undefined;
    }, 'the delivery marked sent');
    expect(sent[0]).toMatchObject({ role: 'telecom_nodal', recipient: 'nodal.up@airtel.telecom.example.org' });
    const audited = await eventually(async () => {
      const rows = await auditOf(id);
      const mailed = rows.filter((a) => a.action === 'request.telecom.sent');
      const step = rows.filter((a) => a.action === 'case.step.requestTelecomLocation' && a.outcome === 'ok');
      return mailed.length > 0 && step.length > 0 ? { mailed, step } : undefined;
    }, 'the request in the audit log');
    expect(audited.mailed).toHaveLength(1);
    expect(audited.mailed[0]).toMatchObject({
      actorRole: 'system',
      details: { step: 'telecom_request:E1', operator: 'airtel', recipient: 'nodal.up@airtel.telecom.example.org' },
    });
    expect(JSON.stringify(audited)).not.toMatch(/9812345670|CANARY/i);
    expect(env.mail.messages.filter((m) => m.headers['x-jeevan-case'] === id)).toHaveLength(1);

    // The reply is reported like any enquiry's.
    const reply = await post(id, '/enquiries/result', {
      enquiryId: 'E1',
      found: true,
      summary: 'Tower at Civil Lines, Prayagraj',
      confidence: 2,
      districtCode: 'PRY',
    });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json().case.locating.best).toMatchObject({ source: 'E1', districtCode: 'PRY' });
  });

  it('is refused, changing nothing, for an operator with no nodal officer in the directory or a bad number', async () => {
    const { id } = await locatingCase();
    const before = await env.cases.state(id);
    const noContact = await post(id, '/requests/telecom', {
      telecomOperator: 'bsnl',
      phone: '9812345670',
      windowHours: 6,
      dueInMinutes: 30,
    });
    expect(noContact.statusCode).toBe(409);
    expect(noContact.json().error).toMatchObject({ code: 'step_refused' });
    expect(noContact.json().error.message).toMatch(/no active nodal officer of BSNL for UP/);
    const badPhone = await post(id, '/requests/telecom', {
      telecomOperator: 'jio',
      phone: '98123-CALL',
      windowHours: 6,
      dueInMinutes: 30,
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().error.details[0].field).toBe('phone');
    const badWindow = await post(id, '/requests/telecom', {
      telecomOperator: 'jio',
      phone: '9812345670',
      windowHours: 200,
      dueInMinutes: 30,
    });
    expect(badWindow.statusCode).toBe(400);
    const district = await post(
      id,
      '/requests/telecom',
      { telecomOperator: 'jio', phone: '9812345670', windowHours: 6, dueInMinutes: 30 },
      'district_officer',
    );
    expect(district.statusCode).toBe(403);
    const after = await env.cases.state(id);
    expect(after.version).toBe(before.version);
    expect(after.locating.enquiries).toEqual([]);
    const refused = await eventually(async () => {
      const rows = (await auditOf(id)).filter((a) => a.action === 'case.step.requestTelecomLocation');
      return rows.length >= 4 ? rows : undefined;
    }, 'every refused request in the audit log');
    expect(refused.map((a) => `${a.outcome} ${a.status}`).sort()).toEqual([
      'invalid 400',
      'invalid 400',
      'refused 403',
      'refused 409',
    ]);
    expect(env.mail.messages.some((m) => m.headers['x-jeevan-case'] === id)).toBe(false);
  });
});
