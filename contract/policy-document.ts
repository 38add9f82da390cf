// The escalation policy as people edit it (versioned in the database): ladders per policing
// type, per-district overrides and per-severity factors. Publishing resolves it into the
// flat EscalationPolicy snapshot a case copies (domain/policy-document.ts).
import { type Static, type TOptional, Type } from 'typebox';
import { ENQUIRY_KINDS } from './case.js';
import {
  LADDER_ROLES,
  OPTIONAL_WAIT_KINDS,
  type RecipientRole,
  type StageWaitKind,
  WAIT_KINDS,
  type WaitKind,
} from './policy.js';

const opts = { additionalProperties: false };
const MAX_MS = 30 * 24 * 3600_000;
const Ms = (description: string) => Type.Integer({ minimum: 0, maximum: MAX_MS, description });
// Typed as every recipient role (the snapshot's type), refused by the schema unless a ladder may name it.
const Role = Type.Unsafe<RecipientRole>(Type.Enum([...LADDER_ROLES]));
const Roles = Type.Array(Role, {
  minItems: 1,
  maxItems: LADDER_ROLES.length,
  uniqueItems: true,
  description: 'Who is told.',
});

export const RungSchema = Type.Object(
  { afterMs: Ms('Milliseconds after the wait began (before the severity factor).'), notify: Roles },
  opts,
);

export const LadderSchema = Type.Object(
  {
    rungs: Type.Array(RungSchema, { maxItems: 20 }),
    repeat: Type.Object(
      {
        everyMs: Type.Integer({ minimum: 1, maximum: MAX_MS }),
        times: Type.Integer({ minimum: 0, maximum: 100 }),
        notify: Roles,
      },
      opts,
    ),
  },
  opts,
);

// `enquiry` and `learning_review` are optional even in a full set: documents published before
// they existed stay valid, and a policy without one simply does not chase that wait.
const optional = (k: WaitKind) => (OPTIONAL_WAIT_KINDS as readonly WaitKind[]).includes(k);
const ladderSet = (required: boolean) =>
  Type.Object(
    Object.fromEntries(
      WAIT_KINDS.map((k) => [k, required && !optional(k) ? LadderSchema : Type.Optional(LadderSchema)]),
    ) as Record<StageWaitKind, typeof LadderSchema> & {
      enquiry: TOptional<typeof LadderSchema>;
      learning_review: TOptional<typeof LadderSchema>;
    },
    opts,
  );

/** Every wait must have a ladder; overrides name only the waits they change. */
export const FullLaddersSchema = ladderSet(true);
export const PartialLaddersSchema = Type.Partial(ladderSet(true), opts);

const Factor = Type.Number({ exclusiveMinimum: 0, maximum: 10 });

export const PolicyDocumentSchema = Type.Object(
  {
    requireBothAcks: Type.Boolean({
      description: 'Both the district control room and the police station must acknowledge.',
    }),
    severityFactor: Type.Object(
      { critical: Factor, high: Factor, normal: Factor },
      { ...opts, description: 'Multiplies every deadline.' },
    ),
    ladders: Type.Object(
      {
        district: FullLaddersSchema,
        commissionerate: PartialLaddersSchema,
      },
      { ...opts, description: 'Ladders of districts policed by an SP; what a commissionerate does differently.' },
    ),
    districtOverrides: Type.Record(Type.String({ pattern: '^[A-Z]{3}$' }), PartialLaddersSchema, {
      ...opts,
      description: 'Per district code: ladders that replace its policing type’s.',
    }),
    enquiryLadders: Type.Optional(
      Type.Partial(Type.Object(Object.fromEntries(ENQUIRY_KINDS.map((k) => [k, LadderSchema])), opts), {
        ...opts,
        description: 'Per line of enquiry: the ladder it runs once past its due time (else ladders.district.enquiry).',
      }),
    ),
    followUpOffsetsMs: Type.Array(Ms('After sign-off.'), { maxItems: 10 }),
    mailFailureAlertMs: Type.Integer({ minimum: 1000, maximum: 24 * 3600_000 }),
  },
  opts,
);

export type PolicyDocument = Static<typeof PolicyDocumentSchema>;
