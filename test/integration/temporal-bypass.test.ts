// Temporal is no way around the API (issue 12 item 2): a start, Update or signal sent
// straight to Temporal without Jeevan's codec key (so in plaintext) is refused and changes
// nothing, and the case carries on; an Update that does carry the key is still held by the
// workflow's validator to the API's access table (contract/step-access.ts).
import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Actor, CaseInput } from '../../contract/case.js';
import { CASE_WORKFLOW_TYPE, caseWorkflowId, formatCaseId } from '../../contract/ids.js';
import { PAYLOAD_REFUSED } from '../../contract/refused-payload.js';
import { caseEvents, cases, supervisorAlerts } from '../../db/schema.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { StepRefusedError } from '../../lib/temporal/case-client.js';
import { settled } from '../helpers/case-checks.js';
import { createTestEnv, districtOfficer, operator, type TestEnv } from '../helpers/env.js';
import { eventually } from '../helpers/wait.js';

let env: TestEnv;
let connection: Connection;
/** A client as anyone who can reach Temporal's port has one: no codec, so plaintext payloads. */
let raw: Client;

beforeAll(async () => {
  env = await createTestEnv();
  connection = await Connection.connect({ address: inject('temporalAddress') });
  raw = new Client({ connection });
});
afterAll(async () => {
  await connection?.close();
  await env?.close();
});

const eventCount = async (caseId: string) =>
  (await env.db.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId))).length;
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

/** The case's state and record before, to compare with after: nothing may have changed. */
async function snapshot(caseId: string) {
  return { state: await settled(env, caseId), events: await eventCount(caseId) };
}

async function expectUnchanged(caseId: string, before: Awaited<ReturnType<typeof snapshot>>) {
  const after = await env.cases.state(caseId);
  expect(after.version).toBe(before.state.version);
  expect(after).toEqual(before.state);
  expect(await eventCount(caseId)).toBe(before.events);
}

describe('plaintext sent straight to Temporal', () => {
  it('an Update is refused and changes nothing, and the case carries on', async () => {
    const caseId = await env.openCase();
    const before = await snapshot(caseId);
    const handle = raw.workflow.getHandle(caseWorkflowId(caseId));
    const started = Date.now();
    const error = await failure(handle.executeUpdate('startLocating', { args: [{ by: operator, body: {} }] }));
    expect(error).toBeInstanceOf(Error);
    // Refused by the validator at once, not a workflow task failing until the call times out.
    expect(Date.now() - started).toBeLessThan(10_000);
    await expectUnchanged(caseId, before);
    // Nothing of the forged Update entered the history, and a real step still works.
    const history = JSON.stringify(await env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory());
    expect(history).not.toContain('WORKFLOW_EXECUTION_UPDATE_ACCEPTED');
    expect((await env.cases.step(caseId, 'startLocating', { by: operator, body: {} })).stage).toBe('locating');
  });

  it('a signal is dropped and changes nothing, and the case carries on', async () => {
    const caseId = await env.openCase();
    const before = await snapshot(caseId);
    const handle = raw.workflow.getHandle(caseWorkflowId(caseId));
    await handle.signal('addNote', { by: operator, body: { text: 'forged note' } });
    await handle.signal('locationHint', {
      by: operator,
      body: { summary: 'forged hint', confidence: 3, districtCode: 'AGR' },
    });
    await handle.signal('attachAlert', { alertId: randomUUID(), source: 'meta', sourceRef: 'LR-FORGED' });
    // The signals are in the history (Temporal took them); the worker has handled them once a later query answers.
    await new Promise((r) => setTimeout(r, 1000));
    await expectUnchanged(caseId, before);
    const state = await env.cases.step(caseId, 'startLocating', { by: operator, body: {} });
    expect(state.stage).toBe('locating');
    expect(JSON.stringify(state)).not.toMatch(/forged|LR-FORGED/);
    // The step's answer comes once it is in the history; its record follows within moments.
    await eventually(
      async () => ((await eventCount(caseId)) === before.events + 1 ? true : undefined),
      'the step recorded in PostgreSQL',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await eventCount(caseId)).toBe(before.events + 1);
  });

  it('a case workflow started with plaintext input fails at once and records nothing', async () => {
    const caseId = formatCaseId('UP', new Date().getUTCFullYear(), 990_000_000 + Math.floor(Math.random() * 9_999_999));
    const input: CaseInput = {
      caseId,
      openedAt: new Date().toISOString(),
      severity: 'critical',
      drill: false,
      legalGround: 'forged',
      policy: scaledPolicy(60_000),
      alert: {
        alertId: randomUUID(),
        source: 'meta',
        sourceRef: 'LR-FORGED-START',
        channel: 'api',
        platform: 'facebook',
        contentKind: 'post',
        live: false,
        receivedAt: new Date().toISOString(),
        details: {},
      },
    };
    await raw.workflow.start(CASE_WORKFLOW_TYPE, {
      taskQueue: env.taskQueue,
      workflowId: caseWorkflowId(caseId),
      args: [input],
    });
    const error = await failure(env.client.workflow.getHandle(caseWorkflowId(caseId)).result());
    expect(error).toBeInstanceOf(WorkflowFailedError);
    const cause = (error as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe(PAYLOAD_REFUSED);
    expect((cause as ApplicationFailure).message).toMatch(/refused a payload that is not encrypted/);
    // Its work never started: no activity was scheduled, nothing reached PostgreSQL.
    const history = await env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory();
    expect(JSON.stringify(history)).not.toContain('ACTIVITY_TASK_SCHEDULED');
    expect(await env.db.db.select().from(cases).where(eq(cases.id, caseId))).toEqual([]);
    expect(await env.db.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId))).toEqual([]);
    expect(await env.db.db.select().from(supervisorAlerts).where(eq(supervisorAlerts.caseId, caseId))).toEqual([]);
  });
});

