// What a fault test reports: the counts behind its invariant check, and its own measured
// numbers, written where `npm run test:faults` collects them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stack } from './harness.js';

/** The counts behind the invariant check (invariants.ts), for the run's summary. */
export interface InvariantReport {
  alerts: number;
  cases: number;
  openCases: number;
  workflowRuns: number;
  deliveries: number;
  mails: number;
  /** Steps by people in the timelines, and successful steps in the audit log. */
  timelineSteps: number;
  auditedSteps: number;
  /** Mails the SMTP server received a second time (only ever crash-window keys). */
  resent: number;
  resentKeys: string[];
}

export async function invariantSummary(stack: Stack, crashWindow: Set<string>): Promise<InvariantReport> {
  const count = async (table: string) =>
    (await stack.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
  const [{ n: open }] = (
    await stack.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE stage <> 'closed'`)
  ).rows;
  let workflowRuns = 0;
  for await (const _ of stack.client.workflow.list({ query: `TaskQueue = '${stack.taskQueue}'` })) workflowRuns += 1;
  const perKey = new Map<string, number>();
  for (const m of stack.mail.messages) {
    const key = `${m.headers['x-jeevan-case']}|${m.headers['x-jeevan-step']}|${m.headers['x-jeevan-level']}|${m.envelopeTo.join(',')}`;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  const resentKeys = [...perKey].filter(([key, n]) => n > 1 && crashWindow.has(key)).map(([key]) => key);
  const [{ n: auditedSteps }] = (
    await stack.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'case.step.%' AND outcome = 'ok'`,
    )
  ).rows;
  let timelineSteps = 0;
  for (const { id } of (await stack.db.pool.query<{ id: string }>('SELECT id FROM cases')).rows) {
    timelineSteps += (await stack.cases.state(id, 10_000)).timeline.filter((t) => t.by).length;
  }
  return {
    alerts: await count('alerts'),
    cases: await count('cases'),
    openCases: open,
    workflowRuns,
    deliveries: await count('deliveries'),
    timelineSteps,
    auditedSteps,
    mails: stack.mail.messages.length,
    resent: [...perKey].reduce((sum, [, n]) => sum + n - 1, 0),
    resentKeys,
  };
}

/** Writes what a fault test measured to test-results/faults/<topology>/<name>/numbers.json. */
export function recordNumbers(stack: Stack, numbers: Record<string, unknown>): void {
  writeFileSync(
    join(stack.logDir, 'numbers.json'),
    `${JSON.stringify({ topology: stack.topology, ...numbers }, null, 2)}\n`,
  );
}
