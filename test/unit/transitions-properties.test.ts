// Random step sequences through the pure case rules, exactly as workflows/case-workflow.ts
// drives them: validateStep (the update validator), applyStep, refreshEscalation after
// every change, attachAlert for further alerts, and the escalation clock firing what falls
// due while time passes. After every operation the invariants below must hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACK_PARTIES,
  AGE_BANDS,
  type CaseState,
  ENQUIRY_KINDS,
  GENDERS,
  MILESTONE_ORDER,
  NOT_LOCATED_REASONS,
  OUTCOMES,
  ROLES,
  type Role,
  SEVERITIES,
  STAGES,
  type Stage,
} from '../../contract/case.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import { type StepName, StepSchemas } from '../../contract/steps.js';
import { DEFAULT_POLICY } from '../../domain/default-policy.js';
import { activeWaits, nextEscalation, nextForWait } from '../../domain/escalation.js';
import { applyStep, attachAlert, initialState, refreshEscalation, type StepCommand, validateStep } from '../../domain/transitions.js';
import { alert, CaseDriver, caseInput, DAY, fire, HOUR, iso, MIN, T0 } from './fixtures.js';

/** Every stage change DOMAIN.md (and issue 3) allows; anything else is a bug. */
const ALLOWED_EDGES: ReadonlySet<string> = new Set(
  [
    ['received', 'locating'],
    ['locating', 'located'],
    ['locating', 'not_located'],
    ['locating', 'transferred'],
    ['located', 'district_notified'],
    ['located', 'transferred'],
    ['not_located', 'locating'], // locating resumed with new information
    ['not_located', 'transferred'], // outside jurisdiction: to another state's nodal officer
    ['not_located', 'closed'], // a supervisor closes it
    ['transferred', 'outcome_recorded'], // the nodal officer acknowledged: outcome "transferred"
    ['district_notified', 'acknowledged'],
    ['district_notified', 'arrived'], // the team can arrive before every acknowledgement is in
    ['acknowledged', 'arrived'],
    ['arrived', 'contact_made'],
    ['arrived', 'outcome_recorded'], // not found at the place, deceased
    ['contact_made', 'outcome_recorded'],
    ['outcome_recorded', 'follow_up'],
    ['outcome_recorded', 'closed'],
    ['follow_up', 'closed'],
  ].map(([a, b]) => `${a}->${b}`),
);

const STEP_NAMES = Object.keys(StepSchemas) as StepName[];
/** Steps that never move the stage; the `progress` mode tries them last so that runs reach the later stages. */
const SIDE_STEPS: ReadonlySet<StepName> = new Set(['openEnquiry', 'reportEnquiry', 'locationHint', 'dispatch', 'changeDeadline', 'addNote', 'raiseSeverity']);
const SUPERVISOR_ONLY: StepName[] = ['signOff', 'changeDeadline', 'raiseSeverity'];
const MAY_ACT_AS_SUPERVISOR: Role[] = ['smc_supervisor', 'system'];
/** The smallest gap between two levels of one ladder in DEFAULT_POLICY (5 min), halved for critical. */
const MIN_SPACING_MS = 2.5 * MIN;

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const text = fc.constantFrom('x', 'House 12, Akbarpur', 'तहसील के पास', 'CANARY');
const districtCode = fc.constantFrom('AMB', 'LKO', 'GZB', 'ZZZ'); // ZZZ: well-formed but unknown
const confidence = fc.integer({ min: 0, max: 3 });

/** A plausible body for every step; `$…` placeholders and changeDeadline's time are resolved against the state when it runs. */
const bodies = fc.record({
  startLocating: fc.record({ notes: opt(text) }),
  openEnquiry: fc.record({ kind: fc.constantFrom(...ENQUIRY_KINDS), owner: text, dueInMinutes: fc.integer({ min: 1, max: 1440 }), notes: opt(text) }),
  reportEnquiry: fc.record({
    enquiryId: fc.constantFrom('$open', 'E1', 'E2', 'E99'), // $open: the first enquiry still open
    found: fc.boolean(),
    summary: text,
    confidence,
    districtCode: opt(districtCode),
    policeStation: opt(text),
  }),
  locationHint: fc.record({ summary: text, confidence, districtCode: opt(districtCode), policeStation: opt(text) }),
  markLocated: fc.record({ districtCode, policeStation: text, summary: opt(text), confidence: opt(confidence), notes: opt(text) }),
  markNotLocated: fc.record({ reason: fc.constantFrom(...NOT_LOCATED_REASONS), detail: opt(text), notes: opt(text) }),
  transfer: fc.record({ toState: fc.constantFrom('BR', 'MP', 'DL'), nodalOfficer: text, notes: opt(text) }),
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
  completeFollowUp: fc.record({ n: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 })), personWell: fc.boolean(), notes: opt(text) }), // 0: the check due next
  changeDeadline: fc.record({
    key: opt(fc.constantFrom('$0', '$1', 'locate@2020-01-01T00:00:00.000Z')), // $n: the n-th active wait
    dueAt: fc.integer({ min: -10 * MIN, max: 8 * DAY }), // relative to now
    reason: text,
  }),
  addNote: fc.record({ text }),
  raiseSeverity: fc.record({ severity: fc.constantFrom(...SEVERITIES), reason: text }),
});
type Bodies = typeof bodies extends fc.Arbitrary<infer B> ? B : never;

