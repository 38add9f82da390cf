// Generators for the property test of the case rules: random steps with plausible bodies,
// random actors, time passing and further alerts, plus `path` steps that walk a real case
// on so that random runs reach every stage. Placeholders ($…) are resolved against the state.
import fc from 'fast-check';
import {
  ACK_PARTIES,
  AGE_BANDS,
  type CaseState,
  DELAY_REASONS,
  ENQUIRY_KINDS,
  FOUND_BY,
  GENDERS,
  NOT_LOCATED_REASONS,
  OUTCOMES,
  ROLES,
  type Role,
  SEVERITIES,
  type Stage,
  TELECOM_OPERATORS,
} from '../../contract/case.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import { type StepName, StepSchemas } from '../../contract/steps.js';
import { DEFAULT_POLICY } from '../../domain/default-policy.js';
import { activeWaits } from '../../domain/escalation.js';
import type { StepCommand } from '../../domain/transitions.js';
import { DAY, HOUR, iso, MIN } from './fixtures.js';

export const STEP_NAMES = Object.keys(StepSchemas) as StepName[];
/** Steps that never move the stage; the `progress` mode tries them last so that runs reach the later stages. */
export const SIDE_STEPS: ReadonlySet<StepName> = new Set([
  'openEnquiry',
  'reportEnquiry',
  'locationHint',
  'dispatch',
  'changeDeadline',
  'addNote',
  'raiseSeverity',
  'reassignStation',
  'submitReview',
]);

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const text = fc.constantFrom('x', 'House 12, Akbarpur', 'तहसील के पास', 'CANARY');
const districtCode = fc.constantFrom('AMB', 'LKO', 'GZB', 'ZZZ'); // ZZZ: well-formed but unknown
const confidence = fc.integer({ min: 0, max: 3 });

/**
 * A plausible body for every step; `$…` placeholders and changeDeadline's time are resolved against the state when it
 * runs.
 */
const bodies = fc.record({
  startLocating: fc.record({ notes: opt(text) }),
  openEnquiry: fc.record({
    kind: fc.constantFrom(...ENQUIRY_KINDS),
    owner: text,
    dueInMinutes: fc.integer({ min: 1, max: 1440 }),
    notes: opt(text),
  }),
  reportEnquiry: fc.record({
    enquiryId: fc.constantFrom('$open', 'E1', 'E2', 'E99'), // $open: the first enquiry still open
    found: fc.boolean(),
    summary: text,
    confidence,
    districtCode: opt(districtCode),
    policeStation: opt(text),
  }),
  locationHint: fc.record({ summary: text, confidence, districtCode: opt(districtCode), policeStation: opt(text) }),
  markLocated: fc.record({
    districtCode,
    policeStation: text,
    summary: opt(text),
    confidence: opt(confidence),
    notes: opt(text),
  }),
  markNotLocated: fc.record({ reason: fc.constantFrom(...NOT_LOCATED_REASONS), detail: opt(text), notes: opt(text) }),
  transfer: fc.record({
    toState: fc.constantFrom('BR', 'MP', 'DL'),
    nodalOfficer: text,
    notes: opt(text),
    sendNotes: opt(fc.boolean()),
  }),
  acknowledgeTransfer: fc.record({ notes: opt(text) }),
  notifyDistrict: fc.record({ notes: opt(text) }),
  acknowledge: fc.record({ party: fc.constantFrom(...ACK_PARTIES), notes: opt(text) }),
  dispatch: fc.record({ unit: text, notes: opt(text) }),
  arrive: fc.record({ notes: opt(text) }),
  contactMade: fc.record({ notes: opt(text) }),
  recordOutcome: fc.record({
    outcome: fc.constantFrom(...OUTCOMES),
    gender: fc.constantFrom(...GENDERS),
    age: fc.option(fc.integer({ min: 5, max: 120 }), { nil: undefined, freq: 1 }),
    ageBand: fc.option(fc.constantFrom(...AGE_BANDS), { nil: undefined, freq: 1 }),
    counselling: fc.boolean(),
    helplineReferral: fc.boolean(),
    notes: opt(text),
  }),
  signOff: fc.record({ notes: opt(text) }),
  completeFollowUp: fc.record({
    n: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 })),
    personWell: fc.boolean(),
    notes: opt(text),
  }), // 0: the check due next
  changeDeadline: fc.record({
    key: opt(fc.constantFrom('$0', '$1', 'locate@2020-01-01T00:00:00.000Z')), // $n: the n-th active wait
    dueAt: fc.integer({ min: -10 * MIN, max: 8 * DAY }), // relative to now
    reason: text,
  }),
  addNote: fc.record({ text }),
  raiseSeverity: fc.record({ severity: fc.constantFrom(...SEVERITIES), reason: text }),
  reassignStation: fc.record({ policeStation: fc.constantFrom('Akbarpur', 'Hazratganj', 'Kotwali'), reason: text }),
  filePlatformRequest: fc.record({
    portalReference: opt(fc.constantFrom('LER-1234567', 'x')),
    dueInMinutes: fc.integer({ min: 1, max: 1440 }),
    notes: opt(text),
  }),
  requestTelecomLocation: fc.record({
    telecomOperator: fc.constantFrom(...TELECOM_OPERATORS),
    phone: fc.constantFrom('9876543210', '+919876543210'),
    windowHours: fc.integer({ min: 1, max: 168 }),
    dueInMinutes: fc.integer({ min: 1, max: 1440 }),
  }),
  submitReview: fc.record({
    // Duplicates and the empty list are refused by the API's schema; the rule refuses them too.
    delayedBy: fc.array(fc.constantFrom(...DELAY_REASONS), { minLength: 0, maxLength: 6 }),
    savedMinutes: text,
    foundBy: fc.constantFrom(...FOUND_BY),
    notes: opt(text),
  }),
});
export type Bodies = typeof bodies extends fc.Arbitrary<infer B> ? B : never;

