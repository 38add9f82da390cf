// A running deadline moves: a severity raise (by a supervisor, or a further alert of a live
// broadcast) shortens it at once, and a supervisor may extend or shorten it with a reason.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertSummary, CaseState } from '../../contract/case.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { StepRefusedError } from '../../lib/temporal/case-client.js';
import { expectDeliveriesMatchSink, mailsOf, stepsOf, withLadders } from '../helpers/case-checks.js';
import { createTestEnv, supervisor, type TestEnv } from '../helpers/env.js';
import { eventually } from '../helpers/wait.js';

// Locating escalates after 12 s (6 s when critical); every other wait is hours away. Seconds,
// not less: on a loaded machine the steps before a check must not outlast the deadline.
const policy = withLadders(scaledPolicy(60_000), {
  locate: {
    rungs: [{ afterMs: 12_000, notify: ['smc_supervisor'] }],
    repeat: { everyMs: 12_000, times: 2, notify: ['smc_supervisor', 'smc_incharge'] },
  },
});

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ policy });
});
afterAll(() => env?.close());

const dueOf = (state: CaseState) => Date.parse(state.escalation.next?.dueAt ?? '');
const firstEscalation = (caseId: string) =>
  env.mail
    .waitFor((m) => m.headers['x-jeevan-case'] === caseId && m.headers['x-jeevan-level'] === '1')
    .then(([m]) => m);

async function openHighCase() {
  const caseId = await env.openCase({ severity: 'high' });
  const opened = await env.cases.state(caseId);
  expect(dueOf(opened) - Date.parse(opened.openedAt)).toBe(12_000);
  return { caseId, opened, step: stepsOf(env, caseId) };
}

describe('moving a running deadline', () => {
  it('a supervisor raising the severity shortens the running deadline at once', async () => {
    const { caseId, opened, step } = await openHighCase();
    await expect(step('raiseSeverity', { severity: 'critical', reason: 'Live video' })).rejects.toThrow(
      new StepRefusedError('raiseSeverity needs an SMC supervisor'),
    );
    await expect(step('raiseSeverity', { severity: 'high', reason: 'Same again' }, supervisor)).rejects.toThrow(
      'severity is already high',
    );

    const raised = await step('raiseSeverity', { severity: 'critical', reason: 'The post says tonight' }, supervisor);
    expect(raised.severity).toBe('critical');
    expect(dueOf(raised)).toBe(dueOf(opened) - 6000);

    const mail = await firstEscalation(caseId);
    expect(mail.receivedAt.getTime()).toBeLessThan(dueOf(opened));
    expect(mail.receivedAt.getTime()).toBeGreaterThanOrEqual(dueOf(raised));
    expect(mail.subject).toContain(`CRITICAL ESCALATION L1 ${caseId}`);
  });

  it('a further alert of a live broadcast raises the case to critical and shortens the deadline', async () => {
    const { caseId, opened } = await openHighCase();
    const live: AlertSummary = {
      ...opened.alerts[0],
      alertId: randomUUID(),
      sourceRef: `LR-LIVE-${caseId}`,
      contentKind: 'live_video',
      live: true,
    };
    await env.cases.attachAlert(caseId, live);
    const raised = await eventually(async () => {
      const s = await env.cases.state(caseId);
      return s.severity === 'critical' ? s : undefined;
    }, 'the live alert to raise the severity');
    expect(raised.alerts).toHaveLength(2);
    expect(raised.timeline.at(-1)).toMatchObject({
      kind: 'alert_attached',
      summary: expect.stringContaining('severity raised to critical'),
    });
    expect(dueOf(raised)).toBe(dueOf(opened) - 6000);

    await env.cases.attachAlert(caseId, live); // the same alert again (e-mail and phone): changes nothing
    const mail = await firstEscalation(caseId);
    expect(mail.receivedAt.getTime()).toBeLessThan(dueOf(opened));
    const after = await env.cases.state(caseId);
    expect(after.alerts).toHaveLength(2);
    expect(after.timeline.filter((t) => t.kind === 'alert_attached')).toHaveLength(1);
  });

  it('a supervisor extends and then shortens a running deadline, with a reason', async () => {
    const { caseId, opened, step } = await openHighCase();
    const key = opened.escalation.next?.key;
    const later = new Date(dueOf(opened) + 12_000).toISOString();
    await expect(step('changeDeadline', { dueAt: later, reason: 'x' })).rejects.toThrow(
      'changeDeadline needs an SMC supervisor',
    );
    await expect(
      step('changeDeadline', { dueAt: new Date(Date.now() - 1000).toISOString(), reason: 'x' }, supervisor),
    ).rejects.toThrow('the new deadline must be in the future');

    const extended = await step('changeDeadline', { dueAt: later, reason: 'Family reached, calling back' }, supervisor);
    expect(extended.escalation.next).toMatchObject({ key, level: 1, dueAt: later });
    expect(extended.escalation.overrides).toEqual([
      { key, dueAt: later, by: supervisor, reason: 'Family reached, calling back' },
    ]);
    expect(extended.timeline.at(-1)).toMatchObject({ kind: 'changeDeadline', by: supervisor });

    await new Promise((r) => setTimeout(r, Math.max(0, dueOf(opened) + 300 - Date.now()))); // past the original deadline
    expect(mailsOf(env, caseId)).toEqual([]);
    expect((await env.cases.state(caseId)).escalation.history).toEqual([]);

    const sooner = new Date(Date.now() + 300).toISOString();
    const shortened = await step('changeDeadline', { dueAt: sooner, reason: 'Callback did not come' }, supervisor);
    expect(shortened.escalation.next).toMatchObject({ key, level: 1, dueAt: sooner });
    const mail = await firstEscalation(caseId);
    expect(mail.receivedAt.getTime()).toBeGreaterThanOrEqual(Date.parse(sooner));
    expect(mail.receivedAt.getTime()).toBeLessThan(Date.parse(later));

    const fired = await env.cases.state(caseId);
    expect(fired.escalation.history).toMatchObject([{ key, level: 1, dueAt: sooner }]);
    expect(fired.escalation.overrides).toEqual([]); // a moved deadline is used once
    expect(fired.escalation.next?.level).toBe(2);
    expect(dueOf(fired)).toBeGreaterThan(Date.parse(sooner));
    await expectDeliveriesMatchSink(env, caseId);
  });
});
