// The default escalation ladder (docs/domain.md) as the pure module computes it: who is told,
// when, and what happens when people move, supervisors step in or severity rises.
import { describe, expect, it } from 'vitest';
import type { NextEscalation } from '../../contract/case.js';
import { DEFAULT_POLICY } from '../../domain/default-policy.js';
import { activeWaits, escalationStatus, projectLadder } from '../../domain/escalation.js';
import { attachAlert, refreshEscalation } from '../../domain/transitions.js';
import { mailJobFor } from '../../workflows/mail-jobs.js';
import {
  alert,
  CaseDriver,
  caseInput,
  DAY,
  HOUR,
  iso,
  MIN,
  notifiedCase,
  officer,
  operator,
  supervisor,
  T0,
} from './fixtures.js';

/** [wait, minutes after `base`, level, who, final] for each escalation. */
const rows = (list: NextEscalation[], base: number) =>
  list.map((e) => [e.wait, (Date.parse(e.dueAt) - base) / MIN, e.level, e.notify, e.final]);
const minutes = (list: NextEscalation[], base: number) => list.map((e) => (Date.parse(e.dueAt) - base) / MIN);
const FOREVER = T0 + 60 * DAY;

const SUP_INCHARGE = ['smc_supervisor', 'smc_incharge'];
const ACK_REPEAT = ['district_control_room', 'sp', 'smc_supervisor'];
const ADG = ['adg_zone', 'smc_incharge'];

describe('waiting for a location', () => {
  it('tells the SMC supervisor after 10 minutes, repeats every 10 minutes six times, then a final call and nothing more', () => {
    const c = new CaseDriver();
    expect(rows(projectLadder(DEFAULT_POLICY, c.state, FOREVER), T0)).toEqual([
      ['locate', 10, 1, ['smc_supervisor'], false],
      ['locate', 20, 2, SUP_INCHARGE, false],
      ['locate', 30, 3, SUP_INCHARGE, false],
      ['locate', 40, 4, SUP_INCHARGE, false],
      ['locate', 50, 5, SUP_INCHARGE, false],
      ['locate', 60, 6, SUP_INCHARGE, false],
      ['locate', 70, 7, SUP_INCHARGE, false],
      ['locate', 80, 8, SUP_INCHARGE, true],
    ]);
  });

  it('halves every deadline for a critical case (a live attempt)', () => {
    const c = new CaseDriver(DEFAULT_POLICY, { severity: 'critical' });
    expect(minutes(projectLadder(DEFAULT_POLICY, c.state, FOREVER), T0)).toEqual([5, 10, 15, 20, 25, 30, 35, 40]);
  });

  it('after the final call holds the case for a supervisor: no next deadline, overdue, until one moves the deadline', () => {
    const c = new CaseDriver();
    c.advance(2 * DAY);
    const { escalation } = c.state;
    expect(escalation.history.map((e) => e.final)).toEqual([false, false, false, false, false, false, false, true]);
    expect(escalation.supervisorRequired).toEqual({ key: `locate@${iso(T0)}`, since: iso(T0 + 80 * MIN) });
    expect(escalation.next).toBeUndefined();
    expect(escalation).toMatchObject({ overdue: true, level: 8 });

    expect(c.try('changeDeadline', { dueAt: iso(c.now + 15 * MIN), reason: 'STF lookup under way' }, operator)).toMatch(
      /supervisor/,
    );
    c.step('changeDeadline', { dueAt: iso(c.now + 15 * MIN), reason: 'STF lookup under way' }, supervisor);
    expect(c.state.escalation.supervisorRequired).toBeUndefined();
    // A new round of repeats, numbered on from the last level, starting at the new deadline and spaced as before.
    expect(rows(projectLadder(DEFAULT_POLICY, c.state, FOREVER), c.now)).toEqual([
      ['locate', 15, 9, SUP_INCHARGE, false],
      ['locate', 25, 10, SUP_INCHARGE, false],
      ['locate', 35, 11, SUP_INCHARGE, false],
      ['locate', 45, 12, SUP_INCHARGE, false],
      ['locate', 55, 13, SUP_INCHARGE, false],
      ['locate', 65, 14, SUP_INCHARGE, false],
      ['locate', 75, 15, SUP_INCHARGE, true],
    ]);
  });

  it('stops the moment the person is located, and the next wait (notifying the district) starts its own ladder', () => {
    const c = new CaseDriver();
    c.step('startLocating', {});
    c.advance(12 * MIN);
    expect(c.state.escalation.history.map((e) => e.level)).toEqual([1]);
    c.step('markLocated', { districtCode: 'AMB', policeStation: 'Akbarpur' });
    expect(activeWaits(c.state).map((w) => w.kind)).toEqual(['notify']);
    expect(c.state.escalation).toMatchObject({ level: 0, overdue: false });
    expect(rows(projectLadder(DEFAULT_POLICY, c.state, c.now + 6 * MIN), c.now)).toEqual([
      ['notify', 5, 1, ['smc_supervisor'], false],
    ]);
  });

  it('restarts from the moment locating resumes after a not-located finding (review after 30 minutes meanwhile)', () => {
    const c = new CaseDriver();
    c.step('startLocating', {});
    c.step('markNotLocated', { reason: 'phone_switched_off' });
    expect(rows(projectLadder(DEFAULT_POLICY, c.state, T0 + 31 * MIN), T0)).toEqual([
      ['review', 30, 1, ['smc_supervisor'], false],
    ]);
    c.advance(40 * MIN);
    c.step('startLocating', { notes: 'phone back on' });
    expect(c.state.escalation.next).toMatchObject({ wait: 'locate', level: 1, dueAt: iso(c.now + 10 * MIN) });
  });
});

