// Several operators acting on one case at the same moment: the same step twice or more
// (duplicates), steps the case is not ready for (out of order) and steps it has moved
// past (late). Each step takes effect exactly once; every other request is refused with
// 409 and the workflow's reason; the case's record shows exactly the accepted requests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpAnswer } from '../../dev/http-client.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { checkInvariants } from './invariants.js';
import { recordNumbers } from './report.js';
import { openCase, recorded } from './scenario.js';
import { type Stack, startStack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ name: 'concurrent-steps', policy: scaledPolicy(60_000) });
});
afterAll(() => stack?.close());

type Req = { step: string; path: string; body: unknown; as: { role: string; id: string } };
type Done = Req & { answer: HttpAnswer };

let counter = 0;
const req = (step: string, path: string, body: unknown, role = 'smc_operator'): Req => {
  counter += 1;
  return { step, path, body, as: { role, id: `${role}-${counter}` } };
};
const times = (n: number, make: () => Req) => Array.from({ length: n }, make);

describe('duplicate, late and out-of-order steps from several operators at once', () => {
  it('accepts each step once, refuses the rest with a reason, and records exactly what was accepted', async () => {
    const { caseId, ref } = await openCase(stack);
    const all: Done[] = [];
    const round = async (reqs: Req[]) => {
      const done = await Promise.all(
        reqs.map(async (r) => ({ ...r, answer: await stack.http.step(caseId, r.path, r.body, r.as) })),
      );
      for (const d of done) {
        expect([200, 409], `${d.step} by ${d.as.id}: ${JSON.stringify(d.answer.body)}`).toContain(d.answer.status);
        if (d.answer.status === 409) {
          expect(d.answer.body.error?.code).toBe('step_refused');
          expect(d.answer.body.error?.message.length).toBeGreaterThan(10);
        }
      }
      all.push(...done);
      const ok = (step: string) => done.filter((d) => d.step === step && d.answer.status === 200).length;
      return { ok, refused: (step: string) => done.filter((d) => d.step === step && d.answer.status === 409) };
    };
    const ensure = async (r: Req, done: number) => {
      if (done === 0) expect((await round([r])).ok(r.step)).toBe(1);
    };

    const a = await round(times(4, () => req('startLocating', '/locating/start', {})));
    expect(a.ok('startLocating')).toBe(1);

    const b = await round([
      ...['Akbarpur', 'Jalalpur', 'Tanda'].map((ps) =>
        req('markLocated', '/located', { districtCode: 'AMB', policeStation: ps }),
      ),
      ...times(2, () => req('notifyDistrict', '/notify', {})),
      // Out of order: nobody has arrived. (HQ operators: a district officer sees a case only once it is in their
      // district.)
      req('contactMade', '/contact', {}),
      req('recordOutcome', '/outcome', {
        outcome: 'safe',
        gender: 'female',
        counselling: true,
        helplineReferral: true,
      }),
    ]);
    expect(b.ok('markLocated')).toBe(1);
    expect(b.ok('notifyDistrict')).toBeLessThanOrEqual(1);
    expect(b.ok('contactMade') + b.ok('recordOutcome')).toBe(0);
    await ensure(req('notifyDistrict', '/notify', {}), b.ok('notifyDistrict'));

    const c = await round([
      ...times(3, () => req('acknowledge:control_room', '/acknowledge', { party: 'control_room' }, 'district_officer')),
      ...times(2, () =>
        req('acknowledge:police_station', '/acknowledge', { party: 'police_station' }, 'district_officer'),
      ),
      ...times(2, () => req('dispatch', '/dispatch', { unit: 'PRV 112-07' }, 'district_officer')),
      req('markLocated', '/located', { districtCode: 'AMB', policeStation: 'Akbarpur' }), // late
      req('startLocating', '/locating/start', {}), // late
    ]);
    expect([c.ok('acknowledge:control_room'), c.ok('acknowledge:police_station'), c.ok('dispatch')]).toEqual([1, 1, 1]);
    expect(c.ok('markLocated') + c.ok('startLocating')).toBe(0);
    expect(c.refused('acknowledge:control_room')[0]?.answer.body.error?.message).toMatch(/already acknowledged/);

    const d = await round([
      ...times(3, () => req('arrive', '/arrive', {}, 'district_officer')),
      ...times(2, () => req('contactMade', '/contact', {}, 'district_officer')),
    ]);
    expect(d.ok('arrive')).toBe(1);
    expect(d.ok('contactMade')).toBeLessThanOrEqual(1);
    await ensure(req('contactMade', '/contact', {}, 'district_officer'), d.ok('contactMade'));

    const e = await round([
      ...(['safe', 'hospitalised', 'no_risk'] as const).map((outcome) =>
        req(
          'recordOutcome',
          '/outcome',
          { outcome, gender: 'male', ageBand: '19-25', counselling: true, helplineReferral: false },
          'district_officer',
        ),
      ),
      req('acknowledge:police_station', '/acknowledge', { party: 'police_station' }, 'district_officer'), // late
    ]);
    expect(e.ok('recordOutcome')).toBe(1);
    expect(e.ok('acknowledge:police_station')).toBe(0);

    const f = await round(times(2, () => req('signOff', '/sign-off', {}, 'smc_supervisor')));
    expect(f.ok('signOff')).toBe(1);
    const g = await round([
      ...times(2, () => req('completeFollowUp:1', '/follow-ups', { n: 1, personWell: true }, 'district_officer')),
      req('completeFollowUp:2', '/follow-ups', { n: 2, personWell: true }, 'district_officer'), // may come before check 1
    ]);
    expect(g.ok('completeFollowUp:1')).toBe(1);

    // The record holds exactly the accepted requests, each once, and a consistent case.
    const state = await recorded(stack, caseId);
    const accepted = all.filter((x) => x.answer.status === 200).map((x) => x.as.id);
    const byUs = state.timeline.filter((t) => t.by && all.some((x) => x.as.id === t.by?.name)).map((t) => t.by?.name);
    expect([...byUs].sort()).toEqual([...accepted].sort());
    expect(state.stage).toBe('follow_up');
    expect(Object.keys(state.acks).sort()).toEqual(['control_room', 'police_station']);
    expect(state.district).toMatchObject({ code: 'AMB' });

    const report = await checkInvariants(stack, { accepted: [ref] });
    // The district notification: its control room, the police station and the state's 112 control room.
    expect(report).toMatchObject({ cases: 1, deliveries: 3, mails: 3, resent: 0 });
    recordNumbers(stack, {
      requests: all.length,
      accepted: accepted.length,
      refused: all.length - accepted.length,
      invariants: report,
    });
  });
});
