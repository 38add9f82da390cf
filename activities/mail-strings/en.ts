// The e-mails' English strings: every human sentence of activities/mail-templates.ts. Each
// other language is a file of the same keys (hi.ts); MailStrings is this file's shape, so a
// language without one of these keys does not compile. Labels are short ("Case"), the
// templates join each label's languages with " / "; sentences are whole lines, one per
// language, English first. Subjects carry only the case number, the kind of message and
// the district code.
import type { WaitKind } from '../../contract/policy.js';

/** What a subject may say: never a name, phone, handle or address. */
export interface SubjectVars {
  caseId: string;
  /** " <district code>", or '' while the district is not known. */
  code: string;
  /** SUBJECT_TAGS.critical for a critical case, else ''. */
  urgent: string;
  level: number;
  toState: string;
}

/** The tags a subject starts with, in English only so that desks can sort and filter on them. */
export const SUBJECT_TAGS = { drill: 'DRILL ', critical: 'CRITICAL ' } as const;

export const en = {
  // Subjects (after "[Jeevan] "; each language's part joined with " / ").
  subjectDistrictNotification: (v: SubjectVars) => `${v.urgent}${v.caseId}: person at risk, act now${v.code}`,
  subjectTransfer: (v: SubjectVars) => `${v.caseId}: case transferred to ${v.toState}`,
  subjectFollowUp: (v: SubjectVars) => `${v.caseId}: welfare check due${v.code}`,
  subjectWorkflowStopped: (v: SubjectVars) =>
    `${v.urgent}${v.caseId}: case workflow stopped outside Jeevan, no escalations${v.code}`,
  subjectTelecom: (v: SubjectVars) => `${v.urgent}${v.caseId}: urgent location request, threat to life`,
  subjectEscalation: (v: SubjectVars) => `${v.urgent}ESCALATION L${v.level} ${v.caseId}: overdue${v.code}`,

  // Labels.
  case: 'Case',
  district: 'District',
  districtUnknown: 'district not yet known',
  policeStation: 'Police station',
  location: 'Location',
  seeTheCase: 'see the case',
  severity: 'Severity',
  stage: 'Stage',
  opened: 'Opened',
  escalationLevel: 'Escalation level',
  enquiry: 'Enquiry',
  owner: 'owner',
  openSince: 'Open since',
  runningFor: (min: number) => `running for ${min} min`,
  mobileNumber: 'Mobile number',
  period: 'Period',
  periodTo: 'to',
  legalGround: 'Legal ground',
  replyNeededBy: 'Reply needed by',
  requestedBy: 'Requested by',
  openCase: 'Open the case',
  drill: 'DRILL: this is an exercise with synthetic data.',

  // Sentences (a line each).
  signature: (desk: string) => `Jeevan, ${desk}. Do not forward: this message concerns a person in crisis.`,
  telecomSignature: (desk: string) =>
    `Jeevan, ${desk}. Confidential: this request concerns a person in crisis; do not forward.`,
  districtNotification:
    'A person at risk of suicide has been located in your area. Send a team now and acknowledge in Jeevan.',
  transferIntro: (desk: string, toState: string) =>
    `${desk} transfers to you a case of a person at risk of suicide who appears to be in your state (${toState}). Please acknowledge.`,
  transferHowToAnswer:
    "How to answer: reply to this e-mail with the case number in the subject, saying that you have taken the case; reply again with the outcome once your officers have reached the person. Until your acknowledgement is recorded, the sender's senior officers are alerted.",
  followUp: 'A welfare check on the person in this case is due now. Visit or call, then record it in Jeevan.',
  workflowStopped: (caseId: string, status: string, stage: string) =>
    `The workflow of case ${caseId} was ${status} in Temporal, not by any step in Jeevan. ` +
    `The case is still open (${stage}), but no deadline or escalation runs for it now. Take charge of the case, and have it restarted ` +
    '(npm run reconcile -- --repair restarts it from its last state).',
  telecomRequest: (operator: string) =>
    `Urgent request to the nodal officer of ${operator}: a person's life is in imminent danger. Please give the current and recent location (serving cell, tower address, latitude and longitude) of the number below for the period given, and reply to this e-mail.`,
  telecomReply: (agency: string, caseId: string) =>
    `${agency}, duty desk. Reply to this e-mail, quoting case ${caseId}.`,
  overdue: (caseId: string, waitingFor: string, dueAt: string) =>
    `Case ${caseId} is overdue: still waiting for ${waitingFor} (due ${dueAt}).`,
  remindersExhausted: 'Automatic reminders are exhausted: a supervisor must take charge now.',

  /** What an overdue case is still waiting for. */
  waiting: {
    locate: 'location of the person',
    enquiry: 'the result of a line of enquiry',
    notify: 'notification of the district',
    review: 'a decision on a case not located',
    transfer_ack: "the other state's acknowledgement",
    acknowledge: 'acknowledgement by the district',
    arrive: 'police arrival at the place',
    outcome: 'the outcome',
    sign_off: "the supervisor's sign-off",
    follow_up: 'the welfare check',
    learning_review: 'the learning review before sign-off',
  } satisfies Record<WaitKind, string>,
};

/** The shape every language's strings file has. */
export type MailStrings = typeof en;
