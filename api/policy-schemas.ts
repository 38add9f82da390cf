// Request and response schemas of the policy routes (api/routes/policies.ts).
import { Type } from 'typebox';
import { SEVERITIES } from '../contract/case.js';
import { PolicyDocumentSchema } from '../contract/policy-document.js';

const opts = { additionalProperties: false };
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const Version = Type.String({
  pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
  description: 'Version name, e.g. up-2026-03.',
});
export const VersionParams = Type.Object({ version: Version });

export const PolicySummarySchema = Type.Object({
  version: Type.String(),
  status: Type.String({ enum: ['draft', 'published'] }),
  inForce: Type.Boolean(),
  note: Nullable(Type.String()),
  basedOn: Nullable(Type.String()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  publishedBy: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
});

export const PolicyDetailSchema = Type.Intersect([
  PolicySummarySchema,
  Type.Object({
    document: Type.Object({}, { additionalProperties: true }),
    compiled: Type.Object(
      {},
      { additionalProperties: true, description: 'The snapshot a case opened under this version copies.' },
    ),
  }),
]);

export const CurrentPolicySchema = Type.Object({
  version: Type.String(),
  source: Type.String({ enum: ['published', 'built-in'] }),
  document: Type.Object({}, { additionalProperties: true }),
  compiled: Type.Object({}, { additionalProperties: true }),
});

export const CreateBody = Type.Object(
  {
    version: Version,
    document: Type.Optional(PolicyDocumentSchema),
    basedOn: Type.Optional(Version),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { ...opts, description: 'A new draft: the document given, or a copy of `basedOn`, or of the policy in force.' },
);

export const UpdateBody = Type.Object(
  { document: PolicyDocumentSchema, note: Type.Optional(Type.String({ maxLength: 2000 })) },
  opts,
);

export const DryRunBody = Type.Object(
  {
    version: Type.Optional(Version),
    policy: Type.Optional(PolicyDocumentSchema),
    district: Type.String({ pattern: '^[A-Z]{3}$' }),
    policeStation: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    toState: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    severity: Type.String({ enum: [...SEVERITIES] }),
    openedAt: Type.String({ format: 'date-time', description: 'When each stage is taken to begin.' }),
    horizonHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 168 })),
  },
  { ...opts, description: 'Which policy: `policy` (a document), or `version`, or (neither) the policy in force.' },
);

const Person = Type.Object({ role: Type.String(), name: Type.String(), email: Type.String() });
const Problem = Type.Object({ field: Type.String(), problem: Type.String() });

export const DryRunResponse = Type.Object({
  policyVersion: Type.String(),
  district: Type.Object({ code: Type.String(), nameEn: Type.String(), nameHi: Type.String(), policing: Type.String() }),
  severity: Type.String(),
  openedAt: Type.String(),
  gaps: Type.Array(Problem, {
    description: 'Levels of this policy that reach nobody somewhere (publishing would refuse).',
  }),
  stages: Type.Array(
    Type.Object({
      stage: Type.String({ description: 'The stage the case waits in, from openedAt, while nobody moves.' }),
      escalations: Type.Array(
        Type.Object({
          wait: Type.String(),
          level: Type.Integer(),
          dueAt: Type.String(),
          afterMs: Type.Integer(),
          afterMinutes: Type.Number(),
          final: Type.Boolean(),
          roles: Type.Array(Type.String()),
          people: Type.Array(Person, { description: 'Who the e-mail reaches at dueAt (shifts applied).' }),
          nobody: Type.Array(Type.String(), {
            description: 'Roles with nobody on duty: their e-mail goes to the SMC supervisor instead.',
          }),
        }),
      ),
    }),
  ),
});
