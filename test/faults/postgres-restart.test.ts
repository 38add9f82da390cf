// PostgreSQL restarted while alerts keep arriving. Every alert answered 2xx ends with
// exactly one case and one workflow; an alert answered 503 left nothing behind, and its
// sender's retry (same alert, as Retry-After asks) lands once. In the postgres topology
// Temporal's own persistence goes down and comes back with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertIntake } from '../../contract/alert.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { sampleAlert } from '../helpers/api.js';
import { eventually } from '../helpers/wait.js';
import { checkInvariants } from './invariants.js';
import { recordNumbers } from './report.js';
import { type Stack, startStack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ name: 'postgres-restart', policy: scaledPolicy(60_000), ownPostgres: true });
});
afterAll(() => stack?.close());

type Outcome = { alert: AlertIntake; status: number | 'no answer'; phase: 'before' | 'during' | 'after' };

describe('PostgreSQL restarted under intake load', () => {
  it('keeps every accepted alert exactly once and writes nothing for a refused one', async () => {
    const postgres = stack.postgres;
    if (!postgres) throw new Error('this test needs its own PostgreSQL');
    const outcomes: Outcome[] = [];
    let phase: Outcome['phase'] = 'before';
    let sending = true;
    // Four senders, one alert at a time each, as fast as the API answers.
    const senders = [1, 2, 3, 4].map(async () => {
      while (sending) {
        const alert = sampleAlert();
        const at = phase;
        try {
          const answer = await stack.http.postAlert(alert);
          outcomes.push({ alert, status: answer.status, phase: at });
        } catch {
          outcomes.push({ alert, status: 'no answer', phase: at });
        }
        if (phase === 'during') await new Promise((r) => setTimeout(r, 100));
      }
    });

    await eventually(
      async () => outcomes.filter((o) => o.status === 201).length >= 20 || undefined,
      'intake to be under way',
    );
    phase = 'during';
    await postgres.stop();
    const stoppedAt = Date.now();
    await new Promise((r) => setTimeout(r, 3000));
    await postgres.start();
    const downMs = Date.now() - stoppedAt;
    await eventually(
      async () => outcomes.some((o) => o.phase === 'during' && o.status === 201) || undefined,
      'intake to recover',
      60_000,
    );
    phase = 'after';
    await eventually(
      async () => outcomes.filter((o) => o.phase === 'after' && o.status === 201).length >= 10 || undefined,
      'more alerts after',
      60_000,
    );
    sending = false;
    await Promise.all(senders);

    const refused = outcomes.filter((o) => o.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    for (const o of refused) {
      const { rows } = await stack.db.pool.query('SELECT 1 FROM alerts WHERE source_ref = $1', [o.alert.sourceRef]);
      expect(rows, `alert answered 503 is stored: ${o.alert.sourceRef}`).toEqual([]);
    }
    expect(outcomes.filter((o) => ![201, 202, 503].includes(o.status as number))).toEqual([]);

    // The senders retry what was refused, with the same alert: each lands once.
    for (const o of refused) {
      const again = await stack.http.postAlert(o.alert);
      expect([201, 202]).toContain(again.status);
    }
    const accepted = outcomes.filter((o) => o.status !== 503).map((o) => o.alert.sourceRef);
    const report = await checkInvariants(stack, { accepted: [...accepted, ...refused.map((o) => o.alert.sourceRef)] });
    expect(report.cases).toBe(outcomes.length);
    expect(report.resent).toBe(0);
    const count = (s: Outcome['status']) => outcomes.filter((o) => o.status === s).length;
    recordNumbers(stack, {
      postgresDownMs: downMs,
      alertsSent: outcomes.length,
      answered201: count(201),
      answered202: count(202),
      answered503: count(503),
      noAnswer: count('no answer'),
      invariants: report,
    });
  });
});
