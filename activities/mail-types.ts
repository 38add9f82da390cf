import type { EnquiryKind, Severity, Stage, TelecomOperator } from '../contract/case.js';
import type { RecipientRole, WaitKind } from '../contract/policy.js';

export type MailTemplate =
  | 'district_notification'
  | 'transfer'
  | 'escalation'
  | 'follow_up_reminder'
  | 'workflow_stopped'
  | 'telecom_request';

/** One e-mail a case needs sent to every person in some roles. (caseId, step, level, recipient) keys each delivery. */
export interface MailJob {
  caseId: string;
  step: string;
  level: number;
  roles: RecipientRole[];
  template: MailTemplate;
  drill: boolean;
  districtCode?: string;
  policeStation?: string;
  toState?: string;
  /** A telecom request: whose nodal officer it goes to (role telecom_nodal, this state). */
  telecomOperator?: TelecomOperator;
  facts: {
    severity: Severity;
    stage: Stage;
    openedAt: string;
    /** Where to go. Only in the body of mail to the police who must act; never in a subject. */
    locationSummary?: string;
    nextDeadline?: string;
    waitingFor?: WaitKind;
    dueAt?: string;
    final?: boolean;
    /** An overdue enquiry's escalation: which line, whose, open since when. */
    enquiry?: { id: string; kind: EnquiryKind; owner: string; openedAt: string };
    /** workflow_stopped: how Temporal shows the stopped run (TERMINATED, FAILED, …). */
    workflowStatus?: string;
    /** telecom_request: the number, the period and when the reply is due (nothing else about the person). */
    telecom?: { enquiryId: string; phone: string; from: string; to: string; replyDueAt: string };
  };
}

export interface MailResult {
  sent: number;
  alreadySent: number;
  recipients: string[];
}
