// Temporal's server stopped while escalation timers come due, and started again. Timers
// are durable: every level due during the outage fires after the restart, each exactly
// once. Alerts taken while it was down (202, queued) start their workflows by themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleAlert } from '../helpers/api.js';
import { eventually } from '../helpers/wait.js';
import { checkInvariants } from './invariants.js';
import { locateLadder } from './ladders.js';
import { recordNumbers } from './report.js';
import { openCase } from './scenario.js';
import { type Stack, startStack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  // Level 1 after 5 s, then 2 s apart, final level 4 at 11 s.
  stack = await startStack({ name: 'temporal-restart', policy: locateLadder(5000, 2000, 2), ownTemporal: true });
});
afterAll(() => stack?.close());

describe('Temporal server restarted while timers are due', () => {
  it('fires every escalation that came due during the outage once after the restart, and starts queued cases', async () => {
    const opened = await Promise.all([1, 2, 3, 4].map(() => openCase(stack)));
    const dues = await Promise.all(
      opened.map(async ({ caseId }) => (await stack.cases.state(caseId)).escalation.next?.dueAt ?? ''),
    );
    const temporal = stack.temporal;
    if (!temporal) throw new Error('this test needs its own Temporal server');
    await temporal.stop();
    const stoppedAt = Date.now();

    // Intake keeps working: committed, answered 202, queued in the outbox.
    const queued = [sampleAlert(), sampleAlert()];
    for (const alert of queued) {
      const answer = await stack.http.postAlert(alert);
      expect(answer.status).toBe(202);
      expect(answer.body.workflow).toBe('queued');
    }
    // A step while Temporal is down. Temporal comes back while the API may still be waiting
    // for it (and a client library may still be retrying it): whatever the answer says must be
    // true — 200 and the step happened exactly once, or 503, which says the step may still take
    // effect (and is audited as 'unknown'): then it happened at most once, never twice.
    const stepSentAt = Date.now();
    const stepping = stack.http.step(opened[0].caseId, '/locating/start', {}, { role: 'smc_operator', id: 'op-1' });

    // Down until every level of every case is due (the last at 11 s after opening).
    const lastDue = Math.max(...dues.map((d) => Date.parse(d))) + 6000;
    await new Promise((r) => setTimeout(r, Math.max(0, lastDue - Date.now(), stepSentAt + 12_000 - Date.now())));
    expect(stack.mail.messages.filter((m) => m.headers['x-jeevan-level'] === '4')).toEqual([]);
    await temporal.start();
    const downMs = Date.now() - stoppedAt;
    const step = await stepping;
    expect([200, 503]).toContain(step.status);

    for (const { caseId } of opened) {
      const held = await eventually(
        async () => {
          const s = await stack.cases.state(caseId);
          return s.escalation.supervisorRequired ? s : undefined;
        },
        `case ${caseId} to fire its overdue levels`,
        120_000,
        500,
      );
      expect(held.escalation.history.map((e) => e.level)).toEqual([1, 2, 3, 4]);
    }
    // Long past any retry of the step (gRPC retries give up within about 20 s).
    await new Promise((r) => setTimeout(r, Math.max(0, stepSentAt + 30_000 - Date.now())));
    const after = await stack.cases.state(opened[0].caseId);
    const taken = after.timeline.filter((t) => t.by).map((t) => t.kind);
    if (step.status === 200) expect(taken, 'the step was answered 200').toEqual(['startLocating']);
    else {
      expect([[], ['startLocating']], 'the step was answered 503').toContainEqual(taken);
      expect(step.body.error?.message).toMatch(/may still take effect/);
    }
    const accepted = [...opened.map((o) => o.ref), ...queued.map((a) => a.sourceRef)];
    const report = await checkInvariants(stack, { accepted });
    expect(report).toMatchObject({ cases: 6, openCases: 6, resent: 0 });
    recordNumbers(stack, {
      temporalDownMs: downMs,
      stepAnswer: step.status,
      escalationsDueWhileDown: opened.length * 4,
      invariants: report,
    });
  });
});
