// The outcomes after the police reach the place: no risk found, deceased, person not
// found at the place, and a saved person's welfare checks through to closing.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Milestone } from '../../contract/case.js';
import { cases } from '../../db/schema.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import {
  eventsOf,
  expectMails,
  expectMilestones,
  expectRecordMatches,
  notificationKeys,
  settled,
  stagesOf,
  stepsOf,
} from '../helpers/case-checks.js';
import { createTestEnv, districtOfficer, supervisor, type TestEnv } from '../helpers/env.js';

let env: TestEnv;
beforeAll(async () => {
  // Welfare checks fall due 0.4, 0.8 and 1.2 s after sign-off; every other deadline is hours away.
  env = await createTestEnv({ policy: scaledPolicy(60_000, { followUpOffsetsMs: [400, 800, 1200] }) });
});
afterAll(() => env?.close());

/** Located in Lucknow, both acknowledgements in, a unit dispatched, the officer at the door. */
async function arrived(contact: boolean) {
  const caseId = await env.openCase();
  const step = stepsOf(env, caseId);
  await step('startLocating', {});
  await step('markLocated', {
    districtCode: 'LKO',
    policeStation: 'Hazratganj',
    summary: 'Flat 4, synthetic lane',
    confidence: 3,
  });
  await step('notifyDistrict', {});
  await step('acknowledge', { party: 'control_room' }, districtOfficer);
  await step('acknowledge', { party: 'police_station' }, districtOfficer);
  await step('dispatch', { unit: 'SI Khan, PRV 0420' }, districtOfficer);
  await step('arrive', {}, districtOfficer);
  if (contact) await step('contactMade', {}, districtOfficer);
  return { caseId, step };
}

const AT_THE_DOOR: Milestone[] = [
  'received',
  'locating_started',
  'located',
  'district_notified',
  'acknowledged',
  'dispatched',
  'arrived',
];
const TO_ARRIVAL = ['received', 'locating', 'located', 'district_notified', 'acknowledged', 'arrived'];

describe('outcomes recorded at the place', () => {
  it.each(['deceased', 'not_found_at_place'] as const)(
    '%s: a learning review, then the supervisor signs off and the case closes without welfare checks',
    async (outcome) => {
      const { caseId, step } = await arrived(false);
      const recorded = await step(
        'recordOutcome',
        { outcome, gender: 'male', age: 22, counselling: false, helplineReferral: false },
        districtOfficer,
      );
      expect(recorded.stage).toBe('outcome_recorded');
      expect(recorded.escalation.next?.wait).toBe('sign_off');
      await expect(step('signOff', { notes: 'Reviewed' }, supervisor)).rejects.toThrow(/learning review is needed/);
      const reviewed = await step('submitReview', {
        delayedBy: ['district_ack_slow'],
        savedMinutes: 'The police station acknowledging at once',
        foundBy: 'other',
      });
      expect(reviewed.learningReview?.foundBy).toBe('other');
      const closed = await step('signOff', { notes: 'Reviewed' }, supervisor);
      expect(closed.stage).toBe('closed');
      expect(closed.followUps).toEqual([]);
      expectMilestones(closed, [...AT_THE_DOOR, 'outcome', 'signed_off', 'closed']);

      const state = await settled(env, caseId);
      await expectRecordMatches(env, state);
      expect(stagesOf(await eventsOf(env, caseId))).toEqual([...TO_ARRIVAL, 'outcome_recorded', 'closed']);
      const [row] = await env.db.db.select().from(cases).where(eq(cases.id, caseId));
      expect(row).toMatchObject({
        outcome,
        gender: 'male',
        ageBand: '19-25',
        districtCode: 'LKO',
        policeStation: 'Hazratganj',
      });
      expect(row.contactAt).toBeNull();
      await expectMails(env, state, notificationKeys('LKO'));
    },
  );

  it('no risk found: after contact is made, welfare checks still follow before the case closes', async () => {
    const { caseId, step } = await arrived(true);
    const recorded = await step(
      'recordOutcome',
      { outcome: 'no_risk', gender: 'female', ageBand: '26-35', counselling: false, helplineReferral: true },
      districtOfficer,
    );
    expect(recorded.outcome).toMatchObject({ outcome: 'no_risk', ageBand: '26-35', helplineReferral: true });
    const signed = await step('signOff', {}, supervisor);
    expect(signed.stage).toBe('follow_up');
    for (const n of [1, 2, 3])
      await step('completeFollowUp', { n, personWell: true, notes: 'Family says all is well' }, districtOfficer);

    const state = await settled(env, caseId);
    expect(state.stage).toBe('closed');
    expectMilestones(state, [...AT_THE_DOOR, 'contact_made', 'outcome', 'signed_off', 'closed']);
    await expectRecordMatches(env, state);
    expect(stagesOf(await eventsOf(env, caseId))).toEqual([
      ...TO_ARRIVAL,
      'contact_made',
      'outcome_recorded',
      'follow_up',
      'closed',
    ]);
    await expectMails(env, state, notificationKeys('LKO')); // plus any reminder that fell due meanwhile
  });

  it('follow-up completed: each welfare check gets its own reminder to the district, then the case closes', async () => {
    const { caseId, step } = await arrived(true);
    await step(
      'recordOutcome',
      { outcome: 'safe', gender: 'male', age: 16, counselling: true, helplineReferral: true },
      districtOfficer,
    );
    const signed = await step('signOff', {}, supervisor);
    expect(signed.followUps.map((f) => f.n)).toEqual([1, 2, 3]);

    for (const check of signed.followUps) {
      const reminders = await env.mail.waitFor(
        (m) =>
          m.headers['x-jeevan-case'] === caseId &&
          m.headers['x-jeevan-step'] === `escalation:follow_up#${check.n}@${check.dueAt}`,
        2,
      );
      expect(reminders.map((m) => m.envelopeTo[0]).sort()).toEqual([
        'control-room.lko@police.example.org',
        'sho.lko@police.example.org',
      ]);
      expect(reminders[0].subject).toContain('welfare check due');
      expect(reminders[0].receivedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(check.dueAt));
      const after = await step('completeFollowUp', { n: check.n, personWell: check.n !== 2 }, districtOfficer);
      expect(after.followUps[check.n - 1].done).toMatchObject({ personWell: check.n !== 2 });
    }

    const state = await settled(env, caseId);
    expect(state.stage).toBe('closed');
    expect(state.timeline.at(-1)?.summary).toBe('Welfare check 3 done');
    expect(state.timeline.some((t) => t.summary === 'Welfare check 2 done: person NOT well')).toBe(true);
    expectMilestones(state, [...AT_THE_DOOR, 'contact_made', 'outcome', 'signed_off', 'closed']);
    await expectRecordMatches(env, state);
    const mails = await expectMails(env, state, notificationKeys('LKO'));
    expect(mails).toHaveLength(3 + 3 * 2); // the district notification (control room, station, 112), then a reminder each
  });
});
