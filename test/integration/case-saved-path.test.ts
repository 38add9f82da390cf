import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MILESTONE_ORDER } from '../../contract/case.js';
import { caseEvents, cases } from '../../db/schema.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { createTestEnv, districtOfficer, operator, supervisor, type TestEnv } from '../helpers/env.js';
import { eventually } from '../helpers/wait.js';

let env: TestEnv;
beforeAll(async () => {
  // Follow-ups a second apart; escalations far away (a policy minute lasts 60 s... scaled below).
  env = await createTestEnv({ policy: scaledPolicy(60_000, { followUpOffsetsMs: [300, 600, 900] }) });
});
afterAll(() => env?.close());

describe('a case that ends with the person safe', () => {
  it('walks every stage, keeps milestones in order, records events and sends the district e-mail', async () => {
    const caseId = await env.openCase();
    const s = (step: Parameters<TestEnv['cases']['step']>[1], body: object, by = operator) =>
      env.cases.step(caseId, step as never, { by, body } as never);

    await s('startLocating', {});
    const withEnquiry = await s('openEnquiry', { kind: 'telecom_lookup', owner: 'STF desk', dueInMinutes: 20 });
    expect(withEnquiry.locating.enquiries).toHaveLength(1);
    const reported = await s('reportEnquiry', {
      enquiryId: 'E1',
      found: true,
      summary: 'Tower near Akbarpur',
      confidence: 2,
      districtCode: 'AMB',
    });
    expect(reported.locating.best).toMatchObject({ confidence: 2, source: 'E1', districtCode: 'AMB' });
    await s('markLocated', {
      districtCode: 'AMB',
      policeStation: 'Akbarpur',
      summary: 'House 12, Akbarpur',
      confidence: 3,
    });
    const notified = await s('notifyDistrict', {});
    expect(notified.stage).toBe('district_notified');
    const half = await s('acknowledge', { party: 'control_room' }, districtOfficer);
    expect(half.stage).toBe('district_notified'); // the police station has not acknowledged yet
    await s('dispatch', { unit: 'SI Verma, PRV 112' }, districtOfficer);
    const acked = await s('acknowledge', { party: 'police_station' }, districtOfficer);
    expect(acked.stage).toBe('acknowledged');
    await s('arrive', {}, districtOfficer);
    await s('contactMade', {}, districtOfficer);
    await s(
      'recordOutcome',
      { outcome: 'safe', gender: 'female', age: 17, counselling: true, helplineReferral: true },
      districtOfficer,
    );
    const signed = await s('signOff', {}, supervisor);
    expect(signed.stage).toBe('follow_up');
    expect(signed.followUps).toHaveLength(3);

    for (const n of [1, 2, 3]) await s('completeFollowUp', { n, personWell: true }, districtOfficer);
    const final = await env.cases.state(caseId);
    expect(final.stage).toBe('closed');
    expect(final.outcome).toMatchObject({ outcome: 'safe', gender: 'female', ageBand: '13-18' });

    const times = MILESTONE_ORDER.map((m) => final.milestones[m]).filter(Boolean) as string[];
    expect(times).toHaveLength(MILESTONE_ORDER.length);
    expect([...times].sort()).toEqual(times);

    const row = await eventually(async () => {
      const [r] = await env.db.db.select().from(cases).where(eq(cases.id, caseId));
      return r?.stage === 'closed' ? r : undefined;
    }, 'the projection to show the case closed');
    expect(row).toMatchObject({
      districtCode: 'AMB',
      policeStation: 'Akbarpur',
      outcome: 'safe',
      ageBand: '13-18',
      gender: 'female',
    });

    const events = await env.db.db
      .select()
      .from(caseEvents)
      .where(eq(caseEvents.caseId, caseId))
      .orderBy(asc(caseEvents.seq));
    expect(events.map((e) => e.seq)).toEqual(final.timeline.map((t) => t.seq));
    expect(events.map((e) => e.toStage).filter(Boolean)).toEqual([
      'received',
      'locating',
      'located',
      'district_notified',
      'acknowledged',
      'arrived',
      'contact_made',
      'outcome_recorded',
      'follow_up',
      'closed',
    ]);

    const mails = await env.mail.waitFor(
      (m) => m.headers['x-jeevan-case'] === caseId && m.headers['x-jeevan-step'] === 'district_notification',
      3,
    );
    expect(mails.map((m) => m.envelopeTo[0]).sort()).toEqual([
      'control-room.amb@police.example.org',
      'control-room.up112@police.example.org',
      'sho.amb@police.example.org',
    ]);
    for (const m of mails) {
      expect(m.subject).toContain(caseId);
      expect(m.subject).not.toContain('Akbarpur');
      expect(m.text).toContain('House 12, Akbarpur');
      expect(m.text).toMatch(/तुरंत/);
    }
  });
});
