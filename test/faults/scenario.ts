// Small steps the fault tests share: open a case through the API, hold a database lock
// to freeze a program at a known point, and the people who take steps.
import pg from 'pg';
import { expect } from 'vitest';
import type { AlertIntake } from '../../contract/alert.js';
import type { CaseState } from '../../contract/case.js';
import { sampleAlert } from '../helpers/api.js';
import { eventually } from '../helpers/wait.js';
import type { Stack } from './stack.js';

export const operator = { role: 'smc_operator', id: 'op-1' };
export const operator2 = { role: 'smc_operator', id: 'op-2' };
export const operator3 = { role: 'smc_operator', id: 'op-3' };
export const districtOfficer = { role: 'district_officer', id: 'do-1' };
export const supervisor = { role: 'smc_supervisor', id: 'sup-1' };

/** POST /alerts until the case's workflow has started; returns the case number and the alert's reference. */
export async function openCase(
  stack: Stack,
  overrides: Partial<AlertIntake> = {},
): Promise<{ caseId: string; ref: string }> {
  const alert = sampleAlert(overrides);
  const answer = await stack.http.postAlert(alert);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return { caseId: answer.body.caseId as string, ref: alert.sourceRef };
}

/** The case's state once PostgreSQL holds all of it (every timeline entry, the latest projection). */
export async function recorded(
  stack: Stack,
  caseId: string,
  what = `case ${caseId} to be recorded`,
  timeoutMs = 60_000,
): Promise<CaseState> {
  return eventually(
    async () => {
      const state = await stack.cases.state(caseId, 10_000);
      const { rows } = await stack.db.pool.query<{ n: number; v: number }>(
        'SELECT (SELECT count(*)::int FROM case_events WHERE case_id = $1) AS n, (SELECT state_version FROM cases WHERE id = $1) AS v',
        [caseId],
      );
      return rows[0].n === state.timeline.length && rows[0].v === state.version ? state : undefined;
    },
    what,
    timeoutMs,
    200,
  );
}

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Runs the statements in an open transaction and keeps it open (and its locks held) until release(), which rolls back.
 */
export async function holdLock(stack: Stack, statements: [string, unknown[]][]): Promise<HeldLock> {
  const client = new pg.Client({ connectionString: stack.db.url, application_name: 'jeevan-fault-lock' });
  client.on('error', () => {}); // ended from outside when the test's database is dropped
  await client.connect();
  await client.query('BEGIN');
  for (const [text, values] of statements) await client.query(text, values);
  return {
    async release() {
      await client.query('ROLLBACK').catch(() => {});
      await client.end().catch(() => {});
    },
  };
}

/** Until one of the program's sessions waits on a lock: the program is frozen exactly where the test wanted. */
export function frozenOnLock(stack: Stack, application: string, what: string): Promise<true> {
  return eventually(async () => (await stack.lockWaiters(application)) > 0 || undefined, what, 60_000, 100);
}

/** The worker killed with SIGKILL and its database sessions gone. */
export async function killWorker(stack: Stack): Promise<void> {
  await stack.worker.kill();
  await stack.terminateSessions(stack.workerApp);
}
