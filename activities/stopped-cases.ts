// The reconcile run's activity: every open case whose workflow Temporal shows as terminated,
// failed, timed out or cancelled (something no step of Jeevan's does: someone stopped it in
// Temporal, round the API) is reported to the SMC supervisor, by e-mail and as a supervisor
// alert. Once per stopped run: the alert's dedupe key and the mail's delivery rows carry the
// run ID, so later runs find it reported and send nothing again.
import type { Client } from '@temporalio/client';
import { and, isNull, ne } from 'drizzle-orm';
import type { Severity, Stage } from '../contract/case.js';
import {
  type ReconcileRunResult,
  STOPPED_STATUSES,
  type StoppedCase,
  type StoppedStatus,
} from '../contract/reconcile.js';
import type { Db } from '../db/client.js';
import { cases, supervisorAlerts } from '../db/schema.js';
import { latestRun } from '../lib/temporal/case-client.js';
import { type MailDeps, sendCaseMail } from './mail.js';

export interface StoppedCasesDeps {
  db: Db;
  /** Reads each case workflow's status (lib/temporal/connect.ts's client, with the codec). */
  temporal: Client;
  mail: MailDeps;
  log: (event: string, fields: Record<string, unknown>) => void;
}

export const WORKFLOW_STOPPED = 'workflow_stopped';

export async function reportStoppedCases(deps: StoppedCasesDeps): Promise<ReconcileRunResult> {
  const open = await deps.db
    .select({
      id: cases.id,
      workflowId: cases.workflowId,
      stage: cases.stage,
      severity: cases.severity,
      drill: cases.drill,
      openedAt: cases.openedAt,
      districtCode: cases.districtCode,
      policeStation: cases.policeStation,
    })
    .from(cases)
    // Erased cases are closed for good. A case whose workflow never started has none to describe (the outbox's to hand
    // over).
    .where(and(ne(cases.stage, 'closed'), isNull(cases.erasedAt)));
  const stopped: StoppedCase[] = [];
  for (const row of open) {
    // Read without decoding its payloads: a run started in plaintext (refused by the codec) is still seen.
    const latest = await latestRun(deps.temporal, row.workflowId).catch(() => undefined);
    // Absent: the manual reconciler's (workflow_missing), not this run's.
    if (!latest || !STOPPED_STATUSES.includes(latest.status as StoppedStatus)) continue;
    const { runId, status } = latest;
    const message =
      `Case ${row.id}: its workflow was ${status?.toLowerCase().replace('_', ' ')} in Temporal, outside Jeevan, while the case is ${row.stage}. ` +
      'No escalation runs for it until it is restarted (npm run reconcile -- --repair restarts it from its last state).';
    const inserted = await deps.db
      .insert(supervisorAlerts)
      .values({ caseId: row.id, kind: WORKFLOW_STOPPED, dedupeKey: `${row.id}:${WORKFLOW_STOPPED}:${runId}`, message })
      .onConflictDoNothing()
      .returning({ id: supervisorAlerts.id });
    // Sent at most once per recipient (delivery rows keyed by the run); an earlier failure is retried here.
    await sendCaseMail(deps.mail, {
      caseId: row.id,
      step: `${WORKFLOW_STOPPED}:${runId}`,
      level: 0,
      roles: ['smc_supervisor'],
      template: 'workflow_stopped',
      drill: row.drill,
      districtCode: row.districtCode ?? undefined,
      policeStation: row.policeStation ?? undefined,
      facts: {
        severity: row.severity as Severity,
        stage: row.stage as Stage,
        openedAt: row.openedAt.toISOString(),
        workflowStatus: status,
      },
    });
    const newlyReported = inserted.length > 0;
    if (newlyReported) deps.log('supervisor_alert', { caseId: row.id, kind: WORKFLOW_STOPPED, status, runId });
    stopped.push({ caseId: row.id, runId, status: status as StoppedStatus, newlyReported });
  }
  return { checked: open.length, stopped };
}
