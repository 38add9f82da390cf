// What the reports are computed from: one row per case (the `cases` projection) and one
// per escalation fired, drills already left out. Pure types shared by lib/ and domain/.

export interface CaseFacts {
  id: string;
  districtCode: string | null;
  stage: string;
  openedAt: Date;
  locatedAt: Date | null;
  notifiedAt: Date | null;
  acknowledgedAt: Date | null;
  arrivedAt: Date | null;
  contactAt: Date | null;
  outcomeAt: Date | null;
  notLocatedReason: string | null;
  outcome: string | null;
  gender: string | null;
  ageBand: string | null;
  alertCount: number;
  workflowStarted: boolean;
  /** The learning review's delay reasons; null when the case has no review. */
  reviewDelays: string[] | null;
  /** The line of enquiry that found the person (domain/steps/review.ts foundByOf). */
  foundBy: string | null;
}

export interface EscalationFact {
  caseId: string;
  districtCode: string | null;
  wait: string;
  level: number;
  final: boolean;
}

export interface ReportInput {
  /** Alerts received in the period (attached ones included, duplicates are never stored). */
  alerts: number;
  cases: CaseFacts[];
  escalations: EscalationFact[];
}

export type Cell = string | number | null;

/** One report: the same rows are served as JSON and as CSV. */
export interface Report {
  name: string;
  title: string;
  columns: string[];
  rows: Record<string, Cell>[];
}
