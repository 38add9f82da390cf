// The daily retention Schedule, created or brought up to date each time a worker starts
// (idempotent: several workers starting at once end with one Schedule, as configured).
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { RETENTION_SCHEDULE_ID, RETENTION_WORKFLOW_TYPE, type RetentionInput } from '../contract/retention.js';

export interface RetentionScheduleOptions {
  taskQueue: string;
  retentionDays: number;
  openCaseReportDays?: number;
  /** Default `jeevan-retention`; tests use their own. */
  scheduleId?: string;
}

/** Every day at 21:00 UTC (02:30 IST), when the control room is quietest. */
const SPEC = { calendars: [{ hour: 21, minute: 0, comment: 'daily, 02:30 IST' }] };

export async function ensureRetentionSchedule(
  client: Client,
  opts: RetentionScheduleOptions,
): Promise<'created' | 'updated'> {
  const scheduleId = opts.scheduleId ?? RETENTION_SCHEDULE_ID;
  const args: [RetentionInput] = [
    {
      retentionDays: opts.retentionDays,
      ...(opts.openCaseReportDays ? { openCaseReportDays: opts.openCaseReportDays } : {}),
    },
  ];
  const action = {
    type: 'startWorkflow' as const,
    workflowType: RETENTION_WORKFLOW_TYPE,
    workflowId: scheduleId,
    taskQueue: opts.taskQueue,
    args,
  };
  // A run still going when the next is due makes the next one pointless; a day missed (Temporal down) is caught up.
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' };
  try {
    await client.schedule.create({ scheduleId, spec: SPEC, action, policies });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await client.schedule.getHandle(scheduleId).update((previous) => ({ ...previous, spec: SPEC, action, policies }));
  return 'updated';
}
