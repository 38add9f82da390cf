// The case as the workflow keeps it and the API returns it. Shared by workflows/,
// activities/, api/ and tests; imports nothing with side effects.
import type { EscalationPolicy, RecipientRole, WaitKind } from './policy.js';
import type { WebhookEvent } from './webhook-events.js';

export const STAGES = [
  'received',
  'locating',
  'located',
  'not_located',
  'transferred',
  'district_notified',
  'acknowledged',
  'arrived',
  'contact_made',
  'outcome_recorded',
  'follow_up',
  'closed',
] as const;
export type Stage = (typeof STAGES)[number];

export const SEVERITIES = ['critical', 'high', 'normal'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const NOT_LOCATED_REASONS = [
  'incomplete_data',
  'phone_switched_off',
  'dense_area',
  'outside_jurisdiction',
  'other',
] as const;
export type NotLocatedReason = (typeof NOT_LOCATED_REASONS)[number];

export const OUTCOMES = [
  'safe', // intervened – person safe
  'hospitalised', // intervened – taken to hospital
  'no_risk', // no risk found: false alarm / misunderstanding
  'not_found_at_place', // person not found at the place
  'deceased',
  'transferred', // transferred out of jurisdiction
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const GENDERS = ['male', 'female', 'other', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

export const AGE_BANDS = ['13-18', '19-25', '26-35', '36+', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const ENQUIRY_KINDS = [
  'telecom_lookup',
  'meta_data',
  'meta_emergency_request',
  'family_contacts',
  'post_clues',
  'other',
] as const;
export type EnquiryKind = (typeof ENQUIRY_KINDS)[number];

/** The telecom operators whose nodal officers the directory keeps (issue 17: the operator picks one, numbers move). */
export const TELECOM_OPERATORS = ['jio', 'airtel', 'vi', 'bsnl'] as const;
export type TelecomOperator = (typeof TELECOM_OPERATORS)[number];

/**
 * A request sent or filed for an enquiry (docs/domain.md "Requests"): to the platform, filed by an
 * operator on its law-enforcement portal; to a telecom operator's nodal officer, e-mailed by Jeevan.
 */
export interface EnquiryRequest {
  kind: 'platform' | 'telecom';
  /** When it was filed on the portal, or handed to the mail activity. */
  at: string;
  by: string;
  /** The platform portal's reference for it, when the portal gave one. */
  reference?: string;
  telecomOperator?: TelecomOperator;
  /** The number asked about (personal data: erased with the case). */
  phone?: string;
  /** The period the request asks about. */
  window?: { from: string; to: string };
}
/**
 * What delayed a case, as its learning review names it (a closed list, so reports can count
 * them): the alert's data, the person's phone, the replies of the operator and the platform,
 * the place, the district, a vehicle, another state, a wrong address in the directory.
 */
export const DELAY_REASONS = [
  'incomplete_alert_data',
  'phone_switched_off',
  'operator_reply_slow',
  'platform_reply_slow',
  'dense_area',
  'wrong_district',
  'district_ack_slow',
  'no_vehicle',
  'other_state',
  'mail_or_contact_wrong',
  'other',
] as const;
export type DelayReason = (typeof DELAY_REASONS)[number];
/** Which line of enquiry found the person, as the review says: one of ENQUIRY_KINDS, or none did. */
export const FOUND_BY = [...ENQUIRY_KINDS, 'not_found'] as const;
export type FoundBy = (typeof FOUND_BY)[number];

export const ACK_PARTIES = ['control_room', 'police_station'] as const;
export type AckParty = (typeof ACK_PARTIES)[number];

export const ROLES = [
  'smc_operator',
  'smc_supervisor',
  'district_officer',
  'senior_officer',
  'auditor',
  'admin',
  'system',
  // Another state's Jeevan, on the network routes only (docs/network.md): never a person's role.
  'peer',
] as const;
export type Role = (typeof ROLES)[number];

/** 0 unknown, 1 region/district, 2 locality or police station area, 3 confirmed address. */
export type Confidence = 0 | 1 | 2 | 3;

export interface Actor {
  id: string;
  role: Role;
  name?: string;
}

/** What Meta tells us about the person. Personal data: never in IDs, search attributes, logs or subjects. */
export interface AlertDetails {
  accountName?: string;
  handle?: string;
  profileUrl?: string;
  phone?: string;
  email?: string;
  ipAddress?: string;
  locationHint?: string;
  description?: string;
}

export interface AlertSummary {
  alertId: string;
  source: string;
  sourceRef: string;
  /** 'transfer': the case came from another state's Jeevan (source: that state's code). */
  channel: 'email' | 'phone' | 'api' | 'transfer';
  platform: string;
  contentKind: string;
  live: boolean;
  detectedAt?: string;
  receivedAt: string;
  details: AlertDetails;
  /**
   * Set when this alert carries an earlier alert's reference with different content ("same reference, different
   * content"): that alert's id.
   */
  repeatOf?: string;
}

export interface CaseInput {
  caseId: string;
  /** The instance's state (JEEVAN_STATE, its profile in domain/profiles/); absent on cases opened before profiles, which are UP's. */
  stateCode?: string;
  openedAt: string;
  severity: Severity;
  drill: boolean;
  /** District suggested by the alert (e.g. from an IP location), not yet confirmed. */
  districtHint?: string;
  alert: AlertSummary;
  policy: EscalationPolicy;
  /** Legal ground the case is processed on (DPDP Act 2023: threat to life). */
  legalGround: string;
  /** Events this case sends to the outbound webhook, decided when it opened (WEBHOOK_URL, WEBHOOK_EVENTS). */
  webhooks?: WebhookEvent[];
  /** Set when the case came from another state's Jeevan: who sent it, and what its packet said. */
  transferredFrom?: TransferOrigin & { hints: { summary: string; confidence: Confidence; at: string }[] };
}

/** Where a received case came from, and what the sender had done (docs/network.md). */
export interface TransferOrigin {
  state: string;
  caseId: string;
  enquiries: { kind: EnquiryKind; status: Enquiry['status']; summary?: string; confidence?: Confidence }[];
  notes: { at: string; text: string }[];
}

export interface Enquiry {
  id: string;
  kind: EnquiryKind;
  owner: string;
  openedAt: string;
  dueAt: string;
  status: 'open' | 'found' | 'no_result';
  /** The request this enquiry waits on (filePlatformRequest, requestTelecomLocation). */
  request?: EnquiryRequest;
  result?: {
    at: string;
    by: string;
    summary: string;
    confidence: Confidence;
    districtCode?: string;
    policeStation?: string;
  };
}

export interface LocationEstimate {
  summary: string;
  confidence: Confidence;
  source: string; // enquiry id, 'hint' or 'operator'
  districtCode?: string;
  policeStation?: string;
  at: string;
}

export interface StepStamp {
  at: string;
  by: Actor;
  notes?: string;
}

export interface OutcomeRecord extends StepStamp {
  outcome: Outcome;
  gender: Gender;
  age?: number;
  ageBand: AgeBand;
  counselling: boolean;
  helplineReferral: boolean;
}

/** A blameless learning review, written before sign-off when a case went wrong (domain/steps/review.ts). */
export interface LearningReview extends StepStamp {
  delayedBy: DelayReason[];
  /** What would have saved minutes. */
  savedMinutes: string;
  foundBy: FoundBy;
}

export interface FollowUpCheck {
  n: number;
  dueAt: string;
  done?: StepStamp & { personWell: boolean };
}

export interface Transfer extends StepStamp {
  toState: string;
  nodalOfficer: string;
  acknowledged?: StepStamp;
  /** A transfer to a peer Jeevan: its case, and what it has told us (docs/network.md). */
  peer?: { caseId?: string; deliveredAt?: string; arrivedAt?: string; outcomeAt?: string };
}

export type Milestone =
  | 'received'
  | 'locating_started'
  | 'located'
  | 'not_located'
  | 'transferred'
  | 'district_notified'
  | 'acknowledged'
  | 'dispatched'
  | 'arrived'
  | 'contact_made'
  | 'outcome'
  | 'signed_off'
  | 'closed';

/**
 * The order milestones must keep (docs/domain.md): received ≤ located ≤ notified ≤ acknowledged ≤ arrived ≤ contact ≤
 * outcome.
 */
export const MILESTONE_ORDER: Milestone[] = [
  'received',
  'located',
  'district_notified',
  'acknowledged',
  'arrived',
  'contact_made',
  'outcome',
];

export interface TimelineEntry {
  seq: number;
  at: string;
  kind: string;
  by?: Actor;
  from?: Stage;
  to?: Stage;
  summary: string;
  details?: Record<string, unknown>;
}

export interface EscalationRecord {
  key: string;
  wait: WaitKind;
  level: number;
  dueAt: string;
  firedAt: string;
  notify: RecipientRole[];
  final: boolean;
}

export interface DeadlineOverride {
  key: string;
  dueAt: string;
  by: Actor;
  reason: string;
}

export interface NextEscalation {
  key: string;
  wait: WaitKind;
  level: number;
  dueAt: string;
  notify: RecipientRole[];
  /** The bounded repeats are used up: this one hands the case to a supervisor and stops. */
  final: boolean;
}

export interface MailProblem {
  step: string;
  level: number;
  since: string;
  lastError: string;
  resolved?: string;
}

export interface CaseState {
  caseId: string;
  /** As CaseInput.stateCode: whose districts the case's codes are. */
  stateCode?: string;
  stage: Stage;
  severity: Severity;
  drill: boolean;
  legalGround: string;
  openedAt: string;
  policyVersion: string;
  alerts: AlertSummary[];
  district?: { code: string; policeStation?: string };
  locating: { enquiries: Enquiry[]; best?: LocationEstimate; hints: LocationEstimate[] };
  notLocated?: StepStamp & { reason: NotLocatedReason; detail?: string };
  /** Set when locating resumed after a not-located finding; the locate wait restarts from it. */
  relocatedAt?: string;
  /** Its open enquiries run a ladder once past their due time (set at start when the policy has one). */
  chasesEnquiries?: boolean;
  /**
   * A death, a person not found at the place, a case not located or one whose ladder reached its
   * final call needs a learning review before sign-off (set at start under the workflow's patch).
   */
  asksLearningReview?: boolean;
  learningReview?: LearningReview;
  transfer?: Transfer;
  /** A case received from another state's Jeevan (its channel is 'transfer'). */
  receivedFrom?: TransferOrigin;
  requiredAcks: AckParty[];
  acks: Partial<Record<AckParty, StepStamp>>;
  dispatched?: StepStamp & { unit: string };
  outcome?: OutcomeRecord;
  signOff?: StepStamp;
  followUps: FollowUpCheck[];
  milestones: Partial<Record<Milestone, string>>;
  escalation: {
    /** Levels fired per wait key. */
    sent: Record<string, number>;
    history: EscalationRecord[];
    overrides: DeadlineOverride[];
    /** Set when bounded repeats ran out: a supervisor must act (change the deadline) to restart the ladder. */
    supervisorRequired?: { key: string; since: string };
    next?: NextEscalation;
    /** Highest level fired on the waits still open. */
    level: number;
    overdue: boolean;
  };
  mailProblems: MailProblem[];
  notes: StepStamp[];
  timeline: TimelineEntry[];
  /** Bumped on every change; the projection in PostgreSQL keeps the highest it has seen. */
  version: number;
}

export type { EscalationPolicy, RecipientRole, WaitKind } from './policy.js';
