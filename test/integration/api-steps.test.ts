// Every step route over HTTP against the real worker, with each kind of refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_ROUTES } from '../../api/routes/steps.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert } from '../helpers/api.js';
import { eventually } from '../helpers/wait.js';

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv({ policy: scaledPolicy(60_000, { followUpOffsetsMs: [200] }) });
});
afterAll(() => env?.close());

const exercised = new Set<string>();
async function step(caseId: string, path: string, body: unknown, role = 'smc_operator') {
  exercised.add(path);
  return env.app.inject({
    method: 'POST',
    url: `/cases/${caseId}${path}`,
    payload: body as object,
    headers: env.as(role),
  });
}
async function ok(caseId: string, path: string, body: unknown, role = 'smc_operator') {
  const res = await step(caseId, path, body, role);
  expect(res.statusCode, `${path}: ${res.body}`).toBe(path === '/notes' || path === '/location-hints' ? 202 : 200);
  return res.json();
}
async function newCase(): Promise<string> {
  const res = await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert() });
  expect(res.statusCode).toBe(201);
  return res.json().caseId;
}

describe('case steps over HTTP', () => {
  it('takes a case from alert to closed through every step route', async () => {
    const id = await newCase();
    await ok(id, '/locating/start', { notes: 'taking it' });
    await ok(id, '/enquiries', { kind: 'telecom_lookup', owner: 'STF desk', dueInMinutes: 15 });
    // The time a nodal officer promised is the due time when given.
    const promised = new Date(Date.now() + 40 * 60_000).toISOString();
    const second = await ok(id, '/enquiries', {
      kind: 'meta_data',
      owner: 'desk 2',
      dueInMinutes: 15,
      dueAt: promised,
    });
    expect(second.case.locating.enquiries[1]).toMatchObject({ id: 'E2', dueAt: promised, status: 'open' });
    // The requests drafted from the case: each opens its own enquiry (E3, E4).
    const filed = await ok(id, '/requests/platform', { portalReference: 'LER-1', dueInMinutes: 60 });
    expect(filed.case.locating.enquiries[2]).toMatchObject({
      kind: 'meta_emergency_request',
      request: { kind: 'platform' },
    });
    const asked = await ok(id, '/requests/telecom', {
      telecomOperator: 'jio',
      phone: '9876543210',
      windowHours: 12,
      dueInMinutes: 30,
    });
    expect(asked.case.locating.enquiries[3]).toMatchObject({
      kind: 'telecom_lookup',
      request: { telecomOperator: 'jio' },
    });
    await ok(id, '/location-hints', { summary: 'Tower in Ghaziabad', confidence: 1, districtCode: 'GZB' });
    const reported = await ok(id, '/enquiries/result', {
      enquiryId: 'E1',
      found: true,
      summary: 'Vijay Nagar area',
      confidence: 2,
      districtCode: 'GZB',
      policeStation: 'Vijay Nagar',
    });
    expect(reported.case.locating.best).toMatchObject({ source: 'E1', confidence: 2 });
    await ok(id, '/located', { districtCode: 'GZB', policeStation: 'Vijay Nagar', confidence: 3 });
    await ok(id, '/notify', {});
    await ok(id, '/acknowledge', { party: 'control_room' }, 'district_officer');
    await ok(id, '/acknowledge', { party: 'police_station' }, 'district_officer');
    await ok(id, '/dispatch', { unit: 'Inspector, Vijay Nagar PS' }, 'district_officer');
    // The district moves the case to another of its police stations, with a reason; the same one is refused.
    const reassigned = await ok(
      id,
      '/police-station',
      { policeStation: 'Kavi Nagar', reason: 'the colony is in Kavi Nagar thana' },
      'district_officer',
    );
    expect(reassigned.case.district).toEqual({ code: 'GZB', policeStation: 'Kavi Nagar' });
    expect(reassigned.case.stage).toBe('acknowledged');
    expect(reassigned.case.timeline.at(-1)).toMatchObject({
      kind: 'reassignStation',
      summary:
        'Police station changed from Vijay Nagar to Kavi Nagar (district GZB): the colony is in Kavi Nagar thana',
    });
    const same = await step(
      id,
      '/police-station',
      { policeStation: 'Kavi Nagar', reason: 'again' },
      'district_officer',
    );
    expect(same.statusCode).toBe(409);
    expect(same.json().error.message).toBe('the case is already with police station Kavi Nagar');
    const senior = await step(id, '/police-station', { policeStation: 'Sihani Gate', reason: 'x' }, 'senior_officer');
    expect(senior.statusCode).toBe(403);
    const noReason = await step(id, '/police-station', { policeStation: 'Sihani Gate' }, 'district_officer');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details[0].field).toBe('reason');
    const raised = await ok(
      id,
      '/severity',
      { severity: 'critical', reason: 'live broadcast reported by phone' },
      'smc_supervisor',
    );
    expect(raised.case.severity).toBe('critical');
    const due = new Date(Date.now() + 3600_000).toISOString();
    const moved = await ok(
      id,
      '/deadline',
      { dueAt: due, reason: 'team stuck in traffic, confirmed by radio' },
      'smc_supervisor',
    );
    expect(moved.case.escalation.next.dueAt).toBe(due);
    await ok(id, '/arrive', {}, 'district_officer');
    await ok(id, '/contact', {}, 'district_officer');
    await ok(id, '/notes', { text: 'Family present, counsellor called' });
    await ok(
      id,
      '/outcome',
      { outcome: 'safe', gender: 'male', age: 22, counselling: true, helplineReferral: true },
      'district_officer',
    );
    const signed = await ok(id, '/sign-off', {}, 'smc_supervisor');
    expect(signed.case.stage).toBe('follow_up');
    const closed = await ok(id, '/follow-ups', { n: 1, personWell: true }, 'district_officer');
    expect(closed.case.stage).toBe('closed');
    const state = await eventually(async () => {
      const s = (await env.app.inject({ method: 'GET', url: `/cases/${id}` })).json();
      return s.case.notes.length === 1 ? s : undefined;
    }, 'the note to show');
    expect(state.case.locating.hints.some((h: { districtCode?: string }) => h.districtCode === 'GZB')).toBe(true);
    const timeline = (await env.app.inject({ method: 'GET', url: `/cases/${id}/timeline` })).json();
    expect(timeline.events.at(-1).toStage).toBe('closed');
  });

  it('covers not located, transfer and its acknowledgement', async () => {
    const id = await newCase();
    await ok(id, '/locating/start', {});
    await ok(id, '/not-located', { reason: 'outside_jurisdiction', detail: 'IP and phone in Maharashtra' });
    const moved = await ok(id, '/transfer', { toState: 'MH', nodalOfficer: 'Maharashtra nodal desk' });
    expect(moved.case.stage).toBe('transferred');
    const acked = await ok(id, '/transfer/acknowledge', {});
    expect(acked.case.outcome.outcome).toBe('transferred');
    const closed = await ok(id, '/sign-off', {}, 'smc_supervisor');
    expect(closed.case.stage).toBe('closed');
    const mail = await env.mail.waitFor(
      (m) => m.headers['x-jeevan-case'] === id && m.envelopeTo.includes('nodal.mh@states.police.example.org'),
    );
    expect(mail[0].subject).toContain('MH');
  });

  it('holds the sign-off of a death until the learning review is in', async () => {
    const id = await newCase();
    await ok(id, '/locating/start', {});
    await ok(id, '/located', { districtCode: 'GZB', policeStation: 'Vijay Nagar' });
    await ok(id, '/notify', {});
    await ok(id, '/acknowledge', { party: 'control_room' }, 'district_officer');
    await ok(id, '/acknowledge', { party: 'police_station' }, 'district_officer');
    await ok(id, '/arrive', {}, 'district_officer');
    await ok(
      id,
      '/outcome',
      { outcome: 'deceased', gender: 'female', counselling: false, helplineReferral: false },
      'district_officer',
    );
    const held = await step(id, '/sign-off', {}, 'smc_supervisor');
    expect(held.statusCode).toBe(409);
    expect(held.json().error.message).toMatch(/^a learning review is needed before sign-off \(the person died\)/);
    const noAnswer = await step(id, '/learning-review', { delayedBy: ['dense_area'], foundBy: 'post_clues' });
    expect(noAnswer.statusCode).toBe(400);
    expect(noAnswer.json().error.details[0].field).toBe('savedMinutes');
    const reviewed = await ok(id, '/learning-review', {
      delayedBy: ['dense_area', 'no_vehicle'],
      savedMinutes: 'The house number from the family first',
      foundBy: 'family_contacts',
    });
    expect(reviewed.case.learningReview).toMatchObject({
      delayedBy: ['dense_area', 'no_vehicle'],
      foundBy: 'family_contacts',
    });
    expect((await ok(id, '/sign-off', {}, 'smc_supervisor')).case.stage).toBe('closed');
  });

  it('answers 400 for malformed input, naming the field, and changes nothing', async () => {
    const id = await newCase();
    const before = (await env.cases.state(id)).version;
    const missing = await step(id, '/enquiries', { kind: 'telecom_lookup', owner: 'x' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0].field).toBe('dueInMinutes');
    const wrongType = await step(id, '/enquiries', { kind: 'telecom_lookup', owner: 'x', dueInMinutes: '15' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.details[0].field).toBe('dueInMinutes');
    const badDue = await step(id, '/enquiries', { kind: 'meta_data', owner: 'x', dueInMinutes: 5, dueAt: 'by 14:30' });
    expect(badDue.statusCode).toBe(400);
    expect(badDue.json().error.details[0].field).toBe('dueAt');
    const extra = await step(id, '/locating/start', { notes: 'x', stage: 'closed' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details[0].field).toBe('stage');
    const badDistrict = await step(id, '/located', { districtCode: 'agra', policeStation: 'Sadar' });
    expect(badDistrict.statusCode).toBe(400);
    const noOne = await env.app.inject({
      method: 'POST',
      url: `/cases/${id}/locating/start`,
      payload: {},
      headers: env.anonymous,
    });
    expect(noOne.statusCode).toBe(401);
    expect(noOne.json().error.code).toBe('unauthenticated');
    const badId = await step('not-a-case', '/locating/start', {});
    expect(badId.statusCode).toBe(400);
    expect((await env.cases.state(id)).version).toBe(before);
  });

  it('answers 404 for an unknown case', async () => {
    const res = await step('JV-1999-999999', '/locating/start', {});
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    expect((await env.app.inject({ method: 'GET', url: '/cases/JV-1999-999999' })).statusCode).toBe(404);
    expect((await env.app.inject({ method: 'GET', url: '/cases/JV-1999-999999/timeline' })).statusCode).toBe(404);
  });

  it("answers 409 with the workflow's reason for a step the stage does not allow, and changes nothing", async () => {
    const id = await newCase();
    const before = await env.cases.state(id);
    const early = await step(id, '/notify', {});
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'step_refused' });
    expect(early.json().error.message).toMatch(/notifyDistrict is not allowed while the case is received/);
    // A district officer cannot even see a case that is not yet located in one of their districts.
    expect((await step(id, '/arrive', {}, 'district_officer')).statusCode).toBe(404);
    // Refused before the workflow is asked: the role may not take this step at all.
    const notSupervisor = await step(id, '/severity', { severity: 'critical', reason: 'x' }, 'smc_operator');
    expect(notSupervisor.statusCode).toBe(403);
    expect(notSupervisor.json().error.message).toMatch(/smc_supervisor/);
    await ok(id, '/locating/start', {});
    const twice = await step(id, '/locating/start', {});
    expect(twice.statusCode).toBe(409);
    const after = await env.cases.state(id);
    expect(after.version).toBe(before.version + 1);
  });

  it('exercised every step route', () => {
    expect([...exercised].sort()).toEqual(STEP_ROUTES.map((r) => r.path).sort());
  });
});
