// The mail relay refusing (5xx and 4xx) and then stalling (accepting the message, never
// answering) while escalations come due. Escalations are delayed, never lost, never
// doubled: every level reaches every recipient exactly once after the relay recovers,
// and the supervisor hears of the delay by another recorded path meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SinkMode } from '../../dev/mail-sink.js';
import { eventually } from '../helpers/wait.js';
import { checkInvariants } from './invariants.js';
import { locateLadder } from './ladders.js';
import { recordNumbers } from './report.js';
import { openCase } from './scenario.js';
import { type Stack, startStack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  // Level 1 after 1 s, 1 s apart, final level 4 at 4 s; a mail undelivered after 2 s is reported.
  stack = await startStack({ name: 'smtp-outage', policy: locateLadder(1000, 1000, 2, { mailFailureAlertMs: 2000 }) });
});
afterAll(() => stack?.close());

const failedWith = async (caseId: string, pattern: RegExp) =>
  (
    await stack.db.pool.query<{ last_error: string | null }>('SELECT last_error FROM deliveries WHERE case_id = $1', [
      caseId,
    ])
  ).rows.some((r) => pattern.test(r.last_error ?? ''));

describe('SMTP refusing and stalling for a while', () => {
  it('delays escalations during 5xx, 4xx and a stall, then delivers each exactly once', async () => {
    const phases: [SinkMode, RegExp][] = [
      [{ kind: 'reject', code: 554, message: 'transaction failed: relay refused' }, /554|relay refused/],
      [{ kind: 'reject', code: 421, message: 'service not available, try later' }, /421|try later/],
      [{ kind: 'stall' }, /timeout|timed out|ETIMEDOUT/i],
    ];
    const opened: { caseId: string; ref: string }[] = [];
    const started = Date.now();
    for (const [mode, error] of phases) {
      stack.mail.setMode(mode);
      const c = await openCase(stack);
      opened.push(c);
      // Delayed: the failure is recorded on the delivery and the case reports the delay.
      await eventually(
        async () => (await failedWith(c.caseId, error)) || undefined,
        `a delivery of ${c.caseId} to fail (${mode.kind})`,
        90_000,
        250,
      );
      await eventually(
        async () => (await stack.cases.state(c.caseId)).timeline.some((t) => t.kind === 'mail_delayed') || undefined,
        `case ${c.caseId} to report the delay`,
        60_000,
      );
    }
    const outageMs = Date.now() - started;
    expect(stack.mail.messages).toEqual([]);
    stack.mail.setMode({ kind: 'accept' });

    for (const { caseId } of opened) {
      const s = await eventually(
        async () => {
          const state = await stack.cases.state(caseId);
          return state.escalation.supervisorRequired && state.mailProblems.every((p) => p.resolved) ? state : undefined;
        },
        `case ${caseId}: every escalation delivered`,
        150_000,
        500,
      );
      expect(s.escalation.history.map((e) => e.level)).toEqual([1, 2, 3, 4]); // fired once each, not again
      expect(s.timeline.filter((t) => t.kind === 'mail_delivered_late')).toHaveLength(s.mailProblems.length);
    }
    const alerts = await stack.db.pool.query(
      `SELECT DISTINCT case_id FROM supervisor_alerts WHERE kind = 'mail_delayed'`,
    );
    expect(alerts.rows.map((r) => r.case_id).sort()).toEqual(opened.map((o) => o.caseId).sort());

    const report = await checkInvariants(stack, { accepted: opened.map((o) => o.ref) });
    expect(report.resent).toBe(0);
    const attempts = await stack.db.pool.query<{ max: number; avg: string }>(
      'SELECT max(attempts) AS max, avg(attempts)::numeric(6,2) AS avg FROM deliveries',
    );
    recordNumbers(stack, {
      outageMs,
      deliveryAttemptsMax: attempts.rows[0].max,
      deliveryAttemptsAvg: Number(attempts.rows[0].avg),
      invariants: report,
    });
  });
});
