// The reconcile run (started by the `jeevan-reconcile` Schedule every few minutes): finds
// open cases whose workflow was stopped in Temporal from outside and tells the supervisor.
// It is a workflow of its own because a case workflow that was terminated cannot report
// itself.
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { ReconcileRunResult } from '../contract/reconcile.js';

const { reportStoppedCases } = proxyActivities<Activities>({
  startToCloseTimeout: '2m',
  // The next run is minutes away; a run that keeps failing leaves it to that one.
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
});

export async function reconcileWorkflow(): Promise<ReconcileRunResult> {
  return reportStoppedCases();
}
