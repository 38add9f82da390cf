// The worker SIGKILLed in the middle of an escalation: the deadline passed, the workflow
// recorded the escalation and started its e-mail, and the worker dies before the e-mail
// reaches the SMTP server. A new worker sends it (once) and the ladder carries on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageIdFor } from '../../activities/mail.js';
import { eventually } from '../helpers/wait.js';
import { checkInvariants } from './invariants.js';
import { locateLadder, SUPERVISOR } from './ladders.js';
import { recordNumbers } from './report.js';
import { frozenOnLock, holdLock, killWorker, openCase } from './scenario.js';
import { type Stack, startStack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  // Level 1 after 4 s, level 2 at 6 s, final level 3 at 8 s.
  stack = await startStack({ name: 'worker-killed-mid-escalation', policy: locateLadder(4000, 2000, 1) });
});
afterAll(() => stack?.close());

describe('worker killed mid-escalation', () => {
  it('sends the interrupted escalation once from a new worker and fires every later level once', async () => {
    const { caseId, ref } = await openCase(stack);
    const next = (await stack.cases.state(caseId)).escalation.next;
    expect(next?.level).toBe(1);
    const step = `escalation:${next?.key}`;
    const messageId = messageIdFor({ caseId, step, level: 1 } as Parameters<typeof messageIdFor>[0], SUPERVISOR);

    // Our uncommitted row with the same key freezes the mail activity at its first write.
    const lock = await holdLock(stack, [
      [
        `INSERT INTO deliveries (case_id, step, level, recipient, role, message_id, status) VALUES ($1, $2, 1, $3, 'smc_supervisor', $4, 'pending')`,
        [caseId, step, SUPERVISOR, messageId],
      ],
    ]);
    await frozenOnLock(stack, stack.workerApp, 'the escalation e-mail to be under way');
    const fired = await stack.cases.state(caseId);
    expect(fired.escalation.history.map((e) => e.level)).toEqual([1]);
    expect(stack.mail.messages).toEqual([]);

    const killedAt = Date.now();
    await killWorker(stack);
    await lock.release();
    await stack.worker.start();

    const [level1] = await stack.mail.waitFor(
      (m) => m.headers['x-jeevan-case'] === caseId && m.headers['x-jeevan-level'] === '1',
      1,
      120_000,
    );
    const held = await eventually(async () => {
      const s = await stack.cases.state(caseId);
      return s.escalation.supervisorRequired ? s : undefined;
    }, 'the ladder to run out and wait for a supervisor');
    expect(held.escalation.history.map((e) => [e.level, e.final])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);

    const report = await checkInvariants(stack, { accepted: [ref] });
    expect(report).toMatchObject({ cases: 1, resent: 0 });
    recordNumbers(stack, {
      level1DueAt: next?.dueAt,
      level1DeliveredAfterKillMs: level1.receivedAt.getTime() - killedAt,
      level1LateByMs: level1.receivedAt.getTime() - Date.parse(next?.dueAt ?? ''),
      invariants: report,
    });
  });
});
