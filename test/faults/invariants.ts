// The one check every fault test ends with. Nothing lost, nothing doubled:
//  - every accepted alert has exactly one alert row and one case; a refused one (503) none;
//  - every case has exactly one workflow, running while the case is open;
//  - every open case has a deadline still ahead, or a final escalation held for a supervisor;
//  - the workflow's timeline is all in case_events and the projection is at its version;
//  - exactly one delivery row, sent, per (case, step, level, recipient) the case's history
//    calls for, and none it does not;
//  - the SMTP server received each of those keys once; twice only for keys the test names
//    as hit in the crash window (accepted by SMTP, worker killed before the record), counted;
//  - every step in a timeline is in the audit log as that person's successful step, and every
//    successful step in the audit log is in the timeline (except steps the test knows took
//    effect although their request was answered 5xx, which the audit log records as failed);
//  - the outbox is empty.
import type { WorkflowExecutionInfo } from '@temporalio/client';
import type { CaseState } from '../../contract/case.js';
import type { RecipientRole } from '../../contract/policy.js';
import { exampleDirectory } from '../../lib/directory/directory.js';
import { eventually } from '../helpers/wait.js';
import type { Stack } from './harness.js';
import { type InvariantReport, invariantSummary } from './report.js';

export interface InvariantOptions {
  /** sourceRefs the API answered 2xx for. */
  accepted?: string[];
  /** sourceRefs the API only ever answered 503 for: nothing may be stored for them. */
  refused?: string[];
  /** Delivery keys `case|step|level|recipient` the test drove into the crash window. */
  crashWindow?: string[];
  timeoutMs?: number;
}

const directory = exampleDirectory();

/** Who a mail for these roles reaches: as activities/mail.ts resolves it (nobody → the SMC supervisor). */
function recipients(roles: RecipientRole[], ctx: { districtCode?: string; toState?: string }): string[] {
  const emails = roles.flatMap((role) => {
    const found = directory.resolve(role, ctx);
    return (found.length > 0 ? found : directory.resolve('smc_supervisor', ctx)).map((r) => r.email);
  });
  return [...new Set(emails)];
}

/** Every delivery key the case's own record calls for. */
export function expectedDeliveryKeys(state: CaseState): string[] {
  const ctx = { districtCode: state.district?.code, toState: state.transfer?.toState };
  const keys = (step: string, level: number, roles: RecipientRole[]) =>
    recipients(roles, ctx).map((email) => `${state.caseId}|${step}|${level}|${email}`);
  return [
    ...(state.milestones.district_notified
      ? keys('district_notification', 0, ['district_control_room', 'police_station', 'emergency_112'])
      : []),
    ...(state.transfer ? keys('transfer', 0, ['nodal_officer', 'smc_supervisor']) : []),
    ...state.escalation.history.flatMap((e) => keys(`escalation:${e.key}`, e.level, e.notify)),
  ].sort();
}

export async function checkInvariants(stack: Stack, opts: InvariantOptions = {}): Promise<InvariantReport> {
  const timeoutMs = opts.timeoutMs ?? 150_000;
  const crashWindow = new Set(opts.crashWindow ?? []);
  let report: InvariantReport | undefined;
  await eventually(
    async () => {
      const problems = await checkOnce(stack, opts, crashWindow);
      if (problems.length > 0) throw new Error(problems.slice(0, 8).join('\n'));
      report = await invariantSummary(stack, crashWindow);
      return true;
    },
    'every invariant to hold',
    timeoutMs,
    500,
  );
  return report as InvariantReport;
}

