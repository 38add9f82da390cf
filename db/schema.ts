// The record in PostgreSQL. `cases` is the projection lists and reports read; the full
// live state is the workflow's. Every table a retried activity writes has a natural key,
// so a retry changes nothing twice.
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Case numbers: JV-<year>-<sequence>, easy to read out over a phone. */
export const caseNumber = pgSequence('case_number_seq', { startWith: 1 });

export const cases = pgTable(
  'cases',
  {
    id: text('id').primaryKey(),
    workflowId: text('workflow_id').notNull().unique(),
    stage: text('stage').notNull(),
    severity: text('severity').notNull(),
    drill: boolean('drill').notNull().default(false),
    legalGround: text('legal_ground').notNull(),
    policyVersion: text('policy_version').notNull(),
    districtCode: text('district_code'),
    policeStation: text('police_station'),
    openedAt: ts('opened_at').notNull(),
    locatedAt: ts('located_at'),
    notifiedAt: ts('notified_at'),
    acknowledgedAt: ts('acknowledged_at'),
    dispatchedAt: ts('dispatched_at'),
    arrivedAt: ts('arrived_at'),
    contactAt: ts('contact_at'),
    outcomeAt: ts('outcome_at'),
    closedAt: ts('closed_at'),
    notLocatedReason: text('not_located_reason'),
    outcome: text('outcome'),
    gender: text('gender'),
    ageBand: text('age_band'),
    counselling: boolean('counselling'),
    helplineReferral: boolean('helpline_referral'),
    /** The learning review's answers (codes only): what delayed us, and which line of enquiry found the person. */
    reviewDelays: text('review_delays').array(),
    /** The line of enquiry that found the person (domain/steps/review.ts foundByOf); null if none did. */
    foundBy: text('found_by'),
    escalationLevel: smallint('escalation_level').notNull().default(0),
    overdue: boolean('overdue').notNull().default(false),
    nextDeadlineAt: ts('next_deadline_at'),
    /**
     * The next escalation (its due time is next_deadline_at): level, recipient roles, and whether it is the last. Null
     * on rows written before they were projected.
     */
    nextEscalationLevel: smallint('next_escalation_level'),
    nextEscalationNotify: text('next_escalation_notify').array(),
    nextEscalationFinal: boolean('next_escalation_final'),
    alertCount: integer('alert_count').notNull().default(1),
    /** Highest workflow state version projected; older writes are ignored. */
    stateVersion: integer('state_version').notNull().default(0),
    /**
     * Last full state from the workflow (minus timeline), for reading a case when no worker is running. Sealed
     * (lib/crypto/field-crypto.ts).
     */
    snapshot: jsonb('snapshot'),
    /** When retention erased the case's personal fields (activities/retention.ts); the statistics columns stay. */
    erasedAt: ts('erased_at'),
    workflowStartedAt: ts('workflow_started_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('cases_stage_idx').on(t.stage, t.openedAt),
    index('cases_district_idx').on(t.districtCode, t.openedAt),
    index('cases_opened_idx').on(t.openedAt, t.id),
    index('cases_overdue_idx').on(t.overdue).where(sql`${t.overdue}`),
    index('cases_retention_idx').on(t.closedAt).where(sql`${t.erasedAt} is null and ${t.closedAt} is not null`),
  ],
);

export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    source: text('source').notNull(),
    sourceRef: text('source_ref').notNull(),
    channel: text('channel').notNull(),
    idempotencyKey: text('idempotency_key'),
    platform: text('platform').notNull(),
    contentKind: text('content_kind').notNull(),
    live: boolean('live').notNull(),
    severity: text('severity').notNull(),
    drill: boolean('drill').notNull(),
    detectedAt: ts('detected_at'),
    receivedAt: ts('received_at').notNull().defaultNow(),
    /** True when the alert joined an open case instead of opening one. */
    attached: boolean('attached').notNull(),
    /** Set when this alert repeats an earlier alert's reference with different content: that alert's id. */
    repeatOf: uuid('repeat_of'),
    /**
     * The person's details as Meta sent them. Personal data: sealed (lib/crypto/field-crypto.ts); null once retention
     * erased it.
     */
    details: jsonb('details'),
  },
  (t) => [
    // One first alert per reference; repeats whose content differs are kept beside it (repeat_of).
    uniqueIndex('alerts_source_ref_uq').on(t.source, t.sourceRef).where(sql`${t.repeatOf} is null`),
    uniqueIndex('alerts_idempotency_uq').on(t.idempotencyKey),
    index('alerts_case_idx').on(t.caseId),
  ],
);

/** Keyed hashes (HMAC) of phone, account and e-mail: how repeat alerts find a case without plain text. */
export const caseIdentities = pgTable(
  'case_identities',
  {
    kind: text('kind').notNull(),
    hash: text('hash').notNull(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    open: boolean('open').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.hash, t.caseId] }),
    index('case_identities_open_idx').on(t.kind, t.hash).where(sql`${t.open}`),
    // A case's own identities (the case page's earlier-cases lookup, erasure): without it every
    // case page scanned every identity row, and slowed as the years piled up.
    index('case_identities_case_idx').on(t.caseId),
  ],
);

