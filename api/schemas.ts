// Response schemas: they document the API (OpenAPI) and shape what is serialised.
import { Type } from 'typebox';
import { CaseStateSchema as CaseStateContractSchema } from '../contract/case-schema.js';
import { CASE_ID_PATTERN } from '../contract/ids.js';
import { EarlierCaseSchema } from './intake/earlier-cases.js';

/** The case, field by field (contract/case-schema.ts), registered once and referenced by every case answer. */
export const CaseStateSchema = { ...CaseStateContractSchema, $id: 'CaseState' };

export const CaseResponseSchema = Type.Object({
  case: Type.Ref('CaseState'),
  source: Type.String({
    enum: ['workflow', 'database'],
    description: 'Live from the workflow, or the last saved state when it could not be asked.',
  }),
  earlierCases: Type.Optional(
    Type.Array(EarlierCaseSchema, {
      description: 'GET /cases/:id only: earlier cases of the same person (keyed-hash match), newest first.',
    }),
  ),
});

export const CaseListItemSchema = Type.Object({
  id: Type.String(),
  stage: Type.String(),
  severity: Type.String(),
  drill: Type.Boolean(),
  districtCode: Type.Union([Type.String(), Type.Null()]),
  policeStation: Type.Union([Type.String(), Type.Null()]),
  openedAt: Type.String(),
  escalationLevel: Type.Integer(),
  overdue: Type.Boolean(),
  nextDeadlineAt: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Union([Type.String(), Type.Null()]),
  alertCount: Type.Integer(),
  nextEscalation: Type.Union(
    [
      Type.Object({
        level: Type.Integer(),
        dueAt: Type.String(),
        notify: Type.Array(Type.String(), {
          description: 'Recipient roles (contract/policy.ts) the next escalation e-mails.',
        }),
        final: Type.Boolean({ description: 'The last of the bounded repeats: it hands the case to a supervisor.' }),
      }),
      Type.Null(),
    ],
    {
      description:
        'The next escalation if nobody acts (due at nextDeadlineAt); null when none is pending or not yet recorded.',
    },
  ),
});

export const TimelineEventSchema = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  kind: Type.String(),
  fromStage: Type.Union([Type.String(), Type.Null()]),
  toStage: Type.Union([Type.String(), Type.Null()]),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  summary: Type.String(),
});

export const CaseIdParams = Type.Object({
  id: Type.String({
    pattern: CASE_ID_PATTERN,
    description: 'Case number, e.g. JV-UP-2026-000123 (older cases: JV-2026-000123).',
  }),
});
