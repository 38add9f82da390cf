// The learning review (issue 17): which cases need one before sign-off, what the review step
// refuses, the wait that chases it (supervisor after a day, the SMC in-charge after three,
// halved for a critical case), and which line of enquiry found the person. Pure rules.
import { describe, expect, it } from 'vitest';
import type { StepBody } from '../../contract/steps.js';
import { DEFAULT_POLICY } from '../../domain/default-policy.js';
import { activeWaits } from '../../domain/escalation.js';
import { foundByOf, needsReview, reviewPending } from '../../domain/steps/review.js';
import { refreshEscalation } from '../../domain/transitions.js';
import { CaseDriver, DAY, iso, MIN, notifiedCase, officer, operator, supervisor } from './fixtures.js';

const REVIEW: StepBody<'submitReview'> = {
  delayedBy: ['district_ack_slow', 'no_vehicle'],
  savedMinutes: 'A vehicle on stand-by at the thana',
  foundBy: 'telecom_lookup',
};

/** A case whose workflow started with the learning review (as the workflow sets it under its patch). */
function reviewing(c: CaseDriver): CaseDriver {
  c.state.asksLearningReview = true;
  refreshEscalation(c.state, c.policy);
  return c;
}

/** Walks a notified case to an outcome recorded by the district. */
function withOutcome(outcome: 'deceased' | 'not_found_at_place' | 'safe', c = reviewing(notifiedCase())): CaseDriver {
  c.step('acknowledge', { party: 'control_room' }, officer);
  c.step('acknowledge', { party: 'police_station' }, officer);
  c.step('arrive', {}, officer);
  if (outcome === 'safe') c.step('contactMade', {}, officer);
  c.step('recordOutcome', { outcome, gender: 'female', age: 30, counselling: false, helplineReferral: false }, officer);
  return c;
}

describe('which cases need a learning review', () => {
  it('a death, a person not found at the place and a case not located do; a person safe does not', () => {
    expect(needsReview(withOutcome('deceased').state)).toBe(true);
    expect(needsReview(withOutcome('not_found_at_place').state)).toBe(true);
    expect(needsReview(withOutcome('safe').state)).toBe(false);
    const lost = reviewing(new CaseDriver());
    lost.step('startLocating', {});
    expect(needsReview(lost.state)).toBe(false);
    lost.step('markNotLocated', { reason: 'phone_switched_off' });
    expect(needsReview(lost.state)).toBe(true);
  });

  it('a case whose ladder reached its final call does, even when the person is safe', () => {
    const c = reviewing(notifiedCase());
    c.advance(40 * 60 * MIN); // nobody acknowledges: the acknowledge ladder runs out
    expect(c.state.escalation.history.some((h) => h.final)).toBe(true);
    withOutcome('safe', c);
    expect(needsReview(c.state)).toBe(true);
    expect(c.try('signOff', {}, supervisor)).toMatch(/learning review is needed before sign-off/);
  });
});

describe('sign-off waits for the review', () => {
  it('refuses sign-off with a clear reason and changes nothing, then signs off once the review is in', () => {
    const c = withOutcome('deceased');
    const before = structuredClone(c.state);
    expect(c.try('signOff', {}, supervisor)).toBe(
      'a learning review is needed before sign-off (the person died): submit it first (submitReview)',
    );
    expect(c.state).toEqual(before);
    c.step('submitReview', REVIEW, operator);
    expect(c.state.learningReview).toMatchObject({ ...REVIEW, by: operator });
    expect(reviewPending(c.state)).toBe(false);
    c.step('signOff', {}, supervisor);
    expect(c.state.stage).toBe('closed');
  });

  it('does not hold a case that started before the review (no flag): old cases sign off as they did', () => {
    const c = withOutcome('deceased', notifiedCase());
    expect(c.state.asksLearningReview).toBeUndefined();
    expect(c.try('signOff', {}, supervisor)).toBeUndefined();
  });

  it('a case not located is reviewed with foundBy not_found, then closes', () => {
    const c = reviewing(new CaseDriver());
    c.step('startLocating', {});
    c.step('markNotLocated', { reason: 'dense_area' });
    expect(c.try('signOff', {}, supervisor)).toMatch(/\(the person was not located\)/);
    expect(c.try('submitReview', REVIEW)).toMatch(/foundBy 'not_found'/);
    c.step('submitReview', { ...REVIEW, foundBy: 'not_found' });
    c.step('signOff', {}, supervisor);
    expect(c.state.stage).toBe('closed');
  });
});

