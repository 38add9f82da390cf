// Every way a case can end without a location: each reason, then a supervisor closes it.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_LOCATED_REASONS } from '../../contract/case.js';
import { cases } from '../../db/schema.js';
import { StepRefusedError } from '../../lib/temporal/case-client.js';
import {
  eventsOf,
  expectMilestones,
  expectRecordMatches,
  mailsOf,
  settled,
  stagesOf,
  stepsOf,
} from '../helpers/case-checks.js';
import { createTestEnv, operator, supervisor, type TestEnv } from '../helpers/env.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv(); // real-time ladder: nothing falls due while these cases run
});
afterAll(() => env?.close());

describe('a case that cannot be located', () => {
  it.each(NOT_LOCATED_REASONS)('records the reason %s and closes on a supervisor sign-off', async (reason) => {
    const caseId = await env.openCase();
    const step = stepsOf(env, caseId);
    await step('startLocating', {});
    await step('openEnquiry', { kind: 'telecom_lookup', owner: 'STF desk', dueInMinutes: 30 });
    await step('reportEnquiry', { enquiryId: 'E1', found: false, summary: 'No subscriber record', confidence: 0 });
    const detail = reason === 'other' ? 'Account deleted before the lookup' : undefined;
    if (reason === 'other') {
      await expect(step('markNotLocated', { reason })).rejects.toThrow(
        new StepRefusedError('detail is required when the reason is "other"'),
      );
    }

    const notLocated = await step('markNotLocated', {
      reason,
      ...(detail ? { detail } : {}),
      notes: 'Tried every line of enquiry',
    });
    expect(notLocated.stage).toBe('not_located');
    expect(notLocated.notLocated).toMatchObject({ reason, by: { id: operator.id } });
    expect(notLocated.notLocated?.detail).toBe(detail);
    expect(notLocated.escalation.next).toMatchObject({ wait: 'review', level: 1 });
    await expect(step('signOff', {})).rejects.toThrow('signOff needs an SMC supervisor');
    // A case closed as not located is reviewed first (issue 17): what delayed us, what would have saved minutes.
    await expect(step('signOff', {}, supervisor)).rejects.toThrow(
      'a learning review is needed before sign-off (the person was not located): submit it first (submitReview)',
    );
    const reviewed = await step('submitReview', {
      delayedBy: ['phone_switched_off'],
      savedMinutes: 'An emergency request to Meta in the first minutes',
      foundBy: 'not_found',
    });
    expect(reviewed.learningReview).toMatchObject({ delayedBy: ['phone_switched_off'], foundBy: 'not_found' });

    const closed = await step('signOff', { notes: 'Reviewed: nothing more to try' }, supervisor);
    expect(closed.stage).toBe('closed');
    expect(closed.escalation.next).toBeUndefined();
    expectMilestones(closed, ['received', 'locating_started', 'not_located', 'signed_off', 'closed']);

    const state = await settled(env, caseId);
    await expectRecordMatches(env, state);
    expect(stagesOf(await eventsOf(env, caseId))).toEqual(['received', 'locating', 'not_located', 'closed']);
    const [row] = await env.db.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({
      stage: 'closed',
      notLocatedReason: reason,
      districtCode: null,
      outcome: null,
      reviewDelays: ['phone_switched_off'],
      foundBy: 'not_found',
    });
    expect(mailsOf(env, caseId)).toEqual([]); // no district to notify and nothing overdue
  });

  it('resumes locating after a not-located finding and then reaches the district', async () => {
    const caseId = await env.openCase();
    const step = stepsOf(env, caseId);
    await step('startLocating', {});
    await step('markNotLocated', { reason: 'phone_switched_off' });
    const resumed = await step('startLocating', { notes: 'Phone back on the network' });
    expect(resumed.stage).toBe('locating');
    expect(resumed.relocatedAt).toBeDefined();
    // The locate wait restarts from the resumption, with a fresh ladder.
    const next = resumed.escalation.next;
    expect(next).toMatchObject({ key: `locate@${resumed.relocatedAt}`, level: 1 });
    expect(Date.parse(next?.dueAt ?? '') - Date.parse(resumed.relocatedAt ?? '')).toBe(10 * 60_000);
    await step('markLocated', { districtCode: 'GZB', policeStation: 'Vijay Nagar' });
    const notified = await step('notifyDistrict', {});
    expect(notified.stage).toBe('district_notified');
    const mails = await env.mail.waitFor((m) => m.headers['x-jeevan-case'] === caseId, 3);
    expect(mails.map((m) => m.envelopeTo[0]).sort()).toEqual([
      'control-room.gzb@police.example.org',
      'control-room.up112@police.example.org',
      'sho.gzb@police.example.org',
    ]);
  });
});
