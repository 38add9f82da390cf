// Steps out of order, repeated, or by the wrong person are refused with the validator's
// reason, and change nothing: same state version, same timeline, no new case_events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, CaseState } from '../../contract/case.js';
import type { UpdateStep } from '../../contract/messages.js';
import type { StepBody } from '../../contract/steps.js';
import { CaseNotFoundError, StepRefusedError } from '../../lib/temporal/case-client.js';
import { eventsOf, settled, stepsOf } from '../helpers/case-checks.js';
import { createTestEnv, districtOfficer, operator, supervisor, type TestEnv } from '../helpers/env.js';
import { eventually } from '../helpers/wait.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv(); // real-time ladder: nothing changes a case but the steps below
});
afterAll(() => env?.close());

/** Tries a step that must be refused with exactly `reason`, and checks that nothing changed. */
async function expectRefused<S extends UpdateStep>(
  caseId: string,
  step: S,
  body: StepBody<S>,
  by: Actor,
  reason: string,
): Promise<void> {
  const before = await settled(env, caseId);
  const eventsBefore = await eventsOf(env, caseId);
  const error = await stepsOf(env, caseId)(step, body, by).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${step} should be refused`).toBeInstanceOf(StepRefusedError);
  expect((error as Error).message).toBe(reason);
  const after: CaseState = await env.cases.state(caseId);
  expect(after.version).toBe(before.version);
  expect(after).toEqual(before);
  expect(await eventsOf(env, caseId)).toEqual(eventsBefore);
}

describe('refused steps', () => {
  it('refuses steps out of order, by the wrong role, and with bad data', async () => {
    const caseId = await env.openCase();
    const step = stepsOf(env, caseId);
    await expectRefused(
      caseId,
      'arrive',
      {},
      districtOfficer,
      'arrive is not allowed while the case is received (allowed in: district_notified, acknowledged)',
    );
    await expectRefused(
      caseId,
      'notifyDistrict',
      {},
      operator,
      'notifyDistrict is not allowed while the case is received (allowed in: located)',
    );
    await expectRefused(
      caseId,
      'signOff',
      {},
      supervisor,
      'signOff is not allowed while the case is received (allowed in: outcome_recorded, not_located)',
    );
    await step('startLocating', {});
    await expectRefused(
      caseId,
      'reportEnquiry',
      { enquiryId: 'E9', found: true, summary: 'x', confidence: 1 },
      operator,
      'no enquiry E9 on this case',
    );
    await expectRefused(
      caseId,
      'markLocated',
      { districtCode: 'ZZZ', policeStation: 'Nowhere' },
      operator,
      'unknown district code ZZZ',
    );
    await expectRefused(
      caseId,
      'raiseSeverity',
      { severity: 'critical', reason: 'Live' },
      operator,
      'raiseSeverity needs an SMC supervisor',
    );
    await step('markLocated', { districtCode: 'AMB', policeStation: 'Akbarpur' });
    await step('notifyDistrict', {});
    await step('arrive', {}, districtOfficer);
    await expectRefused(
      caseId,
      'recordOutcome',
      { outcome: 'safe', gender: 'male', counselling: true, helplineReferral: true },
      districtOfficer,
      'outcome safe needs contact made first (an officer with the person)',
    );
    await expectRefused(
      caseId,
      'recordOutcome',
      { outcome: 'transferred', gender: 'male', counselling: false, helplineReferral: false },
      districtOfficer,
      'a transfer is recorded with the transfer step, not as an outcome',
    );
    await step('contactMade', {}, districtOfficer);
    await expectRefused(
      caseId,
      'recordOutcome',
      { outcome: 'safe', gender: 'female', age: 30, ageBand: '13-18', counselling: true, helplineReferral: false },
      districtOfficer,
      'age 30 is not in age band 13-18',
    );
  });

  it('refuses duplicate steps', async () => {
    const caseId = await env.openCase();
    const step = stepsOf(env, caseId);
    await step('startLocating', {});
    await expectRefused(
      caseId,
      'startLocating',
      {},
      operator,
      'startLocating is not allowed while the case is locating (allowed in: received, not_located)',
    );
    await step('openEnquiry', { kind: 'family_contacts', owner: 'Desk 2', dueInMinutes: 15 });
    await step('reportEnquiry', {
      enquiryId: 'E1',
      found: true,
      summary: 'Brother gave the address',
      confidence: 3,
      districtCode: 'AMB',
    });
    await expectRefused(
      caseId,
      'reportEnquiry',
      { enquiryId: 'E1', found: false, summary: 'again', confidence: 0 },
      operator,
      'enquiry E1 already reported (found)',
    );
    await step('markLocated', { districtCode: 'AMB', policeStation: 'Akbarpur' });
    await expectRefused(
      caseId,
      'markLocated',
      { districtCode: 'AMB', policeStation: 'Akbarpur' },
      operator,
      'markLocated is not allowed while the case is located (allowed in: locating)',
    );
    await step('notifyDistrict', {});
    await expectRefused(
      caseId,
      'notifyDistrict',
      {},
      operator,
      'notifyDistrict is not allowed while the case is district_notified (allowed in: located)',
    );
    const acked = await step('acknowledge', { party: 'control_room' }, districtOfficer);
    await expectRefused(
      caseId,
      'acknowledge',
      { party: 'control_room' },
      districtOfficer,
      `control_room already acknowledged at ${acked.acks.control_room?.at}`,
    );
    const dispatched = await step('dispatch', { unit: 'PRV 7' }, districtOfficer);
    await expectRefused(
      caseId,
      'dispatch',
      { unit: 'PRV 8' },
      districtOfficer,
      `already dispatched (PRV 7) at ${dispatched.dispatched?.at}`,
    );
    await step('arrive', {}, districtOfficer);
    await expectRefused(
      caseId,
      'acknowledge',
      { party: 'police_station' },
      districtOfficer,
      'acknowledge is not allowed while the case is arrived (allowed in: district_notified, acknowledged)',
    );
    await expectRefused(
      caseId,
      'arrive',
      {},
      districtOfficer,
      'arrive is not allowed while the case is arrived (allowed in: district_notified, acknowledged)',
    );
    await step('contactMade', {}, districtOfficer);
    await step(
      'recordOutcome',
      { outcome: 'hospitalised', gender: 'male', age: 19, counselling: true, helplineReferral: true },
      districtOfficer,
    );
    await step('signOff', {}, supervisor);
    await expectRefused(
      caseId,
      'completeFollowUp',
      { n: 2, personWell: true },
      districtOfficer,
      'follow-up check 1 is next (got 2)',
    );
    for (const n of [1, 2, 3]) await step('completeFollowUp', { n, personWell: true }, districtOfficer);
    // A closed case's workflow has completed: a step finds no running case, and nothing is written.
    const closed = await settled(env, caseId);
    expect(closed.stage).toBe('closed');
    await expect(step('signOff', {}, supervisor)).rejects.toBeInstanceOf(CaseNotFoundError);
    expect(await eventsOf(env, caseId)).toHaveLength(closed.timeline.length);
  });

  it('ignores a signal that breaks the rules, and applies the valid one after it', async () => {
    const caseId = await env.openCase();
    const before = await settled(env, caseId);
    await env.cases.signal(caseId, 'locationHint', {
      by: operator,
      body: { summary: 'Somewhere', confidence: 2, districtCode: 'ZZZ' },
    });
    await env.cases.signal(caseId, 'addNote', { by: operator, body: { text: 'Called the number: switched off' } });
    const after = await eventually(async () => {
      const s = await env.cases.state(caseId);
      return s.notes.length === 1 ? s : undefined;
    }, 'the note');
    expect(after.version).toBe(before.version + 1);
    expect(after.locating.hints).toEqual(before.locating.hints);
    expect(after.timeline.slice(before.timeline.length).map((t) => t.kind)).toEqual(['addNote']);
  });
});