describe('an Update with the codec key but an actor the access table does not allow', () => {
  it('is rejected by the validator and changes nothing', async () => {
    const caseId = await env.openCase();
    await env.cases.step(caseId, 'startLocating', { by: operator, body: {} });
    const before = await snapshot(caseId);
    const refusals: [string, Actor, string][] = [
      ['markLocated', districtOfficer, 'the role district_officer may not take the step markLocated'],
      [
        'markLocated',
        { id: 'so-1', role: 'senior_officer' },
        'the role senior_officer may not take the step markLocated',
      ],
      ['markLocated', { id: 'adm-1', role: 'admin' }, 'the role admin may not take the step markLocated'],
      ['markLocated', { id: 'x', role: 'system' }, 'the role system may not take the step markLocated'],
    ];
    for (const [step, by, reason] of refusals) {
      const error = await failure(
        env.cases.step(caseId, step as 'markLocated', {
          by,
          body: { districtCode: 'AGR', policeStation: 'Hari Parvat' },
        }),
      );
      expect(error, `${by.role}`).toBeInstanceOf(StepRefusedError);
      expect((error as Error).message).toBe(reason);
    }
    const noActor = await failure(
      env.cases.step(caseId, 'markLocated', { body: { districtCode: 'AGR', policeStation: 'Hari Parvat' } } as never),
    );
    expect((noActor as Error).message).toBe('markLocated carries no valid actor');
    await expectUnchanged(caseId, before);
    // A signal with a role that may not take it is dropped the same way.
    await env.cases.signal(caseId, 'addNote', {
      by: { id: 'so-1', role: 'senior_officer' },
      body: { text: 'not allowed' },
    });
    await new Promise((r) => setTimeout(r, 500));
    await expectUnchanged(caseId, before);
    // The role the table allows still takes the step.
    expect(
      (
        await env.cases.step(caseId, 'markLocated', {
          by: operator,
          body: { districtCode: 'AGR', policeStation: 'Hari Parvat' },
        })
      ).stage,
    ).toBe('located');
  });
});