const role = fc.oneof({ arbitrary: fc.constantFrom<Role>('smc_supervisor'), weight: 3 }, { arbitrary: fc.constantFrom(...ROLES), weight: 4 });

type Op =
  /** Try the steps in `order`: `first` takes only the first; `any` the first the rules accept; `progress` prefers steps that move the stage. */
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
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('path' as const), branch: fc.nat(99) }) },
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
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('alert' as const), alertId: fc.constantFrom('A1', 'A2', 'A3'), live: fc.boolean() }) },
);

const policies: EscalationPolicy[] = [
  DEFAULT_POLICY,
  { ...DEFAULT_POLICY, version: 'one-ack', requireBothAcks: false },
  { ...DEFAULT_POLICY, version: 'no-follow-up', followUpOffsetsMs: [] },
];

const scenario = fc.record({
  policy: fc.constantFrom(...policies),
  severity: fc.constantFrom(...SEVERITIES),
  districtHint: opt(districtCode),
  ops: fc.array(op, { minLength: 5, maxLength: 80 }),
});

/** What the runs reached, so the test can prove it explored every stage and step. */
const seen = { stages: new Set<Stage>(), steps: new Set<StepName>(), refused: new Set<StepName>(), edges: new Set<string>(), finals: 0, restarts: 0 };

