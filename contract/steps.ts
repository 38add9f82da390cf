// Every human step of a case, in one table: its wire name, its route, its body (a TypeBox
// schema), who may take it, in which stages, and the Temporal message that carries it.
// Everything else is derived from this table: the API's routes (api/routes/steps.ts), the
// access rules (contract/access.ts), the workflow's Update and signal handlers
// (workflows/case-workflow.ts, through contract/messages.ts) and the console's step forms
// (console/src/lib/step-form-plan.ts). What a step does to a case is its rule in domain/steps/.
// Bodies never carry who or when: the API adds the authenticated actor, the workflow the time.
// A wire name never changes once used (running cases and their histories depend on it).
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { type Static, type TObject, Type } from 'typebox';
import {
  ACK_PARTIES,
  type Actor,
  AGE_BANDS,
  type CaseState,
  DELAY_REASONS,
  ENQUIRY_KINDS,
  FOUND_BY,
  GENDERS,
  NOT_LOCATED_REASONS,
  OUTCOMES,
  SEVERITIES,
  type Stage,
  TELECOM_OPERATORS,
} from './case.js';
import { FIELD, type HumanRole, OPS, SUPERVISOR } from './roles.js';

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

/** The stages in which a step may be taken: a list, 'open' (any stage but closed) or 'any'. */
export type StepStages = readonly Stage[] | 'open' | 'any';

/** What a step's table entry says. */
export interface StepSpec {
  /** Route under /cases/:id (POST). */
  path: `/${string}`;
  /** One line for the OpenAPI document. */
  summary: string;
  /** 'update': the caller waits for the new state (200); 'signal': a fire-and-forget fact (202). */
  kind: 'update' | 'signal';
  body: TObject;
  /** Who may take it (the API's access rule, the console's buttons, the workflow's second check). */
  roles: readonly HumanRole[];
  /** The stages that allow it (the workflow's validator decides; the console offers only these). */
  stages: StepStages;
  /** The e-mail the workflow sends once the step is recorded. */
  mail?: 'district_notification' | 'transfer' | 'telecom_request';
}

/** What a step carries to the workflow: who took it, and its body. */
export type StepArgs<S extends StepName> = { by: Actor; body: StepBody<S> };

type ArgsOf<B extends TObject> = { by: Actor; body: Static<B> };
/** A table entry: its spec, its wire name, and the Temporal message of that name. */
export type StepEntry<N extends string, T extends StepSpec> = T & {
  name: N;
  update: T['kind'] extends 'update' ? UpdateDefinition<CaseState, [ArgsOf<T['body']>], N> : undefined;
  signal: T['kind'] extends 'signal' ? SignalDefinition<[ArgsOf<T['body']>], N> : undefined;
};

/**
 * The table: each key is the step's wire name. The Update and signal definitions are what
 * `defineUpdate(name)` and `defineSignal(name)` of @temporalio/workflow return, a plain
 * `{ type, name }`, built here so that the console's bundle needs no Temporal package
 * (test/unit/step-table.test.ts checks they equal the SDK's).
 */
function table<const T extends Record<string, StepSpec>>(specs: T): { [N in keyof T & string]: StepEntry<N, T[N]> } {
  return Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [
      name,
      {
        ...spec,
        name,
        update: spec.kind === 'update' ? { type: 'update', name } : undefined,
        signal: spec.kind === 'signal' ? { type: 'signal', name } : undefined,
      },
    ]),
  ) as never;
}

