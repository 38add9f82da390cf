// The learning review (issue 17 item 4) on the real stack, through the API: a death holds the
// sign-off (409, a clear reason, nothing changed) until a review is in, and the review's own
// wait e-mails the supervisor, then the SMC in-charge, while nobody writes it; a bad review is
// a 400 that changes nothing; a person safe needs none; the reports count what delayed us and
// time locating by the line of enquiry that found the person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert } from '../helpers/api.js';
import { withLadders } from '../helpers/case-checks.js';
import { eventually } from '../helpers/wait.js';

// Real minutes (every other ladder is far away); the review is chased 2 s after the outcome,
// then 4 s after it with the in-charge, then a final call.
const policy = withLadders(scaledPolicy(60_000), {
  learning_review: {
    rungs: [
      { afterMs: 2000, notify: ['smc_supervisor'] },
      { afterMs: 4000, notify: ['smc_supervisor', 'smc_incharge'] },
    ],
    repeat: { everyMs: 2000, times: 0, notify: ['smc_supervisor', 'smc_incharge'] },
  },
});
const review = {
  delayedBy: ['district_ack_slow', 'no_vehicle'],
  savedMinutes: 'A vehicle on stand-by at the thana',
  foundBy: 'telecom_lookup',
};
const SUPERVISOR = 'smc-supervisor@smc.police.example.org';
const INCHARGE = 'smc-incharge@smc.police.example.org';

let env: ApiTestEnv;
const from = new Date(Date.now() - 60_000).toISOString();
beforeAll(async () => {
  env = await createApiTestEnv({ policy });
});
afterAll(() => env?.close());

async function post(caseId: string, path: string, body: object, role = 'smc_operator') {
  return env.app.inject({ method: 'POST', url: `/cases/${caseId}${path}`, payload: body, headers: env.as(role) });
}
async function ok(caseId: string, path: string, body: object, role = 'smc_operator') {
  const res = await post(caseId, path, body, role);
  expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
  return res.json().case;
}

/** A case located by a telecom lookup, notified, acknowledged and reached by an officer. */
async function reached(): Promise<string> {
  const res = await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert() });
  expect(res.statusCode).toBe(201);
  const id: string = res.json().caseId;
  await ok(id, '/locating/start', {});
  await ok(id, '/enquiries', { kind: 'telecom_lookup', owner: 'STF desk', dueInMinutes: 15 });
  await ok(id, '/enquiries/result', {
    enquiryId: 'E1',
    found: true,
    summary: 'Tower near Vijay Nagar',
    confidence: 2,
    districtCode: 'GZB',
  });
  await ok(id, '/located', { districtCode: 'GZB', policeStation: 'Vijay Nagar' });
  await ok(id, '/notify', {});
  await ok(id, '/acknowledge', { party: 'control_room' }, 'district_officer');
  await ok(id, '/acknowledge', { party: 'police_station' }, 'district_officer');
  await ok(id, '/arrive', {}, 'district_officer');
  return id;
}

const outcome = (o: string) => ({ outcome: o, gender: 'male', age: 30, counselling: false, helplineReferral: false });

