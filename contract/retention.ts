// Retention: what the daily Schedule, the retention workflow and its activities share.
// Imports nothing with side effects (the workflow sandbox imports it).
export const RETENTION_WORKFLOW_TYPE = 'retentionWorkflow';
/** The daily Schedule's ID in the namespace (worker/retention-schedule.ts ensures it). */
export const RETENTION_SCHEDULE_ID = 'jeevan-retention';

export interface RetentionInput {
  /** Personal fields of cases closed longer ago than this are erased (RETENTION_DAYS). */
  retentionDays: number;
  /** Cases (or rejected e-mails) erased per activity call. */
  batchSize?: number;
  /** A case open longer than this many days is reported to the SMC supervisor (OPEN_CASE_REPORT_DAYS; default 90). */
  openCaseReportDays?: number;
}

export interface RetentionResult {
  /** Cases closed before this time were due. */
  cutoff: string;
  erasedCases: number;
  /** Cases that could not be erased this run (audited as failed; the next run tries again). */
  failedCases: number;
  erasedRejectedEmails: number;
  /** Delivered outbox rows deleted (their sealed payloads were needed only until delivery). */
  prunedOutbox?: number;
  /** Cases reported to the supervisor this run for being open too long. */
  reportedLongOpen?: number;
}

/** Where a run has got to: the last case looked at, in (closed_at, id) order. */
export interface RetentionCursor {
  closedAt: string;
  caseId: string;
}

export interface EraseCasesInput {
  cutoff: string;
  retentionDays: number;
  batchSize: number;
  after?: RetentionCursor;
}

export interface EraseCasesResult {
  erased: number;
  failed: number;
  /** Set when there may be more: the next call starts after it. */
  next?: RetentionCursor;
}

export interface EraseEmailsInput {
  cutoff: string;
  retentionDays: number;
  batchSize: number;
}

export interface PruneOutboxInput {
  deliveredBefore: string;
  batchSize: number;
}

export interface LongOpenInput {
  openedBefore: string;
  days: number;
  batchSize: number;
}