describe('the review step', () => {
  it('refuses a case that went as it should, a second review, repeated or too many reasons, an empty answer', () => {
    const safe = withOutcome('safe');
    expect(safe.try('submitReview', REVIEW)).toBe('this case needs no learning review (it went as it should)');
    const c = withOutcome('deceased');
    expect(c.try('submitReview', { ...REVIEW, delayedBy: [] })).toBe('name one to five reasons for the delay');
    expect(
      c.try('submitReview', {
        ...REVIEW,
        delayedBy: ['other', 'dense_area', 'no_vehicle', 'wrong_district', 'other_state', 'phone_switched_off'],
      }),
    ).toBe('name one to five reasons for the delay');
    expect(c.try('submitReview', { ...REVIEW, delayedBy: ['other', 'other'] })).toBe(
      'each reason for the delay may be named once',
    );
    expect(c.try('submitReview', { ...REVIEW, savedMinutes: '   ' })).toBe('say what would have saved minutes');
    expect(c.try('submitReview', REVIEW, officer)).toBeUndefined(); // the rule; the API's role check is the table's
    expect(c.try('submitReview', REVIEW)).toBe('a learning review was already submitted for this case');
  });
});

describe('the learning review wait', () => {
  it('reminds the supervisor a day after the outcome, then the in-charge after three days, until the review is in', () => {
    const c = withOutcome('deceased');
    const outcomeAt = c.now;
    expect(activeWaits(c.state).map((w) => w.kind)).toEqual(['sign_off', 'learning_review']);
    const fired = c.advance(4 * DAY).filter((e) => e.wait === 'learning_review');
    expect(fired.slice(0, 2).map((e) => [(Date.parse(e.dueAt) - outcomeAt) / DAY, e.notify])).toEqual([
      [1, ['smc_supervisor']],
      [3, ['smc_supervisor', 'smc_incharge']],
    ]);
    c.step('submitReview', REVIEW);
    expect(activeWaits(c.state).map((w) => w.kind)).toEqual(['sign_off']);
  });

  it('is halved for a critical case, and a policy without its ladder never chases it', () => {
    const c = withOutcome('deceased', reviewing(notifiedCase(DEFAULT_POLICY, { severity: 'critical' })));
    expect(c.state.escalation.history).toEqual([]);
    const first = c.advance(DAY).find((e) => e.wait === 'learning_review');
    expect(first?.dueAt).toBe(iso(c.now - DAY + DAY / 2));
    const { learning_review: _, ...ladders } = DEFAULT_POLICY.ladders;
    const old = withOutcome('deceased', reviewing(notifiedCase({ ...DEFAULT_POLICY, ladders })));
    expect(old.advance(10 * DAY).some((e) => e.wait === 'learning_review')).toBe(false);
    expect(old.try('signOff', {}, supervisor)).toMatch(/learning review is needed/);
  });
});

describe('which line of enquiry found the person', () => {
  it('the last enquiry that found them before location; the review overrides; not_found when never located', () => {
    const c = reviewing(new CaseDriver());
    c.step('startLocating', {});
    expect(foundByOf(c.state)).toBe('not_found');
    c.step('openEnquiry', { kind: 'telecom_lookup', owner: 'STF', dueInMinutes: 30 });
    c.step('openEnquiry', { kind: 'family_contacts', owner: 'desk', dueInMinutes: 30 });
    c.step('reportEnquiry', { enquiryId: 'E2', found: true, summary: 'the village', confidence: 2 });
    c.now += MIN;
    c.step('reportEnquiry', { enquiryId: 'E1', found: false, summary: 'switched off', confidence: 0 });
    c.step('markLocated', { districtCode: 'AMB', policeStation: 'Akbarpur' });
    expect(foundByOf(c.state)).toBe('family_contacts');
    c.state.learningReview = { at: iso(c.now), by: operator, ...REVIEW };
    expect(foundByOf(c.state)).toBe('telecom_lookup');
    const byOperator = new CaseDriver();
    byOperator.step('startLocating', {});
    byOperator.step('markLocated', { districtCode: 'AMB', policeStation: 'Akbarpur' });
    expect(foundByOf(byOperator.state)).toBeNull();
  });
});
