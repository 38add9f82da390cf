// The worker SIGKILLed right after a step's 200, before its record reached PostgreSQL. A step
// answers once it is in the workflow's history, not after its projection write (issue 16): this
// holds the answer to its meaning. The step is in history, with its record activity scheduled,
// and a new worker writes it to PostgreSQL exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../contract/ids.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { checkInvariants } from './invariants.js';
import { recordNumbers } from './report.js';
import { frozenOnLock, holdLock, killWorker, openCase, operator, recorded } from './scenario.js';
import { type Stack, startStack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  // Real-time deadlines: nothing escalates while this test runs.
  stack = await startStack({ name: 'worker-killed-after-step-answer', policy: scaledPolicy(60_000) });
});
afterAll(() => stack?.close());

describe('worker killed after a step answered 200', () => {
  it('has the step in history when it answers, and a new worker records it once', async () => {
    const { caseId, ref } = await openCase(stack);
    await recorded(stack, caseId);

    // PostgreSQL cannot take the step's record: the worker's write of the case row waits on our lock.
    const lock = await holdLock(stack, [['SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [caseId]]]);
    const answer = await stack.http.step(caseId, '/locating/start', {}, operator);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect((answer.body.case as { stage: string }).stage).toBe('locating'); // the answer shows the step just taken
    await frozenOnLock(stack, stack.workerApp, 'the worker to be writing the step to PostgreSQL');
    const { rows } = await stack.db.pool.query<{ stage: string }>('SELECT stage FROM cases WHERE id = $1', [caseId]);
    expect(rows[0].stage).toBe('received'); // answered before PostgreSQL had it

    // The answer's meaning: the step's Update completed in history, and its record activity was scheduled with it.
    const history = await stack.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    const events = history.events ?? [];
    const completed = events.findIndex((e) => e.workflowExecutionUpdateCompletedEventAttributes);
    expect(completed).toBeGreaterThan(-1);
    // The events of the workflow task that answered: from its WorkflowTaskCompleted to the next task.
    const taskDone = events.findLastIndex((e, i) => i < completed && e.workflowTaskCompletedEventAttributes);
    const nextTask = events.findIndex((e, i) => i > taskDone && e.workflowTaskScheduledEventAttributes);
    const batch = events.slice(taskDone, nextTask === -1 ? undefined : nextTask);
    expect(batch.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordCase')).toBe(true);
    expect(batch.some((e) => e.workflowExecutionUpdateCompletedEventAttributes)).toBe(true);

    await killWorker(stack);
    await lock.release();
    await stack.worker.start();

    const state = await recorded(stack, caseId, 'the new worker to record the step', 120_000);
    expect(state.stage).toBe('locating');
    expect(state.timeline.filter((t) => t.to === 'locating')).toHaveLength(1);
    const after = await stack.db.pool.query<{ stage: string; n: number }>(
      "SELECT stage, (SELECT count(*)::int FROM case_events WHERE case_id = $1 AND to_stage = 'locating') AS n FROM cases WHERE id = $1",
      [caseId],
    );
    expect(after.rows[0]).toEqual({ stage: 'locating', n: 1 });

    const report = await checkInvariants(stack, { accepted: [ref] });
    expect(report).toMatchObject({ cases: 1, openCases: 1, resent: 0 });
    recordNumbers(stack, { answer: answer.status, invariants: report });
  });
});
