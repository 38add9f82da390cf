// The crash window: the SMTP server has accepted an escalation e-mail and the worker is
// SIGKILLed before it records the delivery. The one thing Jeevan may duplicate: a new
// worker sends that e-mail again, with the same Message-ID, so mail clients can fold the
// copies. Counted here; everything else is still exactly once.
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
  stack = await startStack({ name: 'worker-killed-after-smtp-accept', policy: locateLadder(4000, 2000, 1) });
});
afterAll(() => stack?.close());

describe('worker killed between SMTP acceptance and the delivery record', () => {
  it('resends only that e-mail, once, with the same Message-ID', async () => {
    const { caseId, ref } = await openCase(stack);
    const next = (await stack.cases.state(caseId)).escalation.next;
    expect(next?.level).toBe(1);
    const step = `escalation:${next?.key}`;
    const messageId = messageIdFor({ caseId, step, level: 1 } as Parameters<typeof messageIdFor>[0], SUPERVISOR);
    const key = `${caseId}|${step}|1|${SUPERVISOR}`;

    // The delivery row exists (as the worker itself writes it before sending) and we hold
    // its row lock: the worker can send, but its "sent" record waits for us.
    await stack.db.pool.query(
      `INSERT INTO deliveries (case_id, step, level, recipient, role, message_id, status) VALUES ($1, $2, 1, $3, 'smc_supervisor', $4, 'pending')`,
      [caseId, step, SUPERVISOR, messageId],
    );
    const lock = await holdLock(stack, [
      ['SELECT 1 FROM deliveries WHERE case_id = $1 AND step = $2 FOR UPDATE', [caseId, step]],
    ]);

    // The trigger: the SMTP server's acceptance of the e-mail.
    const [accepted] = await stack.mail.waitFor(
      (m) => m.headers['x-jeevan-case'] === caseId && m.headers['x-jeevan-level'] === '1',
      1,
      60_000,
    );
    await frozenOnLock(stack, stack.workerApp, 'the worker to be recording the delivery');
    await killWorker(stack);
    await lock.release();
    const { rows } = await stack.db.pool.query('SELECT status FROM deliveries WHERE case_id = $1 AND step = $2', [
      caseId,
      step,
    ]);
    expect(rows).toEqual([{ status: 'pending' }]); // accepted by SMTP, not recorded: the crash window

    await stack.worker.start();
    const copies = await stack.mail.waitFor(
      (m) => m.headers['x-jeevan-case'] === caseId && m.headers['x-jeevan-level'] === '1',
      2,
      120_000,
    );
    expect(copies.map((m) => m.messageId)).toEqual([accepted.messageId, accepted.messageId]);
    await eventually(
      async () => (await stack.cases.state(caseId)).escalation.supervisorRequired,
      'the ladder to run out',
    );

    const report = await checkInvariants(stack, { accepted: [ref], crashWindow: [key] });
    expect(report.resent).toBe(1);
    expect(report.resentKeys).toEqual([key]);
    recordNumbers(stack, { crashWindowKeys: 1, resent: report.resent, invariants: report });
  });
});
