// The API SIGKILLed in the middle of a burst of alerts, and every sender retrying its own
// alert (same body, same Idempotency-Key) until it gets an answer. Two kinds of request
// are cut off: some after their transaction committed (the API was waiting on Temporal,
// slowed down here by a paused proxy), some before it (waiting on another alert's lock).
// Either way each alert ends as exactly one case with one workflow.
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertIntake } from '../../contract/alert.js';
import type { HttpAnswer } from '../../dev/http-client.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { sampleAlert } from '../helpers/api.js';
import { eventually } from '../helpers/wait.js';
import { checkInvariants } from './invariants.js';
import { recordNumbers } from './report.js';
import { holdLock } from './scenario.js';
import { type Stack, startStack } from './stack.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ name: 'api-killed', policy: scaledPolicy(60_000), proxyApiToTemporal: true });
});
afterAll(() => stack?.close());

/** The advisory lock intake takes per alert reference (api/intake/intake-service.ts). */
const intakeLock = (alert: AlertIntake) =>
  createHash('sha256').update(`ref:meta:${alert.sourceRef}`).digest().readBigInt64BE(0).toString();

type Sent = { alert: AlertIntake; key: string; first?: HttpAnswer; cut: boolean };

describe('API killed mid-request, clients retrying', () => {
  it('maps every retried alert to the one case its first attempt created, or creates it once', async () => {
    const proxy = stack.apiProxy;
    if (!proxy) throw new Error('this test needs the proxy');
    const send = (s: Sent) =>
      stack.http.postAlert(s.alert, s.key).then(
        (answer) => {
          s.first = answer;
        },
        () => {
          s.cut = true;
        },
      );
    const burst = (n: number): Sent[] =>
      Array.from({ length: n }, () => ({ alert: sampleAlert(), key: randomUUID(), cut: false }));

    // Answered normally before the fault.
    const before = burst(5);
    await Promise.all(before.map(send));
    expect(before.map((s) => s.first?.status)).toEqual([201, 201, 201, 201, 201]);

    // Not yet committed: waiting on the lock intake takes for their reference.
    const uncommitted = burst(4);
    const lock = await holdLock(
      stack,
      uncommitted.map((s) => ['SELECT pg_advisory_lock($1::bigint)', [intakeLock(s.alert)]] as [string, unknown[]]),
    );
    const uncommittedDone = uncommitted.map(send);
    await eventually(
      async () => (await stack.lockWaiters(stack.apiApp)) === uncommitted.length || undefined,
      'the first alerts to wait inside their transactions',
    );
    // Committed, then stuck handing the case to Temporal (the proxy holds every byte; the
    // API would give up after 3 s and answer 202, so the kill follows at once).
    proxy.pause();
    const committed = burst(6);
    const committedDone = committed.map(send);
    await eventually(
      async () => {
        const { rows } = await stack.db.pool.query('SELECT count(*)::int AS n FROM alerts WHERE source_ref = ANY($1)', [
          committed.map((s) => s.alert.sourceRef),
        ]);
        return rows[0].n === committed.length || undefined;
      },
      'the other alerts to be committed',
      10_000,
      20,
    );
    await stack.api.kill();
    await Promise.all([...committedDone, ...uncommittedDone]);
    expect([...committed, ...uncommitted].filter((s) => !s.cut)).toEqual([]); // every one of them lost its answer
    await stack.terminateSessions(stack.apiApp);
    await lock.release();
    proxy.resume();
    await stack.api.start();

    // Each sender retries its own alert until it gets an answer.
    const retried = new Map<Sent, HttpAnswer>();
    for (const s of [...committed, ...uncommitted]) retried.set(s, await stack.http.postAlert(s.alert, s.key));
    const caseOf = async (s: Sent) =>
      (
        await stack.db.pool.query<{ case_id: string }>('SELECT case_id FROM alerts WHERE source_ref = $1', [
          s.alert.sourceRef,
        ])
      ).rows.map((r) => r.case_id);
    for (const s of committed) {
      const answer = retried.get(s);
      expect(answer?.status).toBe(200);
      expect(answer?.body).toMatchObject({ status: 'duplicate', caseId: (await caseOf(s))[0] });
    }
    for (const s of uncommitted) {
      expect(retried.get(s)?.status).toBe(201);
      expect(await caseOf(s)).toHaveLength(1);
    }

    const all = [...before, ...committed, ...uncommitted];
    const report = await checkInvariants(stack, { accepted: all.map((s) => s.alert.sourceRef) });
    expect(report).toMatchObject({ alerts: all.length, cases: all.length, workflowRuns: all.length, resent: 0 });
    recordNumbers(stack, {
      cutAfterCommit: committed.length,
      cutBeforeCommit: uncommitted.length,
      retriedDuplicate: committed.length,
      retriedCreated: uncommitted.length,
      invariants: report,
    });
  });
});
