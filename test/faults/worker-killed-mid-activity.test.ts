// The worker SIGKILLed in the middle of an activity: an operator's step has been applied
// in the workflow and the worker is writing it to PostgreSQL (recordCase) when it dies.
// A new worker finishes the write: the step counts once, the record matches the workflow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { checkInvariants } from './invariants.js';
import { recordNumbers } from './report.js';
import { frozenOnLock, holdLock, killWorker, openCase, operator, recorded } from './scenario.js';
import { type Stack, startStack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  // Real-time deadlines: nothing escalates while this test runs.
  stack = await startStack({ name: 'worker-killed-mid-activity', policy: scaledPolicy(60_000) });
});
afterAll(() => stack?.close());

describe('worker killed mid-activity', () => {
  it('finishes the interrupted record on a new worker; the step happens exactly once', async () => {
    const { caseId, ref } = await openCase(stack);
    await recorded(stack, caseId);

    // Freeze the worker inside recordCase: its write of the case row waits on our lock.
    const lock = await holdLock(stack, [['SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [caseId]]]);
    const step = stack.http.step(caseId, '/locating/start', {}, operator);
    await frozenOnLock(stack, stack.workerApp, 'the worker to be writing the step to PostgreSQL');
    const applied = await stack.cases.state(caseId);
    expect(applied.stage).toBe('locating'); // the workflow has the step; PostgreSQL does not yet

    const killedAt = Date.now();
    await killWorker(stack);
    await lock.release();
    await stack.worker.start();
    // The caller waited for the update while no worker could finish it: 503, or 200 if it outlived the timeout.
    const answer = await step;
    expect([200, 503]).toContain(answer.status);

    const state = await recorded(stack, caseId, 'the new worker to finish the record', 120_000);
    const recoveredMs = Date.now() - killedAt;
    expect(state.stage).toBe('locating');
    expect(state.timeline.filter((t) => t.to === 'locating')).toHaveLength(1);
    // A client retrying the same step is told it already happened.
    const retry = await stack.http.step(caseId, '/locating/start', {}, operator);
    expect(retry.status).toBe(409);
    expect(retry.body.error?.code).toBe('step_refused');

    // Answered 503 yet applied: the audit log records that request's outcome as "unknown",
    // which the invariant accepts as the audit entry of the step the timeline shows.
    const report = await checkInvariants(stack, { accepted: [ref] });
    expect(report).toMatchObject({ cases: 1, openCases: 1, resent: 0 });
    recordNumbers(stack, { firstAnswer: answer.status, recoveredAfterKillMs: recoveredMs, invariants: report });
  });
});