describe('a case that went wrong', () => {
  it('holds the sign-off until the learning review is in, and chases the review by e-mail meanwhile', async () => {
    const id = await reached();
    const recorded = await ok(id, '/outcome', outcome('deceased'), 'district_officer');
    expect(recorded.asksLearningReview).toBe(true);
    expect(recorded.escalation.next).toMatchObject({ wait: 'learning_review', notify: ['smc_supervisor'] });

    // Sign-off is refused, with the reason, and changes nothing.
    const before = await env.cases.state(id);
    const refused = await post(id, '/sign-off', {}, 'smc_supervisor');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe(
      'a learning review is needed before sign-off (the person died): submit it first (submitReview)',
    );
    // A bad review is a 400 naming the field: repeated reasons, none, an unknown one, no answer.
    for (const [body, field] of [
      [{ delayedBy: ['no_vehicle', 'no_vehicle'], savedMinutes: 'x', foundBy: 'telecom_lookup' }, 'delayedBy'],
      [{ delayedBy: [], savedMinutes: 'x', foundBy: 'telecom_lookup' }, 'delayedBy'],
      [{ delayedBy: ['bad_luck'], savedMinutes: 'x', foundBy: 'telecom_lookup' }, 'delayedBy'],
      [{ delayedBy: ['no_vehicle'], foundBy: 'telecom_lookup' }, 'savedMinutes'],
    ] as const) {
      const bad = await post(id, '/learning-review', body);
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(bad.json().error.details[0].field).toMatch(new RegExp(`^${field}`));
    }
    expect((await post(id, '/learning-review', review, 'district_officer')).statusCode).toBe(403);
    const unchanged = await env.cases.state(id);
    expect(unchanged.version).toBe(before.version);
    expect(unchanged.stage).toBe('outcome_recorded');

    // Nobody writes it: the supervisor is told, then the in-charge, then a final call.
    const chased = await eventually(
      async () => {
        const s = await env.cases.state(id);
        return s.escalation.history.some((h) => h.wait === 'learning_review' && h.final) ? s : undefined;
      },
      'the learning review ladder to reach its final call',
      30_000,
      250,
    );
    const mails = await env.mail.waitFor(
      (m) =>
        m.headers['x-jeevan-case'] === id && m.envelopeTo.includes(INCHARGE) && /learning review/.test(m.text ?? ''),
      2,
      20_000,
    );
    expect(mails[0].text).toContain('the learning review before sign-off');
    const toSupervisor = await env.mail.waitFor(
      (m) =>
        m.headers['x-jeevan-case'] === id && m.envelopeTo.includes(SUPERVISOR) && /learning review/.test(m.text ?? ''),
      3,
      20_000,
    );
    expect(toSupervisor).toHaveLength(3);
    expect(chased.escalation.history.filter((h) => h.wait === 'learning_review').map((h) => h.notify)).toEqual([
      ['smc_supervisor'],
      ['smc_supervisor', 'smc_incharge'],
      ['smc_supervisor', 'smc_incharge'],
    ]);

    // The review ends the wait; the sign-off then closes the case.
    const reviewed = await ok(id, '/learning-review', review);
    expect(reviewed.learningReview).toMatchObject({ ...review, by: { role: 'smc_operator' } });
    expect(reviewed.escalation.supervisorRequired).toBeUndefined();
    expect(reviewed.escalation.next?.wait).toBe('sign_off');
    const twice = await post(id, '/learning-review', review);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toBe('a learning review was already submitted for this case');
    const closed = await ok(id, '/sign-off', {}, 'smc_supervisor');
    expect(closed.stage).toBe('closed');

    // The projection carries the review's codes for the reports.
    const [row] = (await env.db.pool.query('SELECT review_delays, found_by FROM cases WHERE id = $1', [id])).rows;
    expect(row).toEqual({ review_delays: review.delayedBy, found_by: 'telecom_lookup' });
  });

  it('a person safe needs no review: it is refused and the sign-off goes through', async () => {
    const id = await reached();
    await ok(id, '/contact', {}, 'district_officer');
    const safe = await ok(id, '/outcome', outcome('safe'), 'district_officer');
    expect(safe.escalation.next?.wait).toBe('sign_off');
    const refused = await post(id, '/learning-review', review);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe('this case needs no learning review (it went as it should)');
    expect((await ok(id, '/sign-off', {}, 'smc_supervisor')).stage).toBe('follow_up');
  });

  it('the reports count what delayed us and time locating by the line of enquiry that found the person', async () => {
    const id = await reached();
    await ok(id, '/outcome', outcome('not_found_at_place'), 'district_officer');
    await ok(id, '/learning-review', {
      delayedBy: ['no_vehicle', 'mail_or_contact_wrong'],
      savedMinutes: "The thana's e-mail in the directory was an old one",
      foundBy: 'telecom_lookup',
    });
    await ok(id, '/sign-off', {}, 'smc_supervisor');
    const period = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`;
    const reports = await eventually(async () => {
      const res = await env.app.inject({ method: 'GET', url: `/reports?${period}`, headers: env.as('smc_supervisor') });
      if (res.statusCode !== 200) throw new Error(`reports: ${res.statusCode} ${res.body}`);
      const all = res.json().reports as { name: string; rows: Record<string, unknown>[] }[];
      const delays = all.find((r) => r.name === 'review-delays');
      return delays && delays.rows.reduce((n, r) => n + Number(r.count), 0) >= 4 ? all : undefined;
    }, 'both reviews in the report');
    const delays = reports.find((r) => r.name === 'review-delays')?.rows ?? [];
    expect(delays).toEqual([
      { rank: 1, reason: 'no_vehicle', count: 2, percentOfReviews: 100 },
      { rank: 2, reason: 'district_ack_slow', count: 1, percentOfReviews: 50 },
      { rank: 3, reason: 'mail_or_contact_wrong', count: 1, percentOfReviews: 50 },
    ]);
    const byLine = reports.find((r) => r.name === 'locate-by-enquiry')?.rows ?? [];
    expect(byLine).toHaveLength(1);
    expect(byLine[0]).toMatchObject({ foundBy: 'telecom_lookup', n: 3 });
    expect(Number(byLine[0].medianMinutes)).toBeGreaterThanOrEqual(0);
    // The same rows as CSV.
    const csv = await env.app.inject({
      method: 'GET',
      url: `/reports/review-delays?${period}&format=csv`,
      headers: env.as('smc_supervisor'),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split(/\r?\n/)[1]).toBe('1,no_vehicle,2,100');
  });
});
