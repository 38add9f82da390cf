// Random step sequences through the pure case rules, exactly as workflows/case-workflow.ts
// drives them: validateStep (the update validator), applyStep, refreshEscalation after
// every change, attachAlert for further alerts, and the escalation clock firing what falls
// due while time passes. After every operation the invariants below must hold.

import fc from 'fast-check';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import {
  type CaseState,
  MILESTONE_ORDER,
  ROLES,
  type Role,
  type Severity,
  STAGES,
  type Stage,
} from '../../contract/case.js';
import { CaseStateSchema } from '../../contract/case-schema.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import type { StepName } from '../../contract/steps.js';
import { activeWaits, nextEscalation, nextForWait } from '../../domain/escalation.js';
import {
  applyStep,
  attachAlert,
  initialState,
  refreshEscalation,
  type StepCommand,
  validateStep,
} from '../../domain/transitions.js';
import { type Op, pathStep, resolveBody, SIDE_STEPS, STEP_NAMES, scenario } from './case-arbitraries.js';
import { alert, CaseDriver, caseInput, fire, iso, MIN, T0 } from './fixtures.js';

/** Every stage change docs/domain.md (and issue 3) allows; anything else is a bug. */
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

const SUPERVISOR_ONLY: StepName[] = ['signOff', 'changeDeadline', 'raiseSeverity'];
const MAY_ACT_AS_SUPERVISOR: Role[] = ['smc_supervisor', 'system'];
/** The smallest gap between two levels of one ladder in DEFAULT_POLICY (5 min), halved for critical. */
const MIN_SPACING_MS = 2.5 * MIN;

/** What the runs reached, so the test can prove it explored every stage and step. */
const seen = {
  stages: new Set<Stage>(),
  steps: new Set<StepName>(),
  refused: new Set<StepName>(),
  edges: new Set<string>(),
  finals: 0,
  restarts: 0,
};

/** The invariants that hold after every operation, whatever happened. */
const caseStateValidator = Compile(CaseStateSchema);

function checkState(state: CaseState, policy: EscalationPolicy, before: CaseState) {
  seen.stages.add(state.stage);
  // The API's schema of the case (contract/case-schema.ts) names every field the state has, and takes every state.
  const plain = JSON.parse(JSON.stringify(state));
  if (!caseStateValidator.Check(plain)) {
    const first = [...caseStateValidator.Errors(plain)][0];
    expect.fail(`the case state does not match CaseStateSchema at ${first?.instancePath}: ${first?.message}`);
  }
  // Stage moves only along the allowed edges, and the timeline says so.
  if (before.stage !== state.stage) {
    const edge = `${before.stage}->${state.stage}`;
    expect(ALLOWED_EDGES.has(edge), `transition ${edge}`).toBe(true);
    seen.edges.add(edge);
    expect(state.timeline.at(-1)).toMatchObject({ from: before.stage, to: state.stage });
  }
  if (before.stage === 'closed') expect(state.stage).toBe('closed');
  // Milestones are never overwritten, and stay in docs/domain.md's order.
  for (const [m, t] of Object.entries(before.milestones))
    expect(state.milestones[m as keyof CaseState['milestones']], `milestone ${m}`).toBe(t);
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

function run({
  policy,
  severity,
  districtHint,
  asksLearningReview,
  ops,
}: {
  policy: EscalationPolicy;
  severity: Severity;
  districtHint?: string;
  asksLearningReview: boolean;
  ops: Op[];
}) {
  let now = T0;
  const state = initialState(caseInput({ policy, severity, districtHint }));
  if (asksLearningReview) state.asksLearningReview = true;
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
          expect(now, `levels of ${next.wait} fire one at a time (level ${next.level})`).toBeGreaterThan(
            Date.parse(previous.firedAt),
          );
          if (!state.escalation.overrides.some((x) => x.key === next?.key)) {
            expect(
              Date.parse(next.dueAt) - Date.parse(previous.dueAt),
              `spacing before level ${next.level} of ${next.wait}`,
            ).toBeGreaterThanOrEqual(MIN_SPACING_MS);
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
      const attached =
        state.stage !== 'closed' && attachAlert(state, alert({ alertId: o.alertId, live: o.live }), iso(now));
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
          o.mode === 'first'
            ? o.order.slice(0, 1)
            : o.mode === 'any'
              ? o.order
              : [...o.order].sort((a, b) => +SIDE_STEPS.has(a) - +SIDE_STEPS.has(b));
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
          const override = state.escalation.overrides.find(
            (x) => x.dueAt === (cmd.body as { dueAt: string }).dueAt && x.by === by,
          );
          const w = activeWaits(state).find((x) => x.key === override?.key);
          expect(w, 'the changed deadline belongs to an open wait').toBeDefined();
          expect(nextForWait(policy, state, w!)?.dueAt, 'the changed deadline is the next due time of its wait').toBe(
            override?.dueAt,
          );
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
  if (SUPERVISOR_ONLY.includes(cmd.step) && !MAY_ACT_AS_SUPERVISOR.includes(cmd.by.role))
    expect(reason, `${cmd.step} by ${cmd.by.role}`).toBeDefined();
  if (cmd.step === 'acknowledge' && state.acks[cmd.body.party])
    expect(reason, 'a second acknowledgement by the same party').toBeDefined();
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
    expect(c.try('addNote', { text: 'x' }, { id: 'a', role: 'auditor' })).toBe(
      'auditors have read-only access to cases',
    );
    expect(c.try('startLocating', {}, { id: 'a', role: 'auditor' })).toMatch(/read-only/);
    for (const role of ROLES.filter((r) => !MAY_ACT_AS_SUPERVISOR.includes(r) && r !== 'auditor')) {
      expect(c.try('raiseSeverity', { severity: 'critical', reason: 'live' }, { id: 'x', role })).toBe(
        'raiseSeverity needs an SMC supervisor',
      );
    }
    expect(
      c.try('raiseSeverity', { severity: 'critical', reason: 'live' }, { id: 'sys', role: 'system' }),
    ).toBeUndefined();
  });
});

describe('the case rules under random step sequences', () => {
  it('keep every invariant, and explore every stage, step and allowed transition on the way', () => {
    fc.assert(fc.property(scenario, run), { numRuns: 300 });
    // Coverage of the runs, so that the property means something.
    expect([...STAGES].filter((s) => !seen.stages.has(s))).toEqual([]);
    expect(STEP_NAMES.filter((s) => !seen.steps.has(s))).toEqual([]);
    expect(STEP_NAMES.filter((s) => !seen.refused.has(s) && s !== 'addNote')).toEqual([]);
    expect([...ALLOWED_EDGES].filter((e) => !seen.edges.has(e))).toEqual([]);
    expect(seen.finals).toBeGreaterThan(0);
    expect(seen.restarts).toBeGreaterThan(0);
  });
});
