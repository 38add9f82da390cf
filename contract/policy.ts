// The escalation policy: data, copied into each case when it opens (with its version),
// so a later edit never changes what a running case does.

/** What a case can be waiting for. Each has its own ladder. */
export const WAIT_KINDS = [
  'locate',
  'enquiry', // one line of enquiry past its due time, while the case is being located
  'notify',
  'review',
  'transfer_ack',
  'acknowledge',
  'arrive',
  'outcome',
  'sign_off',
  'follow_up',
  'learning_review', // a case that went wrong waits for its learning review before sign-off
] as const;
export type WaitKind = (typeof WAIT_KINDS)[number];
/** Waits that came later: a policy may lack their ladder (older snapshots do), and then they never escalate. */
export const OPTIONAL_WAIT_KINDS = ['enquiry', 'learning_review'] as const satisfies readonly WaitKind[];
/** The waits every policy has a ladder for. */
export type StageWaitKind = Exclude<WaitKind, (typeof OPTIONAL_WAIT_KINDS)[number]>;

export const RECIPIENT_ROLES = [
  'smc_operators',
  'smc_supervisor',
  'smc_incharge',
  'district_control_room',
  'police_station',
  // What each role is called is the state's (its profile's roleTitles, domain/profiles/<code>/).
  'sp', // the district's police chief (a deputy commissioner in a commissionerate)
  'cp_or_range_ig', // the commissioner of police, or the range's inspector general
  'adg_zone',
  'nodal_officer', // another state's nodal officer, for transfers
  'emergency_112', // the state's 112 emergency response control room, told with the district
  'telecom_nodal', // a telecom operator's nodal officer in a state: sent location requests, never escalations
] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];
/** The roles an escalation ladder may name: a telecom nodal officer is sent requests, never escalations. */
export const LADDER_ROLES: readonly RecipientRole[] = RECIPIENT_ROLES.filter((r) => r !== 'telecom_nodal');

export interface Rung {
  /** Milliseconds after the wait began (before the severity factor). */
  afterMs: number;
  notify: RecipientRole[];
}

export interface Ladder {
  rungs: Rung[];
  /** After the last rung: repeat this often, this many times, to these people; then a supervisor must act. */
  repeat: { everyMs: number; times: number; notify: RecipientRole[] };
}

export interface EscalationPolicy {
  version: string;
  /** Both the district control room and the police station must acknowledge. */
  requireBothAcks: boolean;
  /** Multiplies every deadline; a live attempt in progress is `critical`, which halves them. */
  severityFactor: Record<'critical' | 'high' | 'normal', number>;
  ladders: Record<StageWaitKind, Ladder> & {
    /**
     * An enquiry past its due time: its owner's desk is reminded, then the supervisor is told.
     * Cases whose snapshot has none (opened before it existed) never chase their enquiries.
     */
    enquiry?: Ladder;
    /** A case waiting for its learning review before sign-off (none: the review is not chased). */
    learning_review?: Ladder;
  };
  /** Per line of enquiry (keys of ENQUIRY_KINDS, contract/case.ts): ladders replacing `ladders.enquiry`. */
  enquiryLadders?: Record<string, Ladder>;
  /**
   * Ladders that replace `ladders` once the case's district is known: a commissionerate's
   * own ladders and per-district overrides, resolved when the policy was published
   * (domain/policy-document.ts). Optional: cases opened before it existed replay unchanged.
   */
  districtOverrides?: Record<string, Partial<Record<WaitKind, Ladder>>>;
  /** Welfare checks after the outcome, in milliseconds after sign-off. */
  followUpOffsetsMs: number[];
  /** Activity retry: how long a mail may keep failing before the supervisor is told by the other path. */
  mailFailureAlertMs: number;
}