function resolveBody(state: CaseState, step: StepName, bodies: Bodies, now: number): unknown {
  if (step === 'reportEnquiry' && bodies.reportEnquiry.enquiryId === '$open') {
    return { ...bodies.reportEnquiry, enquiryId: state.locating.enquiries.find((e) => e.status === 'open')?.id ?? 'E1' };
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
function pathStep(state: CaseState, branch: number, now: number): StepCommand {
  if (state.escalation.supervisorRequired && branch % 3 === 0) {
    return { step: 'changeDeadline', body: { dueAt: iso(now + 10 * MIN), reason: 'taking over' }, by: sup };
  }
  const next = state.followUps.find((f) => !f.done)?.n ?? 1;
  const open = state.locating.enquiries.find((e) => e.status === 'open')?.id;
  const options: Record<Stage, StepCommand[]> = {
    received: [{ step: 'startLocating', body: {}, by: op_ }],
    locating: [
      { step: 'markLocated', body: { districtCode: 'AMB', policeStation: 'Akbarpur' }, by: op_ },
      { step: 'markLocated', body: { districtCode: 'LKO', policeStation: 'Hazratganj', summary: 'House 3', confidence: 2 }, by: op_ },
      { step: 'markNotLocated', body: { reason: pick([...NOT_LOCATED_REASONS], branch >> 2), detail: 'no trace' }, by: op_ },
      { step: 'transfer', body: { toState: 'BR', nodalOfficer: 'Bihar SMC desk' }, by: op_ },
      open
        ? { step: 'reportEnquiry', body: { enquiryId: open, found: true, summary: 'near the market', confidence: 2, districtCode: 'AMB' }, by: op_ }
        : { step: 'openEnquiry', body: { kind: 'telecom_lookup', owner: 'STF desk', dueInMinutes: 30 }, by: op_ },
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
        body: { outcome: pick(['not_found_at_place', 'deceased'] as const, branch >> 2), gender: 'unknown', counselling: false, helplineReferral: false },
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
    outcome_recorded: [{ step: 'signOff', body: {}, by: sup }],
    follow_up: [{ step: 'completeFollowUp', body: { n: next, personWell: branch % 2 === 0 }, by: dist }],
    closed: [{ step: 'addNote', body: { text: 'called the family' }, by: op_ }],
  };
  return pick(options[state.stage], branch);
}

/** The invariants that hold after every operation, whatever happened. */
function checkState(state: CaseState, policy: EscalationPolicy, before: CaseState) {
  seen.stages.add(state.stage);
  // Stage moves only along the allowed edges, and the timeline says so.
  if (before.stage !== state.stage) {
    const edge = `${before.stage}->${state.stage}`;
    expect(ALLOWED_EDGES.has(edge), `transition ${edge}`).toBe(true);
    seen.edges.add(edge);
    expect(state.timeline.at(-1)).toMatchObject({ from: before.stage, to: state.stage });
  }
  if (before.stage === 'closed') expect(state.stage).toBe('closed');
  // Milestones are never overwritten, and stay in DOMAIN.md's order.
  for (const [m, t] of Object.entries(before.milestones)) expect(state.milestones[m as keyof CaseState['milestones']], `milestone ${m}`).toBe(t);
  const times = MILESTONE_ORDER.map((m) => state.milestones[m]).filter((t): t is string => t !== undefined);
  expect([...times].sort(), 'milestones in order').toEqual(times);
  // Timeline: numbered 1..n, one entry per version.
  expect(state.timeline.map((e) => e.seq)).toEqual(state.timeline.map((_, i) => i + 1));
  expect(state.version).toBe(state.timeline.length);
  // Never silent: an open case has a next escalation, or a supervisor holds a wait that is still open.
  const hold = state.escalation.supervisorRequired;
  if (state.stage !== 'closed') {
    const waits = activeWaits(state);
    expect(waits.length, `an open case (${state.stage}) waits for something`).toBeGreaterThan(0);
    if (hold)
      expect(
        waits.map((w) => w.key),
        'the supervisor hold is on an open wait',
      ).toContain(hold.key);
    else expect(state.escalation.next, `next escalation while ${state.stage}`).toBeDefined();
  }
  expect(state.escalation.next).toEqual(nextEscalation(policy, state));
  const next = state.escalation.next;
  if (next) {
    const w = activeWaits(state).find((x) => x.key === next.key);
    expect(w).toBeDefined();
    const override = state.escalation.overrides.find((o) => o.key === next.key);
    if (override) expect(next.dueAt).toBe(override.dueAt);
    else expect(Date.parse(next.dueAt)).toBeGreaterThanOrEqual(Date.parse(w!.anchor));
  }
}

function run({ policy, severity, districtHint, ops }: { policy: EscalationPolicy; severity: (typeof SEVERITIES)[number]; districtHint?: string; ops: Op[] }) {
  let now = T0;
  const state = initialState(caseInput({ policy, severity, districtHint }));
  refreshEscalation(state, policy);
  checkState(state, policy, structuredClone(state));

  for (const o of ops) {
    const before = structuredClone(state);
    const snapshot = JSON.stringify(state);
    if (o.kind === 'tick') {
      // The workflow's clock loop: fire each escalation as it falls due, one at a time.
      const until = now + o.ms;
      for (let next = state.escalation.next; next && Date.parse(next.dueAt) <= until; next = state.escalation.next) {
        now = Math.max(now, Date.parse(next.dueAt));
        // One level at a time: never two levels of a wait at the same instant, and (unless a
        // supervisor set this deadline) due times at least a ladder step apart.
        const previous = state.escalation.history.findLast((h) => h.key === next?.key);
        if (previous) {
          expect(now, `levels of ${next.wait} fire one at a time (level ${next.level})`).toBeGreaterThan(Date.parse(previous.firedAt));
          if (!state.escalation.overrides.some((x) => x.key === next?.key)) {
            expect(Date.parse(next.dueAt) - Date.parse(previous.dueAt), `spacing before level ${next.level} of ${next.wait}`).toBeGreaterThanOrEqual(
              MIN_SPACING_MS,
            );
          }
        }
        const version = state.version;
        fire(state, next, iso(now), policy);
        expect(state.version).toBe(version + 1);
        if (next.final) {
          seen.finals += 1;
          expect(state.escalation.supervisorRequired?.key).toBe(next.key);
        }
        if (state.escalation.history.length > 2000) throw new Error('runaway escalation');
      }
      now = until;
    } else if (o.kind === 'alert') {
      const attached = state.stage !== 'closed' && attachAlert(state, alert({ alertId: o.alertId, live: o.live }), iso(now));
      if (attached) {
        refreshEscalation(state, policy);
        expect(state.version).toBe(before.version + 1);
        expect(state.alerts).toHaveLength(before.alerts.length + 1);
        if (o.live) expect(state.severity).toBe('critical');
      } else {
        expect(JSON.stringify(state), 'a duplicate or late alert changes nothing').toBe(snapshot);
      }
    } else {
      let cmds: StepCommand[];
      if (o.kind === 'path') cmds = [pathStep(state, o.branch, now)];
      else {
        const by = { id: `u-${o.role}`, role: o.role };
        const order =
          o.mode === 'first' ? o.order.slice(0, 1) : o.mode === 'any' ? o.order : [...o.order].sort((a, b) => +SIDE_STEPS.has(a) - +SIDE_STEPS.has(b));
        cmds = order.map((step) => ({ step, body: resolveBody(state, step, o.bodies, now), by }) as StepCommand);
      }
      for (const cmd of cmds) {
        const { step, by } = cmd;
        const reason = validateStep(state, cmd, iso(now));
        expect(JSON.stringify(state), 'validateStep changes nothing').toBe(snapshot);
        checkRefusals(state, cmd, reason);
        if (reason) {
          expect(reason).toMatch(/\S/);
          seen.refused.add(step);
          continue;
        }
        const hadHold = state.escalation.supervisorRequired;
        applyStep(state, cmd, iso(now), policy);
        refreshEscalation(state, policy);
        seen.steps.add(step);
        if (step === 'changeDeadline' && hadHold && !state.escalation.supervisorRequired) seen.restarts += 1;
        // An accepted step: exactly one new version and one new timeline entry.
        expect(state.version).toBe(before.version + 1);
        expect(state.timeline).toHaveLength(before.timeline.length + 1);
        expect(state.timeline.at(-1)).toMatchObject({ seq: before.timeline.length + 1, kind: step, at: iso(now), by });
        if (step === 'changeDeadline') {
          // The new deadline takes effect on the wait it names (or the one next due, or the one a supervisor holds).
          const override = state.escalation.overrides.find((x) => x.dueAt === (cmd.body as { dueAt: string }).dueAt && x.by === by);
          const w = activeWaits(state).find((x) => x.key === override?.key);
          expect(w, 'the changed deadline belongs to an open wait').toBeDefined();
          expect(nextForWait(policy, state, w!)?.dueAt, 'the changed deadline is the next due time of its wait').toBe(override?.dueAt);
        }
        break;
      }
    }
    checkState(state, policy, before);
  }
}

/** Refusals the rules must make, whatever else they decide. */
function checkRefusals(state: CaseState, cmd: StepCommand, reason: string | undefined) {
  if (state.stage === 'closed' && cmd.step !== 'addNote') expect(reason, `${cmd.step} on a closed case`).toBeDefined();
  if (SUPERVISOR_ONLY.includes(cmd.step) && !MAY_ACT_AS_SUPERVISOR.includes(cmd.by.role)) expect(reason, `${cmd.step} by ${cmd.by.role}`).toBeDefined();
  if (cmd.step === 'acknowledge' && state.acks[cmd.body.party]) expect(reason, 'a second acknowledgement by the same party').toBeDefined();
  if (cmd.step === 'dispatch' && state.dispatched) expect(reason, 'a second dispatch').toBeDefined();
  if (cmd.step === 'reportEnquiry') {
    const enquiry = state.locating.enquiries.find((e) => e.id === cmd.body.enquiryId);
    if (enquiry?.status !== 'open') expect(reason, 'a report on an enquiry already reported, or none').toBeDefined();
  }
  if (cmd.by.role === 'auditor') expect(reason, `${cmd.step} by an auditor (read-only)`).toBeDefined();
  else if (cmd.step === 'addNote') expect(reason).toBeUndefined();
}

describe('who may take a step (the choices the property relies on)', () => {
  it('auditors are read-only; the system may act where a supervisor must (automation), nobody else', () => {
    const c = new CaseDriver();
    expect(c.try('addNote', { text: 'x' }, { id: 'a', role: 'auditor' })).toBe('auditors have read-only access to cases');
    expect(c.try('startLocating', {}, { id: 'a', role: 'auditor' })).toMatch(/read-only/);
    for (const role of ROLES.filter((r) => !MAY_ACT_AS_SUPERVISOR.includes(r) && r !== 'auditor')) {
      expect(c.try('raiseSeverity', { severity: 'critical', reason: 'live' }, { id: 'x', role })).toBe('raiseSeverity needs an SMC supervisor');
    }
    expect(c.try('raiseSeverity', { severity: 'critical', reason: 'live' }, { id: 'sys', role: 'system' })).toBeUndefined();
  });
});

describe('the case rules under random step sequences', () => {
  it('keep every invariant', () => {
    fc.assert(fc.property(scenario, run), { numRuns: 300 });
  });

  it('explore every stage, every step and every allowed transition (so the property above means something)', () => {
    expect([...STAGES].filter((s) => !seen.stages.has(s))).toEqual([]);
    expect(STEP_NAMES.filter((s) => !seen.steps.has(s))).toEqual([]);
    expect(STEP_NAMES.filter((s) => !seen.refused.has(s) && s !== 'addNote')).toEqual([]);
    expect([...ALLOWED_EDGES].filter((e) => !seen.edges.has(e))).toEqual([]);
    expect(seen.finals).toBeGreaterThan(0);
    expect(seen.restarts).toBeGreaterThan(0);
  });
});
