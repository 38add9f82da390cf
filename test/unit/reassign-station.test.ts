// reassignStation: another police station of the same district takes the case, with a reason.
// Its whole description is one entry of the step table and one rule in domain/steps/notify.ts.
import { describe, expect, it } from 'vitest';
import { roleProblem } from '../../contract/access.js';
import { STEPS } from '../../contract/steps.js';
import { mailJobFor } from '../../workflows/mail-jobs.js';
import { CaseDriver, caseInput, notifiedCase, officer, operator, supervisor } from './fixtures.js';

const move = { policeStation: 'Jalalpur', reason: 'the village is in Jalalpur thana' };

describe('reassignStation', () => {
  it('is refused until the district is known, and once an outcome is recorded', () => {
    const c = new CaseDriver();
    expect(c.try('reassignStation', move)).toBe(
      'reassignStation is not allowed while the case is received (allowed in: located, district_notified, acknowledged, arrived, contact_made)',
    );
    c.step('startLocating', {});
    expect(c.try('reassignStation', move)).toMatch(/not allowed while the case is locating/);
    c.step('markLocated', { districtCode: 'AMB', policeStation: 'Akbarpur' });
    expect(c.try('reassignStation', move)).toBeUndefined();
    c.step('notifyDistrict', {});
    c.step('arrive', {}, officer);
    c.step(
      'recordOutcome',
      { outcome: 'not_found_at_place', gender: 'unknown', counselling: false, helplineReferral: false },
      officer,
    );
    expect(c.try('reassignStation', { ...move, policeStation: 'Tanda' }, officer)).toMatch(
      /not allowed while the case is outcome_recorded/,
    );
  });

  it('moves the case to the new station of the same district, keeps stage and acknowledgements, and says why', () => {
    const c = notifiedCase();
    c.step('acknowledge', { party: 'police_station' }, officer);
    const before = structuredClone(c.state);
    c.step('reassignStation', move, officer);
    expect(c.state.district).toEqual({ code: 'AMB', policeStation: 'Jalalpur' });
    expect(c.state.stage).toBe(before.stage);
    expect(c.state.acks).toEqual(before.acks);
    expect(c.state.milestones).toEqual(before.milestones);
    expect(c.state.escalation.next).toEqual(before.escalation.next);
    expect(c.state.version).toBe(before.version + 1);
    const entry = c.state.timeline.at(-1);
    expect(entry).toEqual({
      seq: before.timeline.length + 1,
      at: entry?.at,
      kind: 'reassignStation',
      by: officer,
      summary: 'Police station changed from Akbarpur to Jalalpur (district AMB): the village is in Jalalpur thana',
    });
    // The e-mails of the case go to the new station from now on.
    expect(mailJobFor(c.state, { kind: 'district_notification' }, caseInput()).policeStation).toBe('Jalalpur');
  });

  it('refuses the station the case already has, and a blank name', () => {
    const c = notifiedCase();
    const before = JSON.stringify(c.state);
    expect(c.try('reassignStation', { ...move, policeStation: 'Akbarpur' })).toBe(
      'the case is already with police station Akbarpur',
    );
    expect(c.try('reassignStation', { ...move, policeStation: '   ' })).toBe('the police station must be named');
    expect(JSON.stringify(c.state)).toBe(before);
    c.step('reassignStation', { ...move, policeStation: ' Jalalpur ' }, supervisor);
    expect(c.state.district?.policeStation).toBe('Jalalpur');
    expect(c.try('reassignStation', move)).toBe('the case is already with police station Jalalpur');
  });

  it('may be taken by the SMC desk and the district officer, not by auditors or senior officers', () => {
    expect([...STEPS.reassignStation.roles]).toEqual(['smc_operator', 'smc_supervisor', 'district_officer']);
    expect(roleProblem('reassignStation', 'senior_officer')).toBe(
      'the role senior_officer may not take the step reassignStation',
    );
    const c = notifiedCase();
    expect(c.try('reassignStation', move, { id: 'a', role: 'auditor' })).toBe(
      'auditors have read-only access to cases',
    );
    expect(c.try('reassignStation', move, operator)).toBeUndefined();
  });
});
