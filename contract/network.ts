// What two Jeevans say to each other (docs/network.md): the transfer packet a sender posts to
// a peer (POST /network/transfers), and the peer's answers back about that case (POST
// /network/transfers/:senderCaseId/events). Data minimisation is the rule: the packet holds
// identifiers, the location hints, the enquiries done and the notes the operator chose to
// send, and nothing else (no name, no handle, no phone, no post). Pure: the API, the worker,
// the workflow and the tests share it.
import { type Static, Type } from 'typebox';
import { CONTENT_KINDS, PLATFORMS } from './alert.js';
import { AGE_BANDS, ENQUIRY_KINDS, GENDERS, type Confidence as Level, OUTCOMES, SEVERITIES } from './case.js';

const Enum = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>(Type.Enum([...values], { description }));
const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, description });
const opts = { additionalProperties: false };

export const StateCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'Two-letter state code.' });
/** A case number of any Jeevan: JV-2026-000123, or with its state, JV-UP-2026-000123. */
export const PEER_CASE_ID_PATTERN = '^JV-(?:[A-Z]{2}-)?\\d{4}-\\d{6,}$';
export const PeerCaseId = Type.String({ pattern: PEER_CASE_ID_PATTERN, maxLength: 40 });
const Confidence = Type.Unsafe<Level>(Type.Integer({ minimum: 0, maximum: 3 }));
const When = Type.String({ format: 'date-time', maxLength: 40 });

/** The headers of a signed request between peers. */
export const PEER_HEADER = 'jeevan-peer';
export const PEER_SIGNATURE_HEADER = 'jeevan-peer-signature';
/** A signed request older or newer than this is refused; a signature is taken once within it. */
export const PEER_SIGNATURE_TOLERANCE_S = 300;

export const TransferPacketSchema = Type.Object(
  {
    v: Type.Literal(1),
    /** The sending Jeevan's case. */
    sender: Type.Object({ state: StateCode, caseId: PeerCaseId }, opts),
    severity: Enum(SEVERITIES),
    live: Type.Boolean({ description: 'A live broadcast was among the alerts.' }),
    drill: Type.Boolean({ description: 'A drill stays a drill on the peer.' }),
    /** The alerts' identifiers: the receiver asks the platform for the rest itself. */
    alerts: Type.Array(
      Type.Object(
        {
          alertId: Text(60),
          source: Text(40),
          sourceRef: Text(120),
          platform: Enum(PLATFORMS),
          contentKind: Enum(CONTENT_KINDS),
        },
        opts,
      ),
      { minItems: 1, maxItems: 20 },
    ),
    hints: Type.Array(Type.Object({ summary: Text(2000), confidence: Confidence, at: When }, opts), {
      maxItems: 50,
    }),
    enquiries: Type.Array(
      Type.Object(
        {
          kind: Enum(ENQUIRY_KINDS),
          status: Enum(['open', 'found', 'no_result'] as const),
          summary: Type.Optional(Text(2000)),
          confidence: Type.Optional(Confidence),
        },
        opts,
      ),
      { maxItems: 50 },
    ),
    /** Only the notes the operator chose to send (the transfer step's sendNotes). */
    notes: Type.Array(Type.Object({ at: When, text: Text(4000) }, opts), { maxItems: 50 }),
    sentAt: When,
  },
  opts,
);
export type TransferPacket = Static<typeof TransferPacketSchema>;

/** What the receiver answers: its own case, and whether this packet had come before. */
export const TransferReceiptSchema = Type.Object(
  { caseId: PeerCaseId, status: Enum(['created', 'duplicate'] as const) },
  opts,
);
export type TransferReceipt = Static<typeof TransferReceiptSchema>;

export const PEER_EVENT_KINDS = ['acknowledged', 'arrived', 'outcome'] as const;
export type PeerEventKind = (typeof PEER_EVENT_KINDS)[number];

/** An outcome the receiver can report (a transfer onward is the receiver's own business). */
export const PEER_OUTCOMES = OUTCOMES.filter((o) => o !== 'transferred');

/** The receiver's answer about a case it received: acknowledged, an officer arrived, the outcome. */
export const PeerEventSchema = Type.Object(
  {
    kind: Enum(PEER_EVENT_KINDS),
    /** The receiver's own case. */
    caseId: PeerCaseId,
    at: When,
    outcome: Type.Optional(
      Type.Object(
        {
          outcome: Enum(PEER_OUTCOMES),
          gender: Enum(GENDERS),
          ageBand: Enum(AGE_BANDS),
          counselling: Type.Boolean(),
          helplineReferral: Type.Boolean(),
        },
        opts,
      ),
    ),
  },
  opts,
);
export type PeerEvent = Static<typeof PeerEventSchema>;

/** The Update a peer's answer comes to the sender's case workflow as: which peer, and what it said. */
export interface PeerEventArgs {
  from: string;
  event: PeerEvent;
}
