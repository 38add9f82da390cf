// The daily digest: what its Schedule, workflow and activity share. Imports nothing with
// side effects (the workflow sandbox imports it).
export const DIGEST_WORKFLOW_TYPE = 'dailyDigestWorkflow';
/** The daily Schedule's ID in the namespace (worker/digest-schedule.ts ensures it). */
export const DIGEST_SCHEDULE_ID = 'jeevan-daily-digest';

export interface DigestInput {
  /** The digest covers the 24 hours before this moment. */
  periodEnd: string;
}

export interface DigestResult {
  periodEnd: string;
  recipients: string[];
  sent: number;
  alreadySent: number;
  /** The audit chain's head when the digest was sent, `<seq>:<hash>` (lib/stores/audit-chain.ts). */
  auditAnchor?: string;
}