export const STEPS = table({
  startLocating: {
    path: '/locating/start',
    summary: 'An operator takes the case and starts (or resumes) locating',
    kind: 'update',
    body: Type.Object({ notes: Notes }, opts),
    roles: OPS,
    stages: ['received', 'not_located'],
  },
  openEnquiry: {
    path: '/enquiries',
    summary: 'Open a line of enquiry (telecom lookup, Meta data, emergency request, family, post clues)',
    kind: 'update',
    body: Type.Object(
      {
        kind: Enum(ENQUIRY_KINDS, 'Line of enquiry.'),
        owner: Text(200, 'Who is working on it.'),
        dueInMinutes: Type.Integer({
          minimum: 1,
          maximum: 1440,
          description: 'Due in minutes, unless dueAt is given.',
        }),
        dueAt: Type.Optional(
          Type.String({
            format: 'date-time',
            description: 'The time promised (a telecom nodal officer’s “by 14:30”); when given, it is the due time.',
          }),
        ),
        notes: Notes,
      },
      opts,
    ),
    roles: OPS,
    stages: ['locating'],
  },
  reportEnquiry: {
    path: '/enquiries/result',
    summary: "Report an enquiry's result",
    kind: 'update',
    body: Type.Object(
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
    roles: OPS,
    stages: ['locating', 'located'],
  },
  // Before locationHint: signal handlers are registered in the table's order, and signals that
  // arrived before their handler are delivered in that order (the histories depend on it).
  addNote: {
    path: '/notes',
    summary: 'Add a note to the timeline',
    kind: 'signal',
    body: Type.Object({ text: Text(4000) }, opts),
    roles: FIELD,
    stages: 'any',
  },
  locationHint: {
    path: '/location-hints',
    summary: 'Add a location hint',
    kind: 'signal',
    body: Type.Object(
      {
        summary: Text(2000),
        confidence: Confidence,
        districtCode: Type.Optional(DistrictCode),
        policeStation: Type.Optional(Text(200)),
      },
      opts,
    ),
    roles: OPS,
    stages: 'open',
  },
  markLocated: {
    path: '/located',
    summary: 'Confirm the district and police station',
    kind: 'update',
    body: Type.Object(
      {
        districtCode: DistrictCode,
        policeStation: Text(200, 'Police station (thana) whose area it is.'),
        summary: Type.Optional(Text(2000, 'The location as confirmed.')),
        confidence: Type.Optional(Confidence),
        notes: Notes,
      },
      opts,
    ),
    roles: OPS,
    stages: ['locating'],
  },
  markNotLocated: {
    path: '/not-located',
    summary: 'Record that the person could not be located, and why',
    kind: 'update',
    body: Type.Object(
      {
        reason: Enum(NOT_LOCATED_REASONS),
        detail: Type.Optional(Text(2000, 'Required when the reason is "other".')),
        notes: Notes,
      },
      opts,
    ),
    roles: OPS,
    stages: ['locating'],
  },
  transfer: {
    path: '/transfer',
    summary: "Transfer to another state's nodal officer",
    kind: 'update',
    body: Type.Object(
      {
        toState: Type.String({ pattern: '^[A-Z]{2}$', description: 'Two-letter code of the state the person is in.' }),
        nodalOfficer: Text(200, "That state's nodal officer (name or desk)."),
        notes: Notes,
        sendNotes: Type.Optional(
          Type.Boolean({
            description:
              "To a state on Jeevan: send this step's notes and the case's notes with the transfer packet (default: none go).",
          }),
        ),
      },
      opts,
    ),
    roles: OPS,
    stages: ['locating', 'located', 'not_located'],
    mail: 'transfer',
  },
  acknowledgeTransfer: {
    path: '/transfer/acknowledge',
    summary: 'The other state acknowledged the transfer',
    kind: 'update',
    body: Type.Object({ notes: Notes }, opts),
    roles: OPS,
    stages: ['transferred'],
  },
  notifyDistrict: {
    path: '/notify',
    summary: 'Notify the district control room and police station (sends the e-mail)',
    kind: 'update',
    body: Type.Object({ notes: Notes }, opts),
    roles: OPS,
    stages: ['located'],
    mail: 'district_notification',
  },
  acknowledge: {
    path: '/acknowledge',
    summary: 'The control room or police station acknowledges',
    kind: 'update',
    body: Type.Object(
      {
        party: Enum(ACK_PARTIES, 'Who acknowledges: the district control room or the police station.'),
        notes: Notes,
      },
      opts,
    ),
    roles: FIELD,
    stages: ['district_notified', 'acknowledged'],
  },
  dispatch: {
    path: '/dispatch',
    summary: 'A named officer or vehicle is on the way',
    kind: 'update',
    body: Type.Object({ unit: Text(200, 'Named officer or vehicle on the way.'), notes: Notes }, opts),
    roles: FIELD,
    stages: ['district_notified', 'acknowledged'],
  },
  arrive: {
    path: '/arrive',
    summary: 'An officer arrived at the place',
    kind: 'update',
    body: Type.Object({ notes: Notes }, opts),
    roles: FIELD,
    stages: ['district_notified', 'acknowledged'],
  },
  contactMade: {
    path: '/contact',
    summary: 'An officer is with the person',
    kind: 'update',
    body: Type.Object({ notes: Notes }, opts),
    roles: FIELD,
    stages: ['arrived'],
  },
  recordOutcome: {
    path: '/outcome',
    summary: 'Record the outcome, demographics and referral',
    kind: 'update',
    body: Type.Object(
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
    roles: FIELD,
    stages: ['arrived', 'contact_made'],
  },
  signOff: {
    path: '/sign-off',
    summary: "A supervisor's sign-off (closes, or starts the welfare checks)",
    kind: 'update',
    body: Type.Object({ notes: Notes }, opts),
    roles: SUPERVISOR,
    stages: ['outcome_recorded', 'not_located'],
  },
  completeFollowUp: {
    path: '/follow-ups',
    summary: 'A welfare check was done',
    kind: 'update',
    body: Type.Object({ n: Type.Integer({ minimum: 1, maximum: 20 }), personWell: Type.Boolean(), notes: Notes }, opts),
    roles: FIELD,
    stages: ['follow_up'],
  },
  changeDeadline: {
    path: '/deadline',
    summary: 'A supervisor extends or shortens the running deadline, with a reason',
    kind: 'update',
    body: Type.Object(
      {
        key: Type.Optional(Text(200, 'Which wait (default: the one whose escalation is next).')),
        dueAt: Type.String({ format: 'date-time' }),
        reason: Text(1000),
      },
      opts,
    ),
    roles: SUPERVISOR,
    stages: 'open',
  },
  raiseSeverity: {
    path: '/severity',
    summary: 'A supervisor raises the severity (shortens every deadline)',
    kind: 'update',
    body: Type.Object({ severity: Enum(SEVERITIES), reason: Text(1000) }, opts),
    roles: SUPERVISOR,
    stages: 'open',
  },
  reassignStation: {
    path: '/police-station',
    summary: 'Give the case to another police station of the same district, with a reason',
    kind: 'update',
    body: Type.Object(
      {
        policeStation: Text(200, 'The police station (thana) now responsible, in the same district.'),
        reason: Text(1000, 'Why the case moves (the area is another thana’s, the first station cannot act).'),
      },
      opts,
    ),
    roles: FIELD,
    // Once the district is known, until the person is reached (an outcome ends the station's part).
    stages: ['located', 'district_notified', 'acknowledged', 'arrived', 'contact_made'],
  },
  // Requests drafted from the case (issue 17 item 2; docs/domain.md "Requests").
  filePlatformRequest: {
    path: '/requests/platform',
    summary: "Record that the emergency disclosure request was filed on the platform's portal (opens its enquiry)",
    kind: 'update',
    body: Type.Object(
      {
        portalReference: Type.Optional(Text(200, "The portal's reference for the request, if it gave one.")),
        dueInMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'When the reply is due.' }),
        notes: Notes,
      },
      opts,
    ),
    roles: OPS,
    stages: ['locating'],
  },
  requestTelecomLocation: {
    path: '/requests/telecom',
    summary: "E-mail a location request to the telecom operator's nodal officer (opens its enquiry)",
    kind: 'update',
    body: Type.Object(
      {
        telecomOperator: Enum(
          TELECOM_OPERATORS,
          'The operator the number is with now (numbers move between operators).',
        ),
        phone: Type.String({
          pattern: '^\\+?[0-9]{10,13}$',
          description: 'The mobile number, digits only (+ and country code allowed).',
        }),
        windowHours: Type.Integer({ minimum: 1, maximum: 168, description: 'Hours back from now the request covers.' }),
        dueInMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'When the reply is due.' }),
      },
      opts,
    ),
    roles: OPS,
    stages: ['locating'],
    mail: 'telecom_request',
  },
  submitReview: {
    path: '/learning-review',
    summary: 'A blameless learning review of a case that went wrong, before its sign-off',
    kind: 'update',
    body: Type.Object(
      {
        delayedBy: Type.Array(Enum(DELAY_REASONS), {
          minItems: 1,
          maxItems: 5,
          uniqueItems: true,
          description: 'What delayed us (one to five reasons, each once).',
        }),
        savedMinutes: Text(2000, 'What would have saved minutes.'),
        foundBy: Enum(FOUND_BY, "Which line of enquiry found the person ('not_found': none did)."),
        notes: Notes,
      },
      opts,
    ),
    // Written by the desk that worked the case or its supervisor, who signs off after it.
    roles: OPS,
    stages: ['outcome_recorded', 'not_located'],
  },
});