export const caseEvents = pgTable(
  'case_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    seq: integer('seq').notNull(),
    kind: text('kind').notNull(),
    fromStage: text('from_stage'),
    toStage: text('to_stage'),
    actorId: text('actor_id'),
    actorRole: text('actor_role'),
    at: ts('at').notNull(),
    /** Free text built from what people typed: sealed (lib/crypto/field-crypto.ts). */
    summary: text('summary').notNull(),
    /** Codes only (escalation key, level, roles): the reports read it, so it stays clear. */
    details: jsonb('details'),
  },
  (t) => [uniqueIndex('case_events_case_seq_uq').on(t.caseId, t.seq)],
);

/** Work that must reach Temporal after the database committed (start a case, attach an alert). */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    /** The case input or alert for Temporal (personal data): sealed (lib/crypto/field-crypto.ts). */
    payload: jsonb('payload').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    doneAt: ts('done_at'),
  },
  (t) => [
    uniqueIndex('outbox_dedupe_uq').on(t.kind, t.dedupeKey),
    index('outbox_pending_idx').on(t.nextAttemptAt).where(sql`${t.doneAt} is null`),
  ],
);

/** One row per e-mail Jeevan must send: (case, step, level, recipient) is the idempotency key. */
export const deliveries = pgTable(
  'deliveries',
  {
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    step: text('step').notNull(),
    level: integer('level').notNull(),
    recipient: text('recipient').notNull(),
    role: text('role').notNull(),
    messageId: text('message_id').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    firstAttemptAt: ts('first_attempt_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.step, t.level, t.recipient] })],
);

/**
 * Outbound webhook notices (activities/webhook.ts), one row per event key: written before the
 * request, marked delivered after a 2xx, so a retried activity never sends a delivered key again.
 */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  eventKey: text('event_key').primaryKey(),
  caseId: text('case_id').notNull(),
  deliveredAt: ts('delivered_at'),
  attempts: integer('attempts').notNull().default(0),
  /** The receiver's last HTTP status, or 0 when the request got no answer. */
  lastStatus: integer('last_status'),
  firstAttemptAt: ts('first_attempt_at').notNull().defaultNow(),
});

/** Problems a supervisor must see that do not travel by e-mail (e.g. the mail system itself failing). */
export const supervisorAlerts = pgTable(
  'supervisor_alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: text('case_id').references(() => cases.id),
    kind: text('kind').notNull(),
    dedupeKey: text('dedupe_key').notNull().unique(),
    message: text('message').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    resolvedAt: ts('resolved_at'),
  },
  (t) => [index('supervisor_alerts_open_idx').on(t.createdAt).where(sql`${t.resolvedAt} is null`)],
);

/** Alert e-mails the intake could not turn into an alert: kept, with the reason, for an operator. */
export const rejectedEmails = pgTable('rejected_emails', {
  id: uuid('id').primaryKey(),
  receivedAt: ts('received_at').notNull().defaultNow(),
  envelopeFrom: text('envelope_from'),
  messageId: text('message_id'),
  reason: text('reason').notNull(),
  /** The mail as received (personal data): sealed (lib/crypto/field-crypto.ts); null once retention erased it. */
  raw: text('raw'),
  sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  reviewedAt: ts('reviewed_at'),
});

export * from './schema-directory.js';
export * from './schema-reports.js';
export * from './schema-security.js';

/**
 * Cases handed between peer Jeevans (docs/network.md), one row per direction. 'received': the
 * packet that opened a case here; its (peer_state, remote_case_id) is unique, so the same
 * packet twice opens one case. 'sent': a case of ours transferred to a peer, written before the
 * packet goes; a peer may answer only about a case that has one.
 */
export const peerTransfers = pgTable(
  'peer_transfers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    direction: text('direction', { enum: ['sent', 'received'] }).notNull(),
    peerState: text('peer_state').notNull(),
    localCaseId: text('local_case_id')
      .notNull()
      .references(() => cases.id),
    /** The peer's case: the sender's for a received one, the receiver's (once it answered) for a sent one. */
    remoteCaseId: text('remote_case_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    deliveredAt: ts('delivered_at'),
  },
  (t) => [
    uniqueIndex('peer_transfers_received_uq').on(t.peerState, t.remoteCaseId).where(sql`direction = 'received'`),
    uniqueIndex('peer_transfers_sent_uq').on(t.peerState, t.localCaseId).where(sql`direction = 'sent'`),
  ],
);

/** Signatures of requests peers made, kept for the signature window: a signature is taken once. */
export const peerRequestSignatures = pgTable('peer_request_signatures', {
  signature: text('signature').primaryKey(),
  peerState: text('peer_state').notNull(),
  seenAt: ts('seen_at').notNull().defaultNow(),
});
