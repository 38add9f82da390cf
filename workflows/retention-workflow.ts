// The daily retention run (started by the `jeevan-retention` Schedule): erases, in batches,
// the personal fields of cases closed longer than the retention period, then the raw text
// of rejected alert e-mails as old; prunes delivered outbox rows; and reports cases open
// longer than `openCaseReportDays` to the supervisor (activities/housekeeping.ts). The cutoff is fixed once per run, so
// a long run
// (continued as new) works to the same line. Nothing in Temporal is terminated or deleted:
// closed case workflows leave with the namespace's own retention, which must be set no
// longer than RETENTION_DAYS (README, operations).
import { ApplicationFailure, continueAsNew, patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { RetentionCursor, RetentionInput, RetentionResult } from '../contract/retention.js';

const { eraseExpiredCases, eraseExpiredRejectedEmails, pruneDeliveredOutbox, reportLongOpenCases } =
  proxyActivities<Activities>({
    startToCloseTimeout: '5m',
    retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '5m' },
  });

const DAY_MS = 24 * 3600_000;
/** Delivered outbox rows are kept this long (for an operator looking into a hand-over), then pruned. */
const OUTBOX_KEEP_MS = DAY_MS;
export const DEFAULT_OPEN_CASE_REPORT_DAYS = 90;

interface Progress extends RetentionResult {
  after?: RetentionCursor;
  casesDone: boolean;
  emailsDone?: boolean;
}

export async function retentionWorkflow(input: RetentionInput, progress?: Progress): Promise<RetentionResult> {
  const { retentionDays } = input;
  // A bad period would erase open work's history: refuse it rather than guess.
  if (!Number.isInteger(retentionDays) || retentionDays < 1) {
    throw ApplicationFailure.nonRetryable(
      `retentionDays must be a whole number of days, at least 1 (got ${retentionDays})`,
      'InvalidRetention',
    );
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
  while (!p.emailsDone) {
    const n = await eraseExpiredRejectedEmails({ cutoff: p.cutoff, retentionDays, batchSize });
    p.erasedRejectedEmails += n;
    if (n < batchSize) p.emailsDone = true;
    else if (again()) await continueAsNew<typeof retentionWorkflow>(input, p);
  }
  // Added with issue 12 item 8: runs recorded before it replay without these steps.
  if (patched('retention-housekeeping')) {
    const deliveredBefore = new Date(
      new Date(p.cutoff).getTime() + retentionDays * DAY_MS - OUTBOX_KEEP_MS,
    ).toISOString();
    p.prunedOutbox ??= 0;
    for (;;) {
      const n = await pruneDeliveredOutbox({ deliveredBefore, batchSize });
      p.prunedOutbox += n;
      if (n < batchSize) break;
      if (again()) await continueAsNew<typeof retentionWorkflow>(input, p);
    }
    const days = input.openCaseReportDays ?? DEFAULT_OPEN_CASE_REPORT_DAYS;
    const openedBefore = new Date(new Date(p.cutoff).getTime() + (retentionDays - days) * DAY_MS).toISOString();
    p.reportedLongOpen = await reportLongOpenCases({ openedBefore, days, batchSize: 500 });
  }
  return {
    cutoff: p.cutoff,
    erasedCases: p.erasedCases,
    failedCases: p.failedCases,
    erasedRejectedEmails: p.erasedRejectedEmails,
    ...(p.prunedOutbox !== undefined ? { prunedOutbox: p.prunedOutbox } : {}),
    ...(p.reportedLongOpen !== undefined ? { reportedLongOpen: p.reportedLongOpen } : {}),
  };
}
