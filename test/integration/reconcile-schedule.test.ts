// A case workflow stopped in Temporal from outside Jeevan (terminated, cancelled, …) while
// the case is open has no escalation clock any more. The reconcile Schedule notices it
// within one period and tells the SMC supervisor, by e-mail and as a supervisor alert, once.
import { Client, Connection } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CASE_WORKFLOW_TYPE, caseWorkflowId } from '../../contract/ids.js';
import { supervisorAlerts } from '../../db/schema.js';
import { ensureReconcileSchedule } from '../../worker/reconcile-schedule.js';
import { settled } from '../helpers/case-checks.js';
import { createTestEnv, operator, supervisor, type TestEnv } from '../helpers/env.js';
import { eventually } from '../helpers/wait.js';

/** The test's reconcile period (production: RECONCILE_INTERVAL_MINUTES, 5 by default). */
const PERIOD_MS = 4000;
/**
 * What a run may take beyond its period on a busy two-core machine: the Schedule's start, a workflow task, the
 * activity.
 */
const SLACK_MS = 6000;

let env: TestEnv;
let scheduleId: string;
beforeAll(async () => {
  env = await createTestEnv();
  scheduleId = `reconcile-${env.taskQueue}`;
  expect(await ensureReconcileSchedule(env.client, { taskQueue: env.taskQueue, everyMs: 60_000, scheduleId })).toBe(
    'created',
  );
  // Brought up to date, not duplicated, when a worker starts again with another period.
  expect(await ensureReconcileSchedule(env.client, { taskQueue: env.taskQueue, everyMs: PERIOD_MS, scheduleId })).toBe(
    'updated',
  );
  const described = await env.client.schedule.getHandle(scheduleId).describe();
  expect(described.spec.intervals?.[0]?.every).toBe(PERIOD_MS);
});
afterAll(async () => {
  await env?.client.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => {});
  await env?.close();
});

const stoppedMails = (caseId: string) =>
  env.mail.messages.filter(
    (m) => m.headers['x-jeevan-case'] === caseId && m.headers['x-jeevan-step']?.startsWith('workflow_stopped:'),
  );
const alertsOf = (caseId: string) =>
  env.db.db.select().from(supervisorAlerts).where(eq(supervisorAlerts.caseId, caseId));

describe('the reconcile Schedule', () => {
  it('reports a terminated case to the supervisor within one period, by e-mail and a supervisor alert, once', async () => {
    const stopped = await env.openCase();
    const running = await env.openCase();
    await env.cases.step(stopped, 'startLocating', { by: operator, body: {} });
    await settled(env, stopped);
    await settled(env, running);

    await env.client.workflow.getHandle(caseWorkflowId(stopped)).terminate('test: stopped in Temporal, round the API');
    const terminatedAt = Date.now();
    const [mail] = await eventually(
      async () => (stoppedMails(stopped).length > 0 ? stoppedMails(stopped) : undefined),
      'the supervisor e-mail',
      60_000,
    );
    const tookMs = Date.now() - terminatedAt;
    console.log(`reported ${tookMs} ms after the termination (period ${PERIOD_MS} ms)`);
    expect(tookMs).toBeLessThan(PERIOD_MS + SLACK_MS);

    expect(mail.subject).toContain(`${stopped}: case workflow stopped outside Jeevan`);
    expect(mail.text).toMatch(/was terminated in Temporal, not by any step in Jeevan/);
    expect(mail.text).toContain('Stage / चरण: locating');
    // To the supervisor on duty; and no personal data in what anyone can see of it.
    expect(mail.envelopeTo.length).toBeGreaterThan(0);
    expect(`${mail.subject}\n${mail.text}`).not.toMatch(/@someone|90000/);
    const alerts = await eventually(
      async () => ((await alertsOf(stopped)).length > 0 ? alertsOf(stopped) : undefined),
      'the supervisor alert',
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ kind: 'workflow_stopped', resolvedAt: null });
    expect(alerts[0].message).toMatch(
      new RegExp(
        `^Case ${stopped}: its workflow was terminated in Temporal, outside Jeevan, while the case is locating`,
      ),
    );

    // Two more periods: the same stopped run is not reported again, and the running case never is.
    const mailsBefore = stoppedMails(stopped).length;
    await new Promise((r) => setTimeout(r, 2 * PERIOD_MS + 1000));
    expect(stoppedMails(stopped)).toHaveLength(mailsBefore);
    expect(await alertsOf(stopped)).toHaveLength(1);
    expect(stoppedMails(running)).toEqual([]);
    expect(await alertsOf(running)).toEqual([]);
    // The runs themselves completed (the Schedule started them on this file's task queue).
    const runs = [];
    for await (const wf of env.client.workflow.list({
      query: `WorkflowType = 'reconcileWorkflow' AND TaskQueue = '${env.taskQueue}'`,
    }))
      runs.push(wf.status.name);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.filter((s) => s !== 'COMPLETED' && s !== 'RUNNING')).toEqual([]);
  });

  it('reports a cancelled case the same way, and not a case that closed normally', async () => {
    const cancelled = await env.openCase();
    const closed = await env.openCase();
    await env.cases.step(closed, 'startLocating', { by: operator, body: {} });
    await env.cases.step(closed, 'markNotLocated', { by: operator, body: { reason: 'phone_switched_off' } });
    await env.cases.step(closed, 'submitReview', {
      by: operator,
      body: { delayedBy: ['phone_switched_off'], savedMinutes: 'nothing more', foundBy: 'not_found' },
    });
    expect((await env.cases.step(closed, 'signOff', { by: supervisor, body: {} })).stage).toBe('closed');
    await settled(env, cancelled);
    await eventually(
      async () => (await env.cases.status(closed)) === 'COMPLETED',
      'the closed case workflow to complete',
    );
    await env.client.workflow.getHandle(caseWorkflowId(cancelled)).cancel();
    const alerts = await eventually(
      async () => ((await alertsOf(cancelled)).length > 0 ? alertsOf(cancelled) : undefined),
      'the supervisor alert',
      PERIOD_MS + SLACK_MS + 5000,
    );
    expect(alerts[0].message).toMatch(/its workflow was (cancelled|canceled)/);
    await eventually(async () => stoppedMails(cancelled).length === 1, 'the supervisor e-mail');
    await new Promise((r) => setTimeout(r, PERIOD_MS + 1000));
    expect(stoppedMails(closed)).toEqual([]);
    expect(await alertsOf(closed)).toEqual([]);
  });

  it('still reports a case whose stopped workflow was replaced by a run started in plaintext (which fails at once)', async () => {
    const caseId = await env.openCase();
    await settled(env, caseId);
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      await env.client.workflow.getHandle(caseWorkflowId(caseId)).terminate('test: stopped in Temporal');
      // A client without the codec: its input, summary and memo are plaintext, which Jeevan's codec refuses.
      await new Client({ connection }).workflow.start(CASE_WORKFLOW_TYPE, {
        taskQueue: env.taskQueue,
        workflowId: caseWorkflowId(caseId),
        args: [{ caseId }],
        staticSummary: 'all is well',
        memo: { note: 'all is well' },
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });
    } finally {
      await connection.close();
    }
    const alerts = await eventually(
      async () => ((await alertsOf(caseId)).length > 0 ? alertsOf(caseId) : undefined),
      'the supervisor alert',
      PERIOD_MS + SLACK_MS,
    );
    expect(alerts[0].message).toMatch(/its workflow was (terminated|failed) in Temporal/);
    await eventually(async () => stoppedMails(caseId).length > 0, 'the supervisor e-mail');
  });
});
