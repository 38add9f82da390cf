import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorkflowId } from '../../contract/ids.js';
import { alerts, cases, outbox } from '../../db/schema.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert } from '../helpers/api.js';
import { eventually } from '../helpers/wait.js';

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env?.close());

const post = (body: unknown, headers: Record<string, string> = {}) =>
  env.app.inject({ method: 'POST', url: '/alerts', payload: body as object, headers });

describe('alert intake', () => {
  it('creates a case, commits it and starts its workflow', async () => {
    const res = await post(sampleAlert());
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: 'created', workflow: 'started' });
    expect(body.caseId).toMatch(/^JV-UP-\d{4}-\d{6,}$/);
    const state = await env.cases.state(body.caseId);
    expect(state.stage).toBe('received');
    // Bookkeeping written after the reply (issue 16): soon, not necessarily before the 201.
    const row = await eventually(async () => {
      const [r] = await env.db.db.select().from(cases).where(eq(cases.id, body.caseId));
      return r.workflowStartedAt ? r : undefined;
    }, 'workflow_started_at to be written');
    expect(row.workflowStartedAt).not.toBeNull();
  });

  it('the same alert sent 20 times at once gives one case and one workflow', async () => {
    const alert = sampleAlert();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(alert)));
    expect(answers.map((a) => a.statusCode).sort((a, b) => b - a)).toEqual([201, ...Array(19).fill(200)]);
    const caseIds = new Set(answers.map((a) => a.json().caseId));
    expect(caseIds.size).toBe(1);
    const [caseId] = [...caseIds];
    expect(answers.filter((a) => a.json().status === 'duplicate')).toHaveLength(19);
    expect(await env.db.db.select().from(alerts).where(eq(alerts.sourceRef, alert.sourceRef))).toHaveLength(1);
    const handle = env.client.workflow.getHandle(caseWorkflowId(caseId));
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });

  it('the same Idempotency-Key returns the same case; reused for another alert it is a conflict', async () => {
    const key = `idem-${Date.now()}-abcdef`;
    const first = await post(sampleAlert(), { 'idempotency-key': key });
    const again = await post(sampleAlert({ sourceRef: first.json().sourceRef ?? 'X' }), { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
  });

  it('a new alert about the same phone attaches to the open case; a live one raises it to critical', async () => {
    const firstAlert = sampleAlert();
    const first = (await post(firstAlert)).json();
    const second = await post(
      sampleAlert({ phone: firstAlert.phone, handle: undefined, contentKind: 'live_video', platform: 'facebook' }),
    );
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ status: 'attached', caseId: first.caseId });
    const state = await eventually(async () => {
      const s = await env.cases.state(first.caseId);
      return s.alerts.length === 2 ? s : undefined;
    }, 'the second alert on the case');
    expect(state.severity).toBe('critical');
    expect(state.timeline.some((t) => t.kind === 'alert_attached')).toBe(true);
  });

  it('refuses an alert with no way to find the person, and writes nothing', async () => {
    const before = await env.db.db.select().from(alerts);
    const res = await post(sampleAlert({ handle: undefined, phone: undefined }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/at least one way to reach or find the person/);
    expect(await env.db.db.select().from(alerts)).toHaveLength(before.length);
  });

  it('rejects unknown fields with the field named', async () => {
    const res = await post({ ...sampleAlert(), shoeSize: 9 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'validation_failed' });
    expect(res.json().error.details[0].field).toBe('shoeSize');
  });

  it('with Temporal unreachable answers 202 and the outbox starts the workflow later, unprompted', async () => {
    // A client pointing at a dead port: same database, same task queue.
    const { Client, Connection } = await import('@temporalio/client');
    const { createApiDeps } = await import('../../api/deps.js');
    const { buildApp } = await import('../../api/app.js');
    const { drainOnce } = await import('../../api/intake/outbox.js');
    const dead = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 }) });
    const deadDeps = createApiDeps({
      db: env.db.db,
      client: dead,
      taskQueue: env.taskQueue,
      identityKey: env.identityKey,
      keyring: env.keyring,
      policy: () => scaledPolicy(60_000),
      log: () => {},
    });
    const deadApp = await buildApp(deadDeps);
    const res = await deadApp.inject({
      method: 'POST',
      url: '/alerts',
      payload: sampleAlert(),
      headers: env.as('smc_operator'),
    });
    await deadApp.close();
    expect(res.statusCode).toBe(202);
    const { caseId, workflow } = res.json();
    expect(workflow).toBe('queued');
    // The failed attempt is written after the reply (issue 16).
    const pending = await eventually(async () => {
      const [row] = await env.db.db
        .select()
        .from(outbox)
        .where(inArray(outbox.caseId, [caseId]));
      return row.attempts > 0 ? row : undefined;
    }, 'the failed attempt to be written');
    expect(pending.doneAt).toBeNull();
    expect(pending.attempts).toBe(1);
    // Temporal is "back": the drainer of the live API delivers it.
    await env.db.db.update(outbox).set({ nextAttemptAt: new Date() }).where(eq(outbox.caseId, caseId));
    await drainOnce(env.deps.outbox);
    const state = await env.cases.state(caseId);
    expect(state.caseId).toBe(caseId);
  });
});
