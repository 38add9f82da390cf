// The scheduled reconcile run: what its Schedule, workflow and activity share. Imports
// nothing with side effects (the workflow sandbox imports it).
export const RECONCILE_WORKFLOW_TYPE = 'reconcileWorkflow';
/** The Schedule's ID in the namespace (worker/reconcile-schedule.ts ensures it). */
export const RECONCILE_SCHEDULE_ID = 'jeevan-reconcile';

/** How a case workflow can end that no step of Jeevan's ever causes: someone stopped it in Temporal. */
export const STOPPED_STATUSES = ['TERMINATED', 'FAILED', 'TIMED_OUT', 'CANCELLED'] as const;
export type StoppedStatus = (typeof STOPPED_STATUSES)[number];

export interface StoppedCase {
  caseId: string;
  runId: string;
  status: StoppedStatus;
  /** This run reported it first (false: an earlier run did, nothing was sent again). */
  newlyReported: boolean;
}

export interface ReconcileRunResult {
  /** Open cases whose workflow was looked at. */
  checked: number;
  stopped: StoppedCase[];
}
