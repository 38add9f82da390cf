// The case state (contract/case.ts, CaseState) as a TypeBox schema: the OpenAPI document
// describes the API's main resource field by field, and every case answer is serialised
// and validated against it. Closed at every level (no property it does not name), so a
// field added to CaseState without its schema fails test/unit/transitions-properties.test.ts,
// which checks every state the property test reaches. Pure: imports only contract/ and typebox.
import { type TSchema, Type } from 'typebox';
import {
  ACK_PARTIES,
  AGE_BANDS,
  DELAY_REASONS,
  ENQUIRY_KINDS,
  FOUND_BY,
  GENDERS,
  NOT_LOCATED_REASONS,
  OUTCOMES,
  ROLES,
  SEVERITIES,
  STAGES,
  TELECOM_OPERATORS,
} from './case.js';
import { RECIPIENT_ROLES, WAIT_KINDS } from './policy.js';

const closed = { additionalProperties: false };
const Obj = (props: Parameters<typeof Type.Object>[0], description?: string) =>
  Type.Object(props, { ...closed, ...(description ? { description } : {}) });
const Enum = (values: readonly string[], description?: string) =>
  Type.String({ enum: [...values], ...(description ? { description } : {}) });
const Opt = <T extends TSchema>(schema: T) => Type.Optional(schema);
const Time = (description?: string) => Type.String({ format: 'date-time', ...(description ? { description } : {}) });
const Confidence = Type.Integer({ minimum: 0, maximum: 3, description: '0 unknown … 3 confirmed.' });

const Actor = Obj(
  { id: Type.String(), role: Enum(ROLES), name: Opt(Type.String()) },
  'Who took a step: the signed-in person, or the system.',
);
const stampProps = { at: Time(), by: Actor, notes: Opt(Type.String()) };
const Stamp = Obj(stampProps);

const AlertDetails = Obj(
  {
    accountName: Opt(Type.String()),
    handle: Opt(Type.String()),
    profileUrl: Opt(Type.String()),
    phone: Opt(Type.String()),
    email: Opt(Type.String()),
    ipAddress: Opt(Type.String()),
    locationHint: Opt(Type.String()),
    description: Opt(Type.String()),
  },
  'What the platform told us about the person (personal data).',
);

const Alert = Obj({
  alertId: Type.String(),
  source: Type.String(),
  sourceRef: Type.String(),
  channel: Enum(['email', 'phone', 'api', 'transfer']),
  platform: Type.String(),
  contentKind: Type.String(),
  live: Type.Boolean(),
  detectedAt: Opt(Type.String()),
  receivedAt: Time(),
  details: AlertDetails,
  repeatOf: Opt(
    Type.String({ description: 'The first alert of this reference, when this one said something different.' }),
  ),
});

const EnquiryResult = Obj({
  at: Time(),
  by: Type.String(),
  summary: Type.String(),
  confidence: Confidence,
  districtCode: Opt(Type.String()),
  policeStation: Opt(Type.String()),
});
const EnquiryRequest = Obj({
  kind: Enum(['platform', 'telecom']),
  at: Time(),
  by: Type.String(),
  reference: Opt(Type.String({ description: "The platform portal's reference." })),
  telecomOperator: Opt(Enum(TELECOM_OPERATORS)),
  phone: Opt(Type.String({ description: 'The number a telecom request asks about.' })),
  window: Opt(Obj({ from: Time(), to: Time() })),
});
const Enquiry = Obj({
  id: Type.String(),
  kind: Enum(ENQUIRY_KINDS),
  owner: Type.String(),
  openedAt: Time(),
  dueAt: Time(),
  status: Enum(['open', 'found', 'no_result']),
  request: Opt(EnquiryRequest),
  result: Opt(EnquiryResult),
});
const Estimate = Obj({
  summary: Type.String(),
  confidence: Confidence,
  source: Type.String({ description: "An enquiry's id, 'hint' or 'operator'." }),
  districtCode: Opt(Type.String()),
  policeStation: Opt(Type.String()),
  at: Time(),
});

const Outcome = Obj({
  ...stampProps,
  outcome: Enum(OUTCOMES),
  gender: Enum(GENDERS),
  age: Opt(Type.Integer()),
  ageBand: Enum(AGE_BANDS),
  counselling: Type.Boolean(),
  helplineReferral: Type.Boolean(),
});

const Escalation = Obj({
  key: Type.String(),
  wait: Enum(WAIT_KINDS),
  level: Type.Integer(),
  dueAt: Time(),
  notify: Type.Array(Enum(RECIPIENT_ROLES)),
  final: Type.Boolean(),
});

