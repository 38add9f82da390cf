// The escalation ladder on a real server with deadlines in fractions of a second:
// level by level, one e-mail per (level, recipient), silence the moment the awaited step
// happens, and a bounded number of repeats that hands the case to a supervisor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseState } from '../../contract/case.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import {
  duplicateKeys,
  expectDeliveriesMatchSink,
  expectedEscalationKeys,
  expectMails,
  mailKey,
  mailsOf,
  notificationKeys,
  stepsOf,
  withLadders,
} from '../helpers/case-checks.js';
import { createTestEnv, districtOfficer, supervisor, type TestEnv } from '../helpers/env.js';
import { eventually } from '../helpers/wait.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ policy: scaledPolicy(100) }); // one policy minute = 100 ms
});
afterAll(() => env?.close());

const levelsOf = (state: CaseState, wait: string) =>
  state.escalation.history.filter((e) => e.wait === wait).map((e) => e.level);
const escalationsAfter = (state: CaseState, seq: number) =>
  state.timeline.filter((t) => t.kind === 'escalation' && t.seq > seq);

describe('the escalation ladder', () => {
  it('escalates an unacknowledged case level by level, one e-mail per level and recipient, and stops at once on arrival', async () => {
    const caseId = await env.openCase();
    const step = stepsOf(env, caseId);
    await step('startLocating', {});
    await step('markLocated', { districtCode: 'AMB', policeStation: 'Akbarpur' });
    await step('notifyDistrict', {});
    await step('acknowledge', { party: 'control_room' }, districtOfficer); // the police station never does

    // Arrival level 2 (to the Range IG) is due 3 s after notification; acknowledgement repeats every 0.5 s meanwhile.
    await env.mail.waitFor(
      (m) => m.headers['x-jeevan-case'] === caseId && m.envelopeTo[0] === 'range-ig.amb@police.example.org',
      1,
      20_000,
    );
    const before = await env.cases.state(caseId);
    expect(levelsOf(before, 'arrive').slice(0, 2)).toEqual([1, 2]);
    const acks = levelsOf(before, 'acknowledge');
    expect(acks.length).toBeGreaterThanOrEqual(4);
    expect(acks).toEqual(acks.map((_, i) => i + 1));
    expect(before.escalation).toMatchObject({ overdue: true, level: Math.max(...acks) });
    // The acknowledgement repeats go on firing meanwhile: the relay holds at least what `before`
    // fired, nothing the case has not fired by the time it is looked at, and nothing twice.
    const firedBy = (s: CaseState) => [...notificationKeys('AMB'), ...expectedEscalationKeys(s)];
    await eventually(
      async () => firedBy(before).every((k) => mailsOf(env, caseId).map(mailKey).includes(k)),
      'the mails of every escalation fired so far',
    );
    const sunk = mailsOf(env, caseId);
    const latest = await env.cases.state(caseId);
    expect(firedBy(latest)).toEqual(expect.arrayContaining(sunk.map(mailKey)));
    expect(duplicateKeys(sunk)).toEqual([]);

    const arrived = await step('arrive', {}, districtOfficer);
    expect(arrived.escalation.next?.wait).toBe('outcome');
    const arrivalSeq = arrived.timeline.at(-1)?.seq ?? 0;
    await new Promise((r) => setTimeout(r, 2000)); // four acknowledgement periods and past arrival level 3: nothing may follow
    const after = await env.cases.state(caseId);
    expect(escalationsAfter(after, arrivalSeq)).toEqual([]);
    expect(after.escalation.history).toEqual(arrived.escalation.history);
    await expectMails(env, arrived, notificationKeys('AMB'));
    await expectDeliveriesMatchSink(env, caseId);
  });

  it('ends the bounded repeats with a final escalation that needs a supervisor, and resumes only when one moves the deadline', async () => {
    // Locating: level 1 after 0.3 s, then two repeats 0.3 s apart, then the final one.
    const policy = withLadders(scaledPolicy(60_000), {
      locate: {
        rungs: [{ afterMs: 300, notify: ['smc_supervisor'] }],
        repeat: { everyMs: 300, times: 2, notify: ['smc_supervisor', 'smc_incharge'] },
      },
    });
    const caseId = await env.openCase({ policy });
    const final = await eventually(async () => {
      const s = await env.cases.state(caseId);
      return s.escalation.supervisorRequired ? s : undefined;
    }, 'the final escalation');
    expect(final.escalation.history.map((e) => [e.level, e.final])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(final.escalation.next).toBeUndefined();
    expect(final.escalation.overdue).toBe(true);
    const finalMails = await expectMails(env, final, []);
    expect(
      finalMails
        .filter((m) => m.headers['x-jeevan-level'] === '4')
        .every((m) => m.text.includes('a supervisor must take charge')),
    ).toBe(true);

    await new Promise((r) => setTimeout(r, 1000)); // three repeat periods: silence, the case waits for a supervisor
    const waiting = await env.cases.state(caseId);
    expect(waiting.escalation.history).toHaveLength(4);
    expect(mailsOf(env, caseId)).toHaveLength(finalMails.length);

    const dueAt = new Date(Date.now() + 400).toISOString();
    const taken = await env.cases.step(caseId, 'changeDeadline', {
      by: supervisor,
      body: { dueAt, reason: 'Telecom lookup promised shortly' },
    });
    expect(taken.escalation.supervisorRequired).toBeUndefined();
    expect(taken.escalation.next).toMatchObject({ level: 5, dueAt, final: false });

    // The ladder restarts at the new deadline with fresh levels (5, 6, then 7 final), each mailed once.
    const resumed = await eventually(async () => {
      const s = await env.cases.state(caseId);
      return s.escalation.history.length === 7 && s.escalation.supervisorRequired ? s : undefined;
    }, 'the second round of repeats to run out');
    expect(resumed.escalation.history.slice(4).map((e) => [e.level, e.final])).toEqual([
      [5, false],
      [6, false],
      [7, true],
    ]);
    expect(Date.parse(resumed.escalation.history[4].firedAt)).toBeGreaterThanOrEqual(Date.parse(dueAt));
    expect(Date.parse(resumed.escalation.history[5].dueAt) - Date.parse(resumed.escalation.history[4].dueAt)).toBe(300);
    const level5 = await env.mail.waitFor(
      (m) => m.headers['x-jeevan-case'] === caseId && m.headers['x-jeevan-level'] === '5',
      2,
    );
    expect(level5.every((m) => m.receivedAt.getTime() >= Date.parse(dueAt))).toBe(true);
    await expectMails(env, resumed, []);
    await expectDeliveriesMatchSink(env, caseId);
  });
});
