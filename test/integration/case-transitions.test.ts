// Fewer Temporal transitions per step (issue 16), read from a real history: a step's answer
// comes in the workflow task that schedules its record (no second task, no wait for
// PostgreSQL), while the record still reaches PostgreSQL; a closing step still waits for it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../contract/ids.js';
import { createTestEnv, operator, type TestEnv } from '../helpers/env.js';
import { eventually } from '../helpers/wait.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const historyOf = async (caseId: string) => (await env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory()).events ?? [];
const recordedStage = async (caseId: string) => (await env.db.pool.query<{ stage: string }>('SELECT stage FROM cases WHERE id = $1', [caseId])).rows[0]?.stage;

describe('transitions per case', () => {
  it('answers a step in the workflow task that schedules its record, and the record lands', async () => {
    const caseId = await env.openCase();
    await eventually(async () => (await recordedStage(caseId)) === 'received', 'the opening to be recorded');
    const state = await env.cases.step(caseId, 'startLocating' as never, { by: operator, body: {} } as never);
    expect(state.stage).toBe('locating');
    const events = await historyOf(caseId);
    const completed = events.findIndex((e) => e.workflowExecutionUpdateCompletedEventAttributes);
    const taskDone = events.findLastIndex((e, i) => i < completed && e.workflowTaskCompletedEventAttributes);
    // The events of the workflow task that answered: from its WorkflowTaskCompleted to the next task.
    const nextTask = events.findIndex((e, i) => i > taskDone && e.workflowTaskScheduledEventAttributes);
    const between = events.slice(taskDone + 1, nextTask === -1 ? undefined : nextTask);
    const types = JSON.stringify(events.map((e) => e.eventType));
    expect(
      between.some((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordCase'),
      types,
    ).toBe(true);
    // The search attributes change with the stage: that upsert is kept.
    expect(between.some((e) => e.upsertWorkflowSearchAttributesEventAttributes)).toBe(true);
    await eventually(async () => (await recordedStage(caseId)) === 'locating', 'the step to reach PostgreSQL');
  });
});