export const CaseStateSchema = Obj(
  {
    caseId: Type.String(),
    stateCode: Opt(
      Type.String({
        description: "The state whose case it is (its profile); absent on cases opened before profiles: UP's.",
      }),
    ),
    stage: Enum(STAGES),
    severity: Enum(SEVERITIES),
    drill: Type.Boolean(),
    legalGround: Type.String(),
    openedAt: Time(),
    policyVersion: Type.String(),
    alerts: Type.Array(Alert),
    district: Opt(Obj({ code: Type.String(), policeStation: Opt(Type.String()) })),
    locating: Obj({ enquiries: Type.Array(Enquiry), best: Opt(Estimate), hints: Type.Array(Estimate) }),
    notLocated: Opt(Obj({ ...stampProps, reason: Enum(NOT_LOCATED_REASONS), detail: Opt(Type.String()) })),
    relocatedAt: Opt(Time('Set when locating resumed after a not-located finding.')),
    chasesEnquiries: Opt(Type.Boolean({ description: 'Open enquiries past their due time run their own ladder.' })),
    asksLearningReview: Opt(
      Type.Boolean({ description: 'A case that went wrong needs a learning review before sign-off.' }),
    ),
    learningReview: Opt(
      Obj({
        ...stampProps,
        delayedBy: Type.Array(Enum(DELAY_REASONS)),
        savedMinutes: Type.String(),
        foundBy: Enum(FOUND_BY),
      }),
    ),
    transfer: Opt(
      Obj({
        ...stampProps,
        toState: Type.String(),
        nodalOfficer: Type.String(),
        acknowledged: Opt(Stamp),
        peer: Opt(
          Obj(
            {
              caseId: Opt(Type.String()),
              deliveredAt: Opt(Time()),
              arrivedAt: Opt(Time()),
              outcomeAt: Opt(Time()),
            },
            'A transfer to a peer Jeevan: its case, and what it has told us so far.',
          ),
        ),
      }),
    ),
    receivedFrom: Opt(
      Obj(
        {
          state: Type.String(),
          caseId: Type.String(),
          enquiries: Type.Array(
            Obj({
              kind: Enum(ENQUIRY_KINDS),
              status: Enum(['open', 'found', 'no_result']),
              summary: Opt(Type.String()),
              confidence: Opt(Confidence),
            }),
          ),
          notes: Type.Array(Obj({ at: Time(), text: Type.String() })),
        },
        "A case received from another state's Jeevan: the sender, its case, what it had done.",
      ),
    ),
    requiredAcks: Type.Array(Enum(ACK_PARTIES)),
    acks: Obj(Object.fromEntries(ACK_PARTIES.map((p) => [p, Opt(Stamp)]))),
    dispatched: Opt(Obj({ ...stampProps, unit: Type.String() })),
    outcome: Opt(Outcome),
    signOff: Opt(Stamp),
    followUps: Type.Array(
      Obj({ n: Type.Integer(), dueAt: Time(), done: Opt(Obj({ ...stampProps, personWell: Type.Boolean() })) }),
    ),
    milestones: Type.Record(Type.String(), Time(), {
      description: 'When each milestone was first reached (received, located, …, closed).',
    }),
    escalation: Obj({
      sent: Type.Record(Type.String(), Type.Integer(), { description: 'Levels fired per wait key.' }),
      history: Type.Array(Obj({ ...Escalation.properties, firedAt: Time() })),
      overrides: Type.Array(Obj({ key: Type.String(), dueAt: Time(), by: Actor, reason: Type.String() })),
      supervisorRequired: Opt(
        Obj({ key: Type.String(), since: Time() }, 'The bounded repeats ran out: a supervisor must move the deadline.'),
      ),
      next: Opt(Escalation),
      level: Type.Integer({ description: 'Highest level fired on the waits still open.' }),
      overdue: Type.Boolean(),
    }),
    mailProblems: Type.Array(
      Obj({
        step: Type.String(),
        level: Type.Integer(),
        since: Time(),
        lastError: Type.String(),
        resolved: Opt(Time()),
      }),
    ),
    notes: Type.Array(Stamp),
    timeline: Type.Array(
      Obj({
        seq: Type.Integer(),
        at: Time(),
        kind: Type.String(),
        by: Opt(Actor),
        from: Opt(Enum(STAGES)),
        to: Opt(Enum(STAGES)),
        summary: Type.String(),
        details: Opt(Type.Record(Type.String(), Type.Unknown())),
      }),
    ),
    version: Type.Integer({ description: 'Bumped on every change.' }),
  },
  'The whole state of a case, as its workflow keeps it.',
);