export type Steps = typeof STEPS;
export type StepName = keyof Steps;
export type StepBody<S extends StepName> = Static<Steps[S]['body']>;
/** The steps that come as Updates (the caller gets the new state, or the validator's reason). */
export type UpdateStep = { [S in StepName]: Steps[S]['kind'] extends 'update' ? S : never }[StepName];
/** The steps that come as signals (facts nobody waits on). */
export type SignalStep = { [S in StepName]: Steps[S]['kind'] extends 'signal' ? S : never }[StepName];

/** Every entry, in the table's order. */
export const STEP_LIST = Object.values(STEPS) as Steps[StepName][];
export const STEP_NAMES = Object.keys(STEPS) as StepName[];
export const UPDATE_STEPS = STEP_NAMES.filter((s): s is UpdateStep => STEPS[s].kind === 'update');
export const SIGNAL_STEPS = STEP_NAMES.filter((s): s is SignalStep => STEPS[s].kind === 'signal');

/** Each step's body schema (a view of the table: the API, the console and the tests read it). */
export const StepSchemas = Object.fromEntries(STEP_LIST.map((s) => [s.name, s.body])) as {
  [S in StepName]: Steps[S]['body'];
};

/** Whether the stage allows the step at all (the other rules of the step's validator aside). */
export function stageAllows(step: StepName, stage: Stage): boolean {
  const allowed: StepStages = STEPS[step].stages;
  return allowed === 'any' || (stage !== 'closed' && (allowed === 'open' || allowed.includes(stage)));
}

/** Whether only a supervisor (or the workflow's own automation) may take the step. */
export function supervisorOnly(step: StepName): boolean {
  const roles = STEPS[step].roles;
  return roles.length === 1 && roles[0] === 'smc_supervisor';
}
