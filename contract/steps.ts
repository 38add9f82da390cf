// Every human step of a case, as a TypeBox schema. The API validates request bodies with
// these schemas (and publishes them in OpenAPI); the workflow imports only the types.
// Bodies never carry who or when: the API adds the authenticated actor, the workflow the time.
import { type Static, Type } from 'typebox';
import { ACK_PARTIES, AGE_BANDS, ENQUIRY_KINDS, GENDERS, NOT_LOCATED_REASONS, OUTCOMES, SEVERITIES } from './case.js';

const Notes = Type.Optional(Type.String({ maxLength: 4000, description: 'Free text kept on the case timeline.' }));
const Text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, description });
/** A closed list, typed as the union of its values. */
const Enum = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>(Type.Enum([...values], { description }));
const DistrictCode = Type.String({ pattern: '^[A-Z]{3}$', description: "Jeevan's three-letter district code." });
const Confidence = Type.Integer({
  minimum: 0,
  maximum: 3,
  description: '0 unknown, 1 district, 2 locality, 3 confirmed address.',
});

const opts = { additionalProperties: false };

export const StepSchemas = {
  startLocating: Type.Object({ notes: Notes }, opts),
  openEnquiry: Type.Object(
    {
      kind: Enum(ENQUIRY_KINDS, 'Line of enquiry.'),
      owner: Text(200, 'Who is working on it.'),
      dueInMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
      notes: Notes,
    },
    opts,
  ),
  reportEnquiry: Type.Object(
    {
      enquiryId: Text(40),
      found: Type.Boolean(),
      summary: Text(2000, 'What the enquiry found (an address, an area, nothing).'),
      confidence: Confidence,
      districtCode: Type.Optional(DistrictCode),
      policeStation: Type.Optional(Text(200)),
    },
    opts,
  ),
  locationHint: Type.Object(
    {
      summary: Text(2000),
      confidence: Confidence,
      districtCode: Type.Optional(DistrictCode),
      policeStation: Type.Optional(Text(200)),
    },
    opts,
  ),
  markLocated: Type.Object(
    {
      districtCode: DistrictCode,
      policeStation: Text(200, 'Police station (thana) whose area it is.'),
      summary: Type.Optional(Text(2000, 'The location as confirmed.')),
      confidence: Type.Optional(Confidence),
      notes: Notes,
    },
    opts,
  ),
  markNotLocated: Type.Object(
    {
      reason: Enum(NOT_LOCATED_REASONS),
      detail: Type.Optional(Text(2000, 'Required when the reason is "other".')),
      notes: Notes,
    },
    opts,
  ),
  transfer: Type.Object(
    {
      toState: Type.String({ pattern: '^[A-Z]{2}$', description: 'Two-letter code of the state the person is in.' }),
      nodalOfficer: Text(200, "That state's nodal officer (name or desk)."),
      notes: Notes,
    },
    opts,
  ),
  acknowledgeTransfer: Type.Object({ notes: Notes }, opts),
  notifyDistrict: Type.Object({ notes: Notes }, opts),
  acknowledge: Type.Object(
    { party: Enum(ACK_PARTIES, 'Who acknowledges: the district control room or the police station.'), notes: Notes },
    opts,
  ),
  dispatch: Type.Object({ unit: Text(200, 'Named officer or vehicle on the way.'), notes: Notes }, opts),
  arrive: Type.Object({ notes: Notes }, opts),
  contactMade: Type.Object({ notes: Notes }, opts),
  recordOutcome: Type.Object(
    {
      outcome: Enum(OUTCOMES),
      gender: Enum(GENDERS),
      age: Type.Optional(Type.Integer({ minimum: 5, maximum: 120 })),
      ageBand: Type.Optional(Enum(AGE_BANDS)),
      counselling: Type.Boolean({ description: 'Counselling arranged.' }),
      helplineReferral: Type.Boolean({ description: 'Referred to Tele-MANAS 14416.' }),
      notes: Notes,
    },
    opts,
  ),
  signOff: Type.Object({ notes: Notes }, opts),
  completeFollowUp: Type.Object(
    { n: Type.Integer({ minimum: 1, maximum: 20 }), personWell: Type.Boolean(), notes: Notes },
    opts,
  ),
  changeDeadline: Type.Object(
    {
      key: Type.Optional(Text(200, 'Which wait (default: the one whose escalation is next).')),
      dueAt: Type.String({ format: 'date-time' }),
      reason: Text(1000),
    },
    opts,
  ),
  addNote: Type.Object({ text: Text(4000) }, opts),
  raiseSeverity: Type.Object({ severity: Enum(SEVERITIES), reason: Text(1000) }, opts),
} as const;

export type StepName = keyof typeof StepSchemas;
export type StepBody<S extends StepName> = Static<(typeof StepSchemas)[S]>;
