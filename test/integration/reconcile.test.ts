import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseEvents, cases } from '../../db/schema.js';
import { reconcile } from '../../lib/temporal/reconcile.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert } from '../helpers/api.js';
import { eventually } from '../helpers/wait.js';

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env?.close());

async function settledCase(): Promise<string> {
  const caseId = (await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert() })).json().caseId;
  await env.cases.step(caseId, 'startLocating', { by: { id: 'op', role: 'smc_operator' }, body: {} });
  await eventually(
    async () => (await env.db.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId))).length === 2,
    'two events',
  );
  return caseId;
}

describe('reconciler', () => {
  it('finds nothing when history and database agree', async () => {
    const caseId = await settledCase();
    const result = await reconcile({
      db: env.db.db,
      fields: env.deps.fields,
      client: env.client,
      cases: env.cases,
      taskQueue: env.taskQueue,
      repair: false,
    });
    expect(result.findings.filter((f) => f.caseId === caseId)).toEqual([]);
  });

  it('reports and repairs a projection and events that fell behind the workflow', async () => {
    const caseId = await settledCase();
    // Damage the record as a lost write would: the last event and the stage change gone.
    await env.db.db.delete(caseEvents).where(eq(caseEvents.caseId, caseId));
    await env.db.db.update(cases).set({ stage: 'received', stateVersion: 1 }).where(eq(cases.id, caseId));
    const found = await reconcile({
      db: env.db.db,
      fields: env.deps.fields,
      client: env.client,
      cases: env.cases,
      taskQueue: env.taskQueue,
      repair: false,
    });
    expect(
      found.findings
        .filter((f) => f.caseId === caseId)
        .map((f) => f.kind)
        .sort(),
    ).toEqual(['events_missing', 'projection_behind']);
    const fixed = await reconcile({
      db: env.db.db,
      fields: env.deps.fields,
      client: env.client,
      cases: env.cases,
      taskQueue: env.taskQueue,
      repair: true,
    });
    expect(fixed.findings.filter((f) => f.caseId === caseId).every((f) => f.repaired)).toBe(true);
    const [row] = await env.db.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row.stage).toBe('locating');
    expect(await env.db.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId))).toHaveLength(2);
    const again = await reconcile({
      db: env.db.db,
      fields: env.deps.fields,
      client: env.client,
      cases: env.cases,
      taskQueue: env.taskQueue,
      repair: false,
    });
    expect(again.findings.filter((f) => f.caseId === caseId)).toEqual([]);
  });

  it('reports an open case whose workflow was terminated, and restarts it from its last state', async () => {
    const caseId = await settledCase();
    await env.client.workflow.getHandle(`case-${caseId}`).terminate('test: workflow lost');
    const found = await reconcile({
      db: env.db.db,
      fields: env.deps.fields,
      client: env.client,
      cases: env.cases,
      taskQueue: env.taskQueue,
      repair: true,
    });
    expect(found.findings.find((f) => f.caseId === caseId)).toMatchObject({
      kind: 'workflow_not_running',
      repaired: true,
    });
    expect(await env.cases.status(caseId)).toBe('RUNNING');
    const state = await env.cases.state(caseId);
    expect(state.stage).toBe('locating');
    expect(state.escalation.next).toBeDefined();
    // The case carries on where it was: the next step works and is recorded once.
    const next = await env.cases.step(caseId, 'openEnquiry', {
      by: { id: 'op', role: 'smc_operator' },
      body: { kind: 'telecom_lookup', owner: 'desk', dueInMinutes: 10 },
    });
    expect(next.timeline).toHaveLength(3);
    await eventually(
      async () => (await env.db.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId))).length === 3,
      'three events',
    );
    const again = await reconcile({
      db: env.db.db,
      fields: env.deps.fields,
      client: env.client,
      cases: env.cases,
      taskQueue: env.taskQueue,
      repair: false,
    });
    expect(again.findings.filter((f) => f.caseId === caseId)).toEqual([]);
  });
});
