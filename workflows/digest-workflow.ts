// The daily digest (started by the `jeevan-daily-digest` Schedule): the SMC in-charge's
// e-mail with the last 24 hours' numbers. The period ends when the run started (a fixed
// fact of the run), so a retried activity or a replay covers the same period and sends
// nothing twice.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { DigestResult } from '../contract/digest.js';

const { sendDailyDigest } = proxyActivities<Activities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 50 },
});

export async function dailyDigestWorkflow(): Promise<DigestResult> {
  return sendDailyDigest({ periodEnd: workflowInfo().startTime.toISOString() });
}
