// Out of jurisdiction: the case goes to another state's nodal officer and keeps
// escalating to that officer until the transfer is acknowledged.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../db/schema.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import {
  duplicateKeys,
  eventsOf,
  expectedEscalationKeys,
  expectMilestones,
  expectRecordMatches,
  mailKey,
  mailsOf,
  settled,
  stagesOf,
  stepsOf,
  withLadders,
} from '../helpers/case-checks.js';
import { createTestEnv, supervisor, type TestEnv } from '../helpers/env.js';
import { eventually } from '../helpers/wait.js';

const NODAL = 'nodal.mp@states.police.example.org';
const SUPERVISOR = 'smc-supervisor@smc.police.example.org';

let env: TestEnv;
beforeAll(async () => {
  // Only the transfer wait is fast: the nodal officer is chased every half second.
  const policy = withLadders(scaledPolicy(60_000), {
    transfer_ack: {
      rungs: [
        { afterMs: 500, notify: ['nodal_officer', 'smc_supervisor'] },
        { afterMs: 1000, notify: ['nodal_officer', 'smc_incharge'] },
      ],
      repeat: { everyMs: 500, times: 20, notify: ['nodal_officer', 'smc_incharge'] },
    },
  });
  env = await createTestEnv({ policy });
});
afterAll(() => env?.close());

describe('a case transferred out of state', () => {
  it('mails the nodal officer, escalates until the transfer is acknowledged, then closes on sign-off', async () => {
    const caseId = await env.openCase({
      alert: { details: { handle: '@synthetic.person', phone: '+91 90000 11111' } },
    });
    const step = stepsOf(env, caseId);
    await step('startLocating', {});
    await step('markNotLocated', { reason: 'outside_jurisdiction', notes: 'Phone registered and active in Bhopal' });
    const transferred = await step('transfer', { toState: 'MP', nodalOfficer: 'Nodal officer, MP Police' });
    expect(transferred.stage).toBe('transferred');
    expect(transferred.escalation.next).toMatchObject({
      wait: 'transfer_ack',
      level: 1,
      notify: ['nodal_officer', 'smc_supervisor'],
    });

    const transferMails = await env.mail.waitFor(
      (m) => m.headers['x-jeevan-case'] === caseId && m.headers['x-jeevan-step'] === 'transfer',
      2,
    );
    expect(transferMails.map((m) => m.envelopeTo[0]).sort()).toEqual([NODAL, SUPERVISOR]);
    for (const m of transferMails) {
      expect(m.subject).toContain(`${caseId}: case transferred to MP`);
      expect(m.subject).not.toMatch(/synthetic|90000/);
      expect(m.text).toContain('कृपया पावती दें');
    }

    // Not acknowledged: the nodal officer is chased level by level.
    await env.mail.waitFor(
      (m) => m.headers['x-jeevan-case'] === caseId && m.headers['x-jeevan-level'] === '2' && m.envelopeTo[0] === NODAL,
    );
    const acked = await step('acknowledgeTransfer', { notes: 'MP control room has the case' });
    expect(acked.stage).toBe('outcome_recorded');
    expect(acked.outcome).toMatchObject({ outcome: 'transferred' });
    expect(acked.transfer?.acknowledged).toBeDefined();
    expect(acked.escalation.next?.wait).toBe('sign_off');
    const chased = acked.escalation.history.filter((e) => e.wait === 'transfer_ack');
    expect(chased.length).toBeGreaterThanOrEqual(2);
    expect(chased.map((e) => e.level)).toEqual(chased.map((_, i) => i + 1));

    // Every escalation fired reached every recipient once; after the acknowledgement none follows.
    const expected = expectedEscalationKeys(acked).sort();
    const escalationMails = () =>
      mailsOf(env, caseId).filter((m) => m.headers['x-jeevan-step'].startsWith('escalation:'));
    await eventually(
      async () => escalationMails().length === expected.length,
      'the escalation mails of the fired levels',
    );
    await new Promise((r) => setTimeout(r, 1200)); // two more rungs' worth of time: nothing may come
    expect(escalationMails().map(mailKey).sort()).toEqual(expected);
    expect(duplicateKeys(mailsOf(env, caseId))).toEqual([]);

    const closed = await step('signOff', {}, supervisor);
    expect(closed.stage).toBe('closed');
    expectMilestones(closed, [
      'received',
      'locating_started',
      'not_located',
      'transferred',
      'outcome',
      'signed_off',
      'closed',
    ]);
    const state = await settled(env, caseId);
    await expectRecordMatches(env, state);
    expect(stagesOf(await eventsOf(env, caseId))).toEqual([
      'received',
      'locating',
      'not_located',
      'transferred',
      'outcome_recorded',
      'closed',
    ]);
    const [row] = await env.db.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({ outcome: 'transferred', notLocatedReason: 'outside_jurisdiction' });
  });
});