describe('after the district is notified', () => {
  it('interleaves the acknowledgement ladder (5 min, to control room and SP) with the arrival ladder (15/30/45 min)', () => {
    const c = notifiedCase();
    const notified = c.now;
    expect(rows(projectLadder(DEFAULT_POLICY, c.state, notified + 50 * MIN), notified)).toEqual([
      ['acknowledge', 5, 1, ['district_control_room', 'sp'], false],
      ['acknowledge', 10, 2, ACK_REPEAT, false],
      ['acknowledge', 15, 3, ACK_REPEAT, false],
      ['arrive', 15, 1, ['sp'], false],
      ['acknowledge', 20, 4, ACK_REPEAT, false],
      ['acknowledge', 25, 5, ACK_REPEAT, false],
      ['acknowledge', 30, 6, ACK_REPEAT, false],
      ['arrive', 30, 2, ['cp_or_range_ig'], false],
      ['acknowledge', 35, 7, ACK_REPEAT, false],
      ['acknowledge', 40, 8, [...ACK_REPEAT, 'smc_incharge'], true],
      ['arrive', 45, 3, ADG, false],
    ]);
  });

  it('keeps escalating an acknowledged case that has not arrived: every 15 minutes after 45, eight times, then a final call', () => {
    const c = notifiedCase();
    const notified = c.now;
    c.step('acknowledge', { party: 'control_room' }, officer);
    c.step('acknowledge', { party: 'police_station' }, officer);
    expect(c.state.stage).toBe('acknowledged');
    const ladder = projectLadder(DEFAULT_POLICY, c.state, FOREVER);
    expect(ladder.every((e) => e.wait === 'arrive')).toBe(true);
    expect(minutes(ladder, notified)).toEqual([15, 30, 45, 60, 75, 90, 105, 120, 135, 150, 165, 180]);
    expect(ladder.map((e) => e.notify.join('+'))).toEqual([
      'sp',
      'cp_or_range_ig',
      ...Array(9).fill('adg_zone+smc_incharge'),
      'adg_zone+smc_incharge+smc_supervisor',
    ]);
    expect(ladder.map((e) => e.final)).toEqual([...Array(11).fill(false), true]);
  });

  it('stops the acknowledgement ladder once both parties are in, and everything but the outcome wait on arrival', () => {
    const c = notifiedCase();
    c.advance(12 * MIN);
    c.step('acknowledge', { party: 'control_room' }, officer);
    expect(activeWaits(c.state).map((w) => w.kind)).toEqual(['acknowledge', 'arrive']);
    c.step('acknowledge', { party: 'police_station' }, officer);
    expect(activeWaits(c.state).map((w) => w.kind)).toEqual(['arrive']);
    c.advance(8 * MIN); // arrival level 1 at 15 min
    c.step('arrive', {}, officer);
    const arrived = c.now;
    expect(rows(projectLadder(DEFAULT_POLICY, c.state, arrived + 2 * HOUR), arrived)).toEqual([
      ['outcome', 120, 1, ['sp'], false],
    ]);
    expect(c.state.escalation).toMatchObject({ level: 0, overdue: false });
  });

  it('with one acknowledgement required, still escalates until one party acknowledges (either will do)', () => {
    const policy = { ...DEFAULT_POLICY, requireBothAcks: false };
    const c = notifiedCase(policy);
    expect(projectLadder(policy, c.state, c.now + 5 * MIN)).toMatchObject([
      { wait: 'acknowledge', level: 1, notify: ['district_control_room', 'sp'] },
    ]);
    c.step('acknowledge', { party: 'police_station' }, officer);
    expect(c.state.stage).toBe('acknowledged');
    expect(activeWaits(c.state).map((w) => w.kind)).toEqual(['arrive']);
  });

  it('a severity raise mid-wait brings the next deadline forward at once, and the ladder still goes one level at a time', () => {
    const c = notifiedCase();
    const notified = c.now;
    c.step('acknowledge', { party: 'control_room' }, officer);
    c.step('acknowledge', { party: 'police_station' }, officer);
    c.advance(20 * MIN); // arrival level 1 went out at 15 min
    expect(c.state.escalation.next).toMatchObject({ wait: 'arrive', level: 2, dueAt: iso(notified + 30 * MIN) });
    c.step('raiseSeverity', { severity: 'critical', reason: 'live video started' }, supervisor);
    expect(c.state.escalation.next).toMatchObject({ wait: 'arrive', level: 2, dueAt: iso(notified + 22.5 * MIN) });
    expect(minutes(projectLadder(DEFAULT_POLICY, c.state, notified + 45 * MIN), notified)).toEqual([
      22.5, 30, 37.5, 45,
    ]);
  });

  it('a live alert attached mid-wait raises the case to critical with the same effect', () => {
    const c = notifiedCase();
    const before = c.state.escalation.next;
    expect(before).toMatchObject({ wait: 'acknowledge', dueAt: iso(c.now + 5 * MIN) });
    expect(attachAlert(c.state, alert({ alertId: 'A2', live: true }), iso(c.now))).toBe(true);
    refreshEscalation(c.state, c.policy);
    expect(c.state.severity).toBe('critical');
    expect(c.state.escalation.next).toMatchObject({ wait: 'acknowledge', dueAt: iso(c.now + 2.5 * MIN) });
    expect(attachAlert(c.state, alert({ alertId: 'A2', live: true }), iso(c.now))).toBe(false);
  });

  it('a ladder that runs out while another is still running is not revived when the other runs out too', () => {
    const c = notifiedCase();
    const notified = c.now;
    c.step('acknowledge', { party: 'control_room' }, officer); // the police station never acknowledges
    c.advance(41 * MIN);
    const ackKey = `acknowledge@${iso(notified)}`;
    const arriveKey = `arrive@${iso(notified)}`;
    expect(c.state.escalation.supervisorRequired?.key).toBe(ackKey);
    expect(c.state.escalation.next?.wait).toBe('arrive');
    c.advance(4 * HOUR);
    const acks = c.state.escalation.history.filter((e) => e.key === ackKey);
    expect(acks.map((e) => e.level)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(c.state.escalation.supervisorRequired?.key).toBe(arriveKey);
    expect(c.state.escalation.next).toBeUndefined();

    // The supervisor takes over the arrival ladder; the acknowledgement ladder still waits for one.
    c.step('changeDeadline', { dueAt: iso(c.now + 10 * MIN), reason: 'team diverted' }, supervisor);
    expect(c.state.escalation.next).toMatchObject({ key: arriveKey, level: 13, dueAt: iso(c.now + 10 * MIN) });
    expect(c.state.escalation.supervisorRequired?.key).toBe(ackKey);
    c.step('changeDeadline', { dueAt: iso(c.now + 5 * MIN), reason: 'calling the thana' }, supervisor);
    expect(c.state.escalation.supervisorRequired).toBeUndefined();
    expect(c.state.escalation.next).toMatchObject({ key: ackKey, level: 9, dueAt: iso(c.now + 5 * MIN) });
  });
});

describe('deadline changes by a supervisor', () => {
  it('replace the next due time; later levels keep their spacing from it', () => {
    const c = new CaseDriver();
    c.advance(3 * MIN);
    c.step('changeDeadline', { dueAt: iso(T0 + 30 * MIN), reason: 'family on the phone' }, supervisor);
    expect(c.state.escalation.next).toMatchObject({
      wait: 'locate',
      level: 1,
      dueAt: iso(T0 + 30 * MIN),
      notify: ['smc_supervisor'],
    });
    expect(minutes(projectLadder(DEFAULT_POLICY, c.state, FOREVER), T0)).toEqual([30, 40, 50, 60, 70, 80, 90, 100]);
  });

  it('can shorten a deadline; the ladder then goes on from its own schedule', () => {
    const c = new CaseDriver();
    c.step('changeDeadline', { dueAt: iso(T0 + 4 * MIN), reason: 'live video' }, supervisor);
    expect(minutes(projectLadder(DEFAULT_POLICY, c.state, T0 + 35 * MIN), T0)).toEqual([4, 20, 30]);
  });

  it('name a wait by key, and are refused for the past, beyond 7 days, for a wait not running, and for non-supervisors', () => {
    const c = notifiedCase();
    const arriveKey = `arrive@${iso(c.now)}`;
    c.step('changeDeadline', { key: arriveKey, dueAt: iso(c.now + 20 * MIN), reason: 'road blocked' }, supervisor);
    expect(c.state.escalation.next).toMatchObject({ wait: 'acknowledge', level: 1 }); // still the earliest
    expect(projectLadder(DEFAULT_POLICY, c.state, c.now + 20 * MIN).filter((e) => e.wait === 'arrive')).toMatchObject([
      { level: 1, dueAt: iso(c.now + 20 * MIN) },
    ]);
    expect(c.try('changeDeadline', { dueAt: iso(c.now - 1), reason: 'x' }, supervisor)).toMatch(/future/);
    expect(c.try('changeDeadline', { dueAt: iso(c.now + 8 * DAY), reason: 'x' }, supervisor)).toMatch(/7 days/);
    expect(c.try('changeDeadline', { key: 'locate@x', dueAt: iso(c.now + MIN), reason: 'x' }, supervisor)).toMatch(
      /no running deadline/,
    );
    for (const by of [
      operator,
      officer,
      { id: 'a', role: 'auditor' as const },
      { id: 's', role: 'senior_officer' as const },
    ]) {
      expect(c.try('changeDeadline', { dueAt: iso(c.now + MIN), reason: 'x' }, by)).toMatch(/supervisor|read-only/);
    }
  });

  it('after a ladder ran out and the case moved on, aim at the wait that is running now', () => {
    const c = new CaseDriver();
    c.advance(2 * HOUR);
    expect(c.state.escalation.supervisorRequired?.key).toMatch(/^locate@/);
    c.step('startLocating', {});
    c.step('markLocated', { districtCode: 'LKO', policeStation: 'Hazratganj' });
    expect(c.state.escalation.supervisorRequired).toBeUndefined();
    expect(c.state.escalation).toMatchObject({ overdue: false, level: 0 });
    c.step('changeDeadline', { dueAt: iso(c.now + 20 * MIN), reason: 'confirming the address' }, supervisor);
    expect(c.state.escalation.next).toMatchObject({ wait: 'notify', dueAt: iso(c.now + 20 * MIN) });
  });
});

describe('transfers, outcome, sign-off and follow-up', () => {
  it('escalates an unacknowledged transfer to the nodal officer and the SMC', () => {
    const c = new CaseDriver();
    c.step('startLocating', {});
    c.step('markNotLocated', { reason: 'outside_jurisdiction' });
    c.step('transfer', { toState: 'BR', nodalOfficer: 'Bihar SMC desk' });
    expect(rows(projectLadder(DEFAULT_POLICY, c.state, c.now + 45 * MIN), c.now)).toEqual([
      ['transfer_ack', 15, 1, ['nodal_officer', 'smc_supervisor'], false],
      ['transfer_ack', 45, 2, ['nodal_officer', 'smc_incharge'], false],
    ]);
  });

  it('reminds the district of each welfare check exactly when it falls due, then escalates to the SP 12 hours later', () => {
    const input = caseInput();
    const c = notifiedCase();
    c.step('acknowledge', { party: 'control_room' }, officer);
    c.step('acknowledge', { party: 'police_station' }, officer);
    c.step('arrive', {}, officer);
    c.step('contactMade', {}, officer);
    c.step(
      'recordOutcome',
      { outcome: 'safe', gender: 'male', age: 22, counselling: true, helplineReferral: true },
      officer,
    );
    expect(c.state.escalation.next).toMatchObject({
      wait: 'sign_off',
      dueAt: iso(c.now + 2 * HOUR),
      notify: ['smc_supervisor'],
    });
    expect(c.try('signOff', {}, officer)).toMatch(/supervisor/);
    c.step('signOff', {}, supervisor);
    const signed = c.now;
    expect(c.state.followUps.map((f) => f.dueAt)).toEqual([
      iso(signed + DAY),
      iso(signed + 3 * DAY),
      iso(signed + 7 * DAY),
    ]);
    const next = c.state.escalation.next!;
    expect(next).toMatchObject({
      key: `follow_up#1@${iso(signed + DAY)}`,
      level: 1,
      dueAt: iso(signed + DAY),
      notify: ['police_station', 'district_control_room'],
    });
    expect(mailJobFor(c.state, { kind: 'escalation', escalation: next }, input)).toMatchObject({
      template: 'follow_up_reminder',
      roles: ['police_station', 'district_control_room'],
    });

    const fired = c.advance(DAY + 12 * HOUR);
    expect(rows(fired, signed)).toEqual([
      ['follow_up', 24 * 60, 1, ['police_station', 'district_control_room'], false],
      ['follow_up', 36 * 60, 2, ['sp'], false],
    ]);
    expect(mailJobFor(c.state, { kind: 'escalation', escalation: fired[1] }, input).template).toBe('escalation');
    c.step('completeFollowUp', { n: 1, personWell: true }, officer);
    expect(c.state.escalation.next).toMatchObject({
      key: `follow_up#2@${iso(signed + 3 * DAY)}`,
      level: 1,
      dueAt: iso(signed + 3 * DAY),
    });
    expect(escalationStatus(c.state)).toEqual({ level: 0, overdue: false });
  });
});
