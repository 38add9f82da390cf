// The daily digest Schedule, created or brought up to date each time a worker starts
// (idempotent: several workers starting at once end with one Schedule, as configured).
import { type Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy } from '@temporalio/client';
import { DIGEST_SCHEDULE_ID, DIGEST_WORKFLOW_TYPE } from '../contract/digest.js';

export interface DigestScheduleOptions {
  taskQueue: string;
  /** Default `jeevan-daily-digest`; tests use their own. */
  scheduleId?: string;
}

/** Every day at 01:30 UTC: 07:00 IST, before the morning meeting at HQ. */
export const DIGEST_SPEC = { calendars: [{ hour: 1, minute: 30, comment: 'daily, 07:00 IST' }] };

export async function ensureDigestSchedule(
  client: Client,
  opts: DigestScheduleOptions,
): Promise<'created' | 'updated'> {
  const scheduleId = opts.scheduleId ?? DIGEST_SCHEDULE_ID;
  const action = {
    type: 'startWorkflow' as const,
    workflowType: DIGEST_WORKFLOW_TYPE,
    workflowId: scheduleId,
    taskQueue: opts.taskQueue,
    args: [],
  };
  // A digest missed while Temporal was down is still worth sending within the day; never two at once.
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' };
  try {
    await client.schedule.create({ scheduleId, spec: DIGEST_SPEC, action, policies });
    return 'created';
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  await client.schedule
    .getHandle(scheduleId)
    .update((previous) => ({ ...previous, spec: DIGEST_SPEC, action, policies }));
  return 'updated';
}
