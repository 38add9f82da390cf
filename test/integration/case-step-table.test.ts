// The running workflow takes exactly the steps of the table (contract/steps.ts): each Update
// step has a handler with its validator (a step without an actor is refused by it, not
// answered "unknown update"), and each signal step has a handler (a note by nobody changes nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNAL_STEPS, UPDATE_STEPS } from '../../contract/steps.js';
import { StepRefusedError } from '../../lib/temporal/case-client.js';
import { settled } from '../helpers/case-checks.js';
import { createTestEnv, operator, type TestEnv } from '../helpers/env.js';
import { eventually } from '../helpers/wait.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

describe('the case workflow and the step table', () => {
  it("registers every Update step of the table, each with its step's validator", async () => {
    const caseId = await env.openCase();
    const before = await settled(env, caseId);
    for (const step of UPDATE_STEPS) {
      const error = await env.cases.step(caseId, step, { by: null, body: {} } as never).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, step).toBeInstanceOf(StepRefusedError);
      expect((error as Error).message, step).toBe(`${step} carries no valid actor`);
    }
    expect((await env.cases.state(caseId)).version).toBe(before.version);
  });

  it('registers every signal step of the table', async () => {
    const caseId = await env.openCase();
    await settled(env, caseId);
    expect(SIGNAL_STEPS).toContain('addNote');
    await env.cases.signal(caseId, 'addNote', { by: operator, body: { text: 'first' } });
    await env.cases.signal(caseId, 'locationHint', {
      by: operator,
      body: { summary: 'near the station', confidence: 1, districtCode: 'GZB' },
    });
    const state = await eventually(async () => {
      const s = await env.cases.state(caseId);
      return s.notes.length === 1 && s.locating.hints.length === 1 ? s : undefined;
    }, 'both signals to be taken');
    expect(state.timeline.slice(-2).map((e) => e.kind)).toEqual(['addNote', 'locationHint']);
  });
});
