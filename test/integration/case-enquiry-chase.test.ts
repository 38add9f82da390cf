// Overdue enquiries chase themselves (issue 17), on the real stack: an enquiry due in a
// minute that reports nothing reminds the SMC duty desk at its due time, then tells the
// supervisor, and is handed to a supervisor by a final call; the case shows it overdue, and
// an enquiry that reports in time is never chased. (A minute is the shortest due time an
// operator can set, so this file waits a little over one.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { enquiryOfKey } from '../../domain/escalation.js';
import { expectDeliveriesMatchSink, expectMails, mailsOf, settled, stepsOf } from '../helpers/case-checks.js';
import { createTestEnv, type TestEnv } from '../helpers/env.js';
import { eventually } from '../helpers/wait.js';

// Real minutes (the locate ladder is 10 minutes away); family contacts past due: the desk at
// once, the supervisor 4 s later, a final call 4 s after that.
const policy = scaledPolicy(60_000, {
  enquiryLadders: {
    family_contacts: {
      rungs: [
        { afterMs: 0, notify: ['smc_operators'] },
        { afterMs: 4000, notify: ['smc_supervisor'] },
      ],
      repeat: { everyMs: 4000, times: 0, notify: ['smc_supervisor'] },
    },
  },
});

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ policy });
});
afterAll(() => env?.close());

describe('an enquiry past its due time', () => {
  it('reminds the duty desk, then the supervisor, then hands it to a supervisor; one that reports in time is not chased', async () => {
    const caseId = await env.openCase();
    const step = stepsOf(env, caseId);
    const started = await step('startLocating', {});
    expect(started.chasesEnquiries).toBe(true);
    await step('openEnquiry', { kind: 'family_contacts', owner: 'HC Yadav', dueInMinutes: 1 });
    const opened = await step('openEnquiry', { kind: 'telecom_lookup', owner: 'SI Verma', dueInMinutes: 1 });
    const [e1] = opened.locating.enquiries;
    expect(opened.escalation.next).toMatchObject({ wait: 'enquiry', dueAt: e1.dueAt, notify: ['smc_operators'] });
    // E2 reports in time: only E1 is chased.
    await step('reportEnquiry', { enquiryId: 'E2', found: false, summary: 'number switched off', confidence: 0 });

    const final = await eventually(
      async () => {
        const s = await env.cases.state(caseId);
        return s.escalation.history.some((h) => h.final) ? s : undefined;
      },
      'the enquiry ladder to reach its final call',
      120_000,
      500,
    );
    const fired = final.escalation.history.filter((h) => h.wait === 'enquiry');
    expect(fired.map((h) => [enquiryOfKey(final, h.key)?.id, h.level, h.notify, h.final])).toEqual([
      ['E1', 1, ['smc_operators'], false],
      ['E1', 2, ['smc_supervisor'], false],
      ['E1', 3, ['smc_supervisor', 'smc_incharge'], true],
    ]);
    expect(Date.parse(fired[0].firedAt)).toBeGreaterThanOrEqual(Date.parse(e1.dueAt));
    expect(final.escalation).toMatchObject({ overdue: true, supervisorRequired: { key: fired[0].key } });

    // The desk's e-mail names the enquiry and its owner; the record and the sink agree.
    const settledState = await settled(env, caseId);
    const mails = await expectMails(env, settledState, []);
    const desk = mails.find((m) => m.envelopeTo.includes('smc-desk@smc.police.example.org'));
    expect(desk?.text).toContain('Enquiry / जाँच: E1 (family contacts), owner / ज़िम्मेदार: HC Yadav');
    expect(mailsOf(env, caseId).some((m) => (m.text ?? '').includes('E2 ('))).toBe(false);
    await expectDeliveriesMatchSink(env, caseId);

    // The board's row shows it overdue, as it shows an overdue stage.
    const [row] = (await env.db.pool.query('SELECT overdue, escalation_level FROM cases WHERE id = $1', [caseId])).rows;
    expect(row).toEqual({ overdue: true, escalation_level: 3 });

    // Reporting it ends the hold: the case waits only for its location again.
    const reported = await step('reportEnquiry', {
      enquiryId: 'E1',
      found: false,
      summary: 'no answer',
      confidence: 0,
    });
    expect(reported.escalation.supervisorRequired).toBeUndefined();
    expect(reported.escalation.next?.wait).toBe('locate');
  });
});
