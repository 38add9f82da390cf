// The daily retention run (started by the `jeevan-retention` Schedule): erases, in batches,
// the personal fields of cases closed longer than the retention period, then the raw text
// of rejected alert e-mails as old. The cutoff is fixed once per run, so a long run
// (continued as new) works to the same line. Nothing in Temporal is terminated or deleted:
// closed case workflows leave with the namespace's own retention, which must be set no
// longer than RETENTION_DAYS (README, operations).
import { ApplicationFailure, continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { RetentionCursor, RetentionInput, RetentionResult } from '../contract/retention.js';

const { eraseExpiredCases, eraseExpiredRejectedEmails } = proxyActivities<Activities>({
  startToCloseTimeout: '5m',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '5m' },
});

const DAY_MS = 24 * 3600_000;

interface Progress extends RetentionResult {
  after?: RetentionCursor;
  casesDone: boolean;
}

export async function retentionWorkflow(input: RetentionInput, progress?: Progress): Promise<RetentionResult> {
  const { retentionDays } = input;
  // A bad period would erase open work's history: refuse it rather than guess.
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw ApplicationFailure.nonRetryable(`retentionDays must be a whole number of days, at least 1 (got ${retentionDays})`, 'InvalidRetention');
  }
  const batchSize = input.batchSize ?? 100;
  const p: Progress = progress ?? {
    cutoff: new Date(Date.now() - retentionDays * DAY_MS).toISOString(),
    erasedCases: 0,
    failedCases: 0,
    erasedRejectedEmails: 0,
    casesDone: false,
  };
  const again = () => workflowInfo().continueAsNewSuggested;

  while (!p.casesDone) {
    const r = await eraseExpiredCases({ cutoff: p.cutoff, retentionDays, batchSize, after: p.after });
    p.erasedCases += r.erased;
    p.failedCases += r.failed;
    p.after = r.next;
    p.casesDone = !r.next;
    if (!p.casesDone && again()) await continueAsNew<typeof retentionWorkflow>(input, p);
  }
  for (;;) {
    const n = await eraseExpiredRejectedEmails({ cutoff: p.cutoff, retentionDays, batchSize });
    p.erasedRejectedEmails += n;
    if (n < batchSize) break;
    if (again()) await continueAsNew<typeof retentionWorkflow>(input, p);
  }
  return { cutoff: p.cutoff, erasedCases: p.erasedCases, failedCases: p.failedCases, erasedRejectedEmails: p.erasedRejectedEmails };
}