const role = fc.oneof(
  { arbitrary: fc.constantFrom<Role>('smc_supervisor'), weight: 3 },
  { arbitrary: fc.constantFrom(...ROLES), weight: 4 },
);

export type Op =
  /**
   * Try the steps in `order`: `first` takes only the first; `any` the first the rules accept; `progress` prefers steps
   * that move the stage.
   */
  | { kind: 'steps'; order: StepName[]; bodies: Bodies; role: Role; mode: 'first' | 'any' | 'progress' }
  /** One of the steps a real case takes next from its stage (picked by `branch`), so that runs reach every stage. */
  | { kind: 'path'; branch: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'alert'; alertId: string; live: boolean };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('steps' as const),
      order: fc.shuffledSubarray(STEP_NAMES, { minLength: STEP_NAMES.length }),
      bodies,
      role,
      mode: fc.constantFrom('first' as const, 'any' as const, 'progress' as const),
    }),
  },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('path' as const), branch: fc.nat(99) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('tick' as const),
      ms: fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 20 * MIN }), weight: 4 },
        fc.integer({ min: 0, max: 4 * HOUR }),
        fc.integer({ min: 0, max: 4 * DAY }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('alert' as const),
      alertId: fc.constantFrom('A1', 'A2', 'A3'),
      live: fc.boolean(),
    }),
  },
);

const policies: EscalationPolicy[] = [
  DEFAULT_POLICY,
  { ...DEFAULT_POLICY, version: 'one-ack', requireBothAcks: false },
  { ...DEFAULT_POLICY, version: 'no-follow-up', followUpOffsetsMs: [] },
];

export const scenario = fc.record({
  policy: fc.constantFrom(...policies),
  severity: fc.constantFrom(...SEVERITIES),
  districtHint: opt(districtCode),
  /** Whether the case started with the learning review (the workflow sets it under its patch). */
  asksLearningReview: fc.boolean(),
  ops: fc.array(op, { minLength: 5, maxLength: 80 }),
});

export function resolveBody(state: CaseState, step: StepName, bodies: Bodies, now: number): unknown {
  if (step === 'reportEnquiry' && bodies.reportEnquiry.enquiryId === '$open') {
    return {
      ...bodies.reportEnquiry,
      enquiryId: state.locating.enquiries.find((e) => e.status === 'open')?.id ?? 'E1',
    };
  }
  if (step === 'completeFollowUp' && bodies.completeFollowUp.n === 0) {
    return { ...bodies.completeFollowUp, n: state.followUps.find((f) => !f.done)?.n ?? 1 };
  }
  if (step !== 'changeDeadline') return bodies[step];
  const { key, dueAt, reason } = bodies.changeDeadline;
  const waits = activeWaits(state);
  const resolved = key === '$0' ? (waits[0]?.key ?? 'none@x') : key === '$1' ? (waits[1]?.key ?? 'none@x') : key;
  return { key: resolved, dueAt: iso(now + dueAt), reason };
}

const op_ = { id: 'op-1', role: 'smc_operator' as const };
const sup = { id: 'sup-1', role: 'smc_supervisor' as const };
const dist = { id: 'do-1', role: 'district_officer' as const };
const pick = <T>(options: T[], branch: number) => options[branch % options.length];