async function checkOnce(stack: Stack, opts: InvariantOptions, crashWindow: Set<string>): Promise<string[]> {
  const q = async <T>(text: string, values: unknown[] = []) => (await stack.db.pool.query(text, values)).rows as T[];
  const problems: string[] = [];

  const [{ n: pending }] = await q<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL');
  if (pending > 0) problems.push(`${pending} outbox row(s) not yet handed to Temporal`);

  const alerts = await q<{ source_ref: string; case_id: string }>('SELECT source_ref, case_id FROM alerts');
  const perRef = new Map<string, number>();
  for (const a of alerts) perRef.set(a.source_ref, (perRef.get(a.source_ref) ?? 0) + 1);
  for (const ref of opts.accepted ?? [])
    if (perRef.get(ref) !== 1) problems.push(`accepted alert ${ref} has ${perRef.get(ref) ?? 0} alert rows`);
  for (const ref of opts.refused ?? [])
    if (perRef.has(ref)) problems.push(`alert ${ref} was answered 503 but is stored`);

  const cases = await q<{ id: string; workflow_id: string; state_version: number }>(
    'SELECT id, workflow_id, state_version FROM cases',
  );
  const runs = new Map<string, WorkflowExecutionInfo[]>();
  for await (const run of stack.client.workflow.list({ query: `TaskQueue = '${stack.taskQueue}'` })) {
    runs.set(run.workflowId, [...(runs.get(run.workflowId) ?? []), run]);
  }
  for (const id of runs.keys())
    if (!cases.some((c) => c.workflow_id === id)) problems.push(`workflow ${id} has no case`);

  const events = new Map(
    (
      await q<{ case_id: string; n: number }>('SELECT case_id, count(*)::int AS n FROM case_events GROUP BY case_id')
    ).map((r) => [r.case_id, r.n]),
  );
  const rows = await q<{ case_id: string; step: string; level: number; recipient: string; status: string }>(
    'SELECT case_id, step, level, recipient, status FROM deliveries',
  );
  const sunk = new Map<string, string[]>();
  for (const m of stack.mail.messages) {
    const key = `${m.headers['x-jeevan-case']}|${m.headers['x-jeevan-step']}|${m.headers['x-jeevan-level']}|${m.envelopeTo.join(',')}`;
    sunk.set(key, [...(sunk.get(key) ?? []), m.messageId]);
  }

  const audited = new Map<string, number>();
  // Attempts answered 503 whose Temporal call timed out: audited as "unknown", they may have taken effect.
  const uncertain = new Map<string, number>();
  for (const r of await q<{ case_id: string; actor_id: string; outcome: string; n: number }>(
    `SELECT case_id, actor_id, outcome, count(*)::int AS n FROM audit_log WHERE action LIKE 'case.step.%' AND outcome IN ('ok', 'unknown') GROUP BY case_id, actor_id, outcome`,
  )) {
    (r.outcome === 'ok' ? audited : uncertain).set(`${r.case_id}|${r.actor_id}`, r.n);
  }
  let unaudited = 0;

  const expectedAll = new Set<string>();
  for (const c of cases) {
    const current = (runs.get(c.workflow_id) ?? []).filter((r) => r.status.name !== 'CONTINUED_AS_NEW');
    if (current.length !== 1) {
      problems.push(`case ${c.id} has ${current.length} workflow(s) (${current.map((r) => r.status.name).join(', ')})`);
      continue;
    }
    const state = await stack.cases.state(c.id, 10_000);
    const open = state.stage !== 'closed';
    if (current[0].status.name !== (open ? 'RUNNING' : 'COMPLETED'))
      problems.push(`case ${c.id} is ${state.stage} but its workflow is ${current[0].status.name}`);
    if (events.get(c.id) !== state.timeline.length)
      problems.push(`case ${c.id}: ${events.get(c.id) ?? 0} case_events, timeline has ${state.timeline.length}`);
    if (c.state_version !== state.version)
      problems.push(`case ${c.id}: projection at version ${c.state_version}, workflow at ${state.version}`);
    const next = state.escalation.next;
    if (open && !next && !state.escalation.supervisorRequired)
      problems.push(`open case ${c.id} has neither a deadline nor a held escalation`);
    if (open && next && Date.parse(next.dueAt) <= Date.now())
      problems.push(`case ${c.id}: escalation level ${next.level} due ${next.dueAt} has not fired yet`);
    for (const key of expectedDeliveryKeys(state)) expectedAll.add(key);
    const steps = new Map<string, number>();
    for (const t of state.timeline)
      if (t.by) steps.set(`${c.id}|${t.by.id}`, (steps.get(`${c.id}|${t.by.id}`) ?? 0) + 1);
    for (const [key, n] of steps) {
      const missing = Math.max(0, n - (audited.get(key) ?? 0));
      const explained = Math.min(missing, uncertain.get(key) ?? 0);
      unaudited += missing - explained;
    }
    for (const [key, n] of audited) {
      if (key.startsWith(`${c.id}|`) && n > (steps.get(key) ?? 0))
        problems.push(`audit log has ${n} successful step(s) by ${key}, the timeline ${steps.get(key) ?? 0}`);
    }
  }
  if (unaudited !== 0) {
    problems.push(`${unaudited} step(s) in timelines have no successful or unknown-outcome audit entry`);
  }

  for (const key of expectedAll) {
    const row = rows.find((r) => `${r.case_id}|${r.step}|${r.level}|${r.recipient}` === key);
    if (!row) problems.push(`no delivery row for ${key}`);
    else if (row.status !== 'sent') problems.push(`delivery ${key} is ${row.status}`);
    const copies = sunk.get(key) ?? [];
    if (copies.length === 0) problems.push(`the SMTP server never received ${key}`);
    if (copies.length > (crashWindow.has(key) ? 2 : 1))
      problems.push(`the SMTP server received ${key} ${copies.length} times`);
    if (new Set(copies).size > 1) problems.push(`copies of ${key} carry different Message-IDs`);
  }
  for (const r of rows) {
    const key = `${r.case_id}|${r.step}|${r.level}|${r.recipient}`;
    if (!expectedAll.has(key))
      problems.push(`delivery row ${key} (${r.status}) matches no escalation or notification of its case`);
  }
  const caseIds = new Set(cases.map((c) => c.id));
  for (const key of sunk.keys())
    if (caseIds.has(key.split('|')[0]) && !expectedAll.has(key)) problems.push(`unexpected mail ${key}`);
  return problems;
}
