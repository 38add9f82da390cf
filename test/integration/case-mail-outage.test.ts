// The mail system down for a while delays escalations but never loses one: every level
// reaches every recipient once after recovery, and the supervisor hears of the outage by
// another recorded path (the case timeline and supervisor_alerts) meanwhile.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supervisorAlerts } from '../../db/schema.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { deliveriesOf, expectDeliveriesMatchSink, expectMails, mailsOf, withLadders } from '../helpers/case-checks.js';
import { createTestEnv, type TestEnv } from '../helpers/env.js';
import { eventually } from '../helpers/wait.js';

// Locating escalates every 0.3 s, five levels in all; a mail still undelivered after 0.5 s is reported.
const policy = withLadders(scaledPolicy(60_000, { mailFailureAlertMs: 500 }), {
  locate: {
    rungs: [{ afterMs: 300, notify: ['smc_supervisor'] }],
    repeat: { everyMs: 300, times: 3, notify: ['smc_supervisor', 'smc_incharge'] },
  },
});

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ policy });
});
afterAll(() => env?.close());

describe('SMTP down for a while', () => {
  it('delays the escalations, tells the supervisor another way, and delivers every one exactly once after recovery', async () => {
    env.mail.setMode({ kind: 'reject', code: 421, message: 'try later' });
    const caseId = await env.openCase();

    const down = await eventually(async () => {
      const s = await env.cases.state(caseId);
      return s.escalation.supervisorRequired && s.timeline.some((t) => t.kind === 'mail_delayed') ? s : undefined;
    }, 'all five levels to fire and a delay to be reported');
    expect(down.escalation.history.map((e) => e.level)).toEqual([1, 2, 3, 4, 5]);
    expect(down.mailProblems.length).toBeGreaterThan(0);
    expect(mailsOf(env, caseId)).toEqual([]);
    const alerts = await eventually(async () => {
      const rows = await env.db.db.select().from(supervisorAlerts).where(eq(supervisorAlerts.caseId, caseId));
      return rows.length > 0 ? rows : undefined;
    }, 'a supervisor alert about the mail');
    expect(alerts.every((a) => a.kind === 'mail_delayed' && a.message.includes(caseId))).toBe(true);
    const failed = await deliveriesOf(env, caseId);
    expect(failed.some((d) => d.status === 'failed' && d.lastError?.includes('try later'))).toBe(true);

    env.mail.setMode({ kind: 'accept' });
    await expectMails(env, down, []);
    const recovered = await eventually(
      async () => {
        const s = await env.cases.state(caseId);
        return s.mailProblems.every((p) => p.resolved) ? s : undefined;
      },
      'every mail problem to be resolved',
      60_000,
    );
    expect(recovered.timeline.filter((t) => t.kind === 'mail_delivered_late')).toHaveLength(
      recovered.mailProblems.length,
    );
    expect(recovered.escalation.history).toEqual(down.escalation.history); // delivery late, never a second escalation
    await expectDeliveriesMatchSink(env, caseId);
    const delivered = await deliveriesOf(env, caseId);
    expect(delivered.some((d) => d.attempts > 1)).toBe(true);
  });
});