/** A step a real case could take next from its stage; `branch` picks among the ways on. */
export function pathStep(state: CaseState, branch: number, now: number): StepCommand {
  if (state.escalation.supervisorRequired && branch % 3 === 0) {
    return { step: 'changeDeadline', body: { dueAt: iso(now + 10 * MIN), reason: 'taking over' }, by: sup };
  }
  const next = state.followUps.find((f) => !f.done)?.n ?? 1;
  const open = state.locating.enquiries.find((e) => e.status === 'open')?.id;
  const options: Record<Stage, StepCommand[]> = {
    received: [{ step: 'startLocating', body: {}, by: op_ }],
    locating: [
      { step: 'markLocated', body: { districtCode: 'AMB', policeStation: 'Akbarpur' }, by: op_ },
      {
        step: 'markLocated',
        body: { districtCode: 'LKO', policeStation: 'Hazratganj', summary: 'House 3', confidence: 2 },
        by: op_,
      },
      {
        step: 'markNotLocated',
        body: { reason: pick([...NOT_LOCATED_REASONS], branch >> 2), detail: 'no trace' },
        by: op_,
      },
      { step: 'transfer', body: { toState: 'BR', nodalOfficer: 'Bihar SMC desk' }, by: op_ },
      open
        ? {
            step: 'reportEnquiry',
            body: { enquiryId: open, found: true, summary: 'near the market', confidence: 2, districtCode: 'AMB' },
            by: op_,
          }
        : pick<StepCommand>(
            [
              { step: 'openEnquiry', body: { kind: 'telecom_lookup', owner: 'STF desk', dueInMinutes: 30 }, by: op_ },
              { step: 'filePlatformRequest', body: { portalReference: 'LER-1', dueInMinutes: 60 }, by: op_ },
              {
                step: 'requestTelecomLocation',
                body: { telecomOperator: 'jio', phone: '9876543210', windowHours: 6, dueInMinutes: 30 },
                by: op_,
              },
            ],
            branch >> 3,
          ),
    ],
    located: [
      { step: 'notifyDistrict', body: {}, by: op_ },
      { step: 'notifyDistrict', body: {}, by: op_ },
      { step: 'transfer', body: { toState: 'MP', nodalOfficer: 'MP nodal officer' }, by: op_ },
    ],
    not_located: [
      { step: 'startLocating', body: {}, by: op_ },
      { step: 'transfer', body: { toState: 'DL', nodalOfficer: 'Delhi desk' }, by: op_ },
      { step: 'signOff', body: {}, by: sup },
      {
        step: 'submitReview',
        body: {
          delayedBy: ['phone_switched_off', 'platform_reply_slow'],
          savedMinutes: 'an earlier request to Meta',
          foundBy: 'not_found',
        },
        by: op_,
      },
    ],
    transferred: [{ step: 'acknowledgeTransfer', body: {}, by: op_ }],
    district_notified: [
      { step: 'acknowledge', body: { party: 'control_room' }, by: dist },
      { step: 'acknowledge', body: { party: 'police_station' }, by: dist },
      { step: 'dispatch', body: { unit: 'PRV 112' }, by: dist },
      { step: 'arrive', body: {}, by: dist },
    ],
    acknowledged: [{ step: 'arrive', body: {}, by: dist }],
    arrived: [
      { step: 'contactMade', body: {}, by: dist },
      { step: 'contactMade', body: {}, by: dist },
      {
        step: 'recordOutcome',
        body: {
          outcome: pick(['not_found_at_place', 'deceased'] as const, branch >> 2),
          gender: 'unknown',
          counselling: false,
          helplineReferral: false,
        },
        by: dist,
      },
    ],
    contact_made: [
      {
        step: 'recordOutcome',
        body: {
          outcome: pick(['safe', 'hospitalised', 'no_risk'] as const, branch >> 2),
          gender: 'female',
          age: 17,
          counselling: true,
          helplineReferral: true,
        },
        by: dist,
      },
    ],
    outcome_recorded: [
      { step: 'signOff', body: {}, by: sup },
      {
        step: 'submitReview',
        body: {
          delayedBy: ['dense_area'],
          savedMinutes: 'the house number from the family',
          foundBy: 'family_contacts',
        },
        by: sup,
      },
    ],
    follow_up: [{ step: 'completeFollowUp', body: { n: next, personWell: branch % 2 === 0 }, by: dist }],
    closed: [{ step: 'addNote', body: { text: 'called the family' }, by: op_ }],
  };
  return pick(options[state.stage], branch);
}
