// The reconcile Schedule, created or brought up to date each time a worker starts
// (idempotent: several workers starting at once end with one Schedule, as configured). It
// runs every RECONCILE_INTERVAL_MINUTES, so a case workflow stopped from outside Jeevan is
// reported to the supervisor within that period.
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { RECONCILE_SCHEDULE_ID, RECONCILE_WORKFLOW_TYPE } from '../contract/reconcile.js';

export interface ReconcileScheduleOptions {
  taskQueue: string;
  /** Period between runs (RECONCILE_INTERVAL_MINUTES; tests use seconds). */
  everyMs: number;
  /** Default `jeevan-reconcile`; tests use their own. */
  scheduleId?: string;
}

export async function ensureReconcileSchedule(
  client: Client,
  opts: ReconcileScheduleOptions,
): Promise<'created' | 'updated'> {
  const scheduleId = opts.scheduleId ?? RECONCILE_SCHEDULE_ID;
  const spec = { intervals: [{ every: opts.everyMs }] };
  const action = {
    type: 'startWorkflow' as const,
    workflowType: RECONCILE_WORKFLOW_TYPE,
    workflowId: scheduleId,
    taskQueue: opts.taskQueue,
    args: [],
  };
  // Never two at once; a run missed while Temporal was down is made up by the next one, not replayed.
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 minute' };
  try {
    await client.schedule.create({ scheduleId, spec, action, policies });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec, action, policies }));
  return 'updated';
}
