// What the reports must say about a synthetic period, worked out from the plan alone: the
// counts by tallying what each planned person went through, and the escalations by running
// each planned case through the same pure case rules the workflow runs, at the planned times.
import type { AlertSummary, CaseState } from '../contract/case.js';
import type { EscalationPolicy } from '../contract/policy.js';
import type { StepName } from '../contract/steps.js';
import { recordFired } from './escalation.js';
import { ageBandOf } from './outcome.js';
import { reviewPending } from './steps/review.js';
import { learningReviewOf, type PlannedCase } from './synthetic-plan.js';
import {
  applyStep,
  attachAlert,
  initialState,
  refreshEscalation,
  type StepCommand,
  validateStep,
} from './transitions.js';

export interface ExpectedTotals {
  funnel: Record<'alerts' | 'cases' | 'located' | 'district_notified' | 'arrived' | 'contact_made' | 'saved', number>;
  /** "outcome|gender|ageBand" → count. */
  outcomes: Record<string, number>;
  notLocated: Record<string, number>;
  /** "district|wait|level" → count. */
  escalations: Record<string, number>;
  repeatCases: number;
}

const bump = (m: Record<string, number>, key: string) => {
  m[key] = (m[key] ?? 0) + 1;
};

export function expectedTotals(plan: PlannedCase[], policy: EscalationPolicy): ExpectedTotals {
  const counted = plan.filter((c) => !c.drill);
  const located = counted.filter((c) => c.path !== 'not_located' && c.path !== 'transfer');
  const contact = counted.filter((c) => ['safe', 'hospitalised', 'no_risk'].includes(c.path));
  const outcomes: Record<string, number> = {};
  for (const c of counted) {
    if (c.path === 'not_located') continue;
    if (c.path === 'transfer') bump(outcomes, 'transferred|unknown|unknown');
    else bump(outcomes, `${c.path}|${c.gender ?? 'unknown'}|${c.age === undefined ? 'unknown' : ageBandOf(c.age)}`);
  }
  const notLocated: Record<string, number> = {};
  for (const c of counted) if (c.notLocatedReason) bump(notLocated, c.notLocatedReason);
  const escalations: Record<string, number> = {};
  for (const c of counted) {
    const district = located.includes(c) ? c.district : 'unlocated';
    for (const e of simulate(c, policy).escalation.history) bump(escalations, `${district}|${e.wait}|${e.level}`);
  }
  return {
    funnel: {
      alerts: counted.reduce((n, c) => n + 1 + c.steps.filter((s) => s.step === 'alert').length, 0),
      cases: counted.length,
      located: located.length,
      district_notified: located.length,
      arrived: located.length,
      contact_made: contact.length,
      saved: counted.filter((c) => c.path === 'safe' || c.path === 'hospitalised').length,
    },
    outcomes,
    notLocated,
    escalations,
    repeatCases: counted.filter((c) => c.repeatOf !== undefined).length,
  };
}

/** The planned case under the pure rules, escalations fired as the workflow's clock would fire them. */
export function simulate(c: PlannedCase, policy: EscalationPolicy, t0 = Date.parse('2024-01-01T00:00:00Z')): CaseState {
  const iso = (ms: number) => new Date(t0 + ms).toISOString();
  const alert = (ms: number, live: boolean): AlertSummary => ({
    alertId: `A${c.n}-${ms}`,
    source: 'meta',
    sourceRef: `SIM-${c.n}-${ms}`,
    channel: 'api',
    platform: c.platform,
    contentKind: c.contentKind,
    live,
    receivedAt: iso(ms),
    details: {},
  });
  const state = initialState({
    caseId: 'JV-0000-000001',
    openedAt: iso(0),
    severity: c.severity,
    drill: c.drill,
    legalGround: 'simulation',
    policy,
    alert: alert(0, c.severity === 'critical'),
  });
  // As the workflow starts every new case (patch learning-review): sign-off waits for a due review.
  state.asksLearningReview = true;
  refreshEscalation(state, policy);
  const fireUntil = (ms: number) => {
    for (let next = state.escalation.next; next && Date.parse(next.dueAt) <= t0 + ms; next = state.escalation.next) {
      recordFired(state, next, next.dueAt);
      state.version += 1;
      refreshEscalation(state, policy);
    }
  };
  for (const s of c.steps) {
    fireUntil(s.at);
    if (s.step === 'alert') attachAlert(state, { ...alert(s.at, false), contentKind: 'comment' }, iso(s.at));
    else {
      // A review the driven case gave because its clock reached a final call the rules' clock did not.
      if (s.step === 'submitReview' && !reviewPending(state)) continue;
      // A wait that ran past its final call asks for a review before sign-off, as the driver gives it.
      if (s.step === 'signOff' && reviewPending(state))
        applyStep(
          state,
          { step: 'submitReview', body: learningReviewOf(c), by: { id: 'sim', role: 'smc_operator' } } as StepCommand,
          iso(s.at),
          policy,
        );
      const role = s.step === 'signOff' ? 'smc_supervisor' : 'smc_operator';
      const cmd = { step: s.step as StepName, body: s.body, by: { id: 'sim', role } } as StepCommand;
      const refused = validateStep(state, cmd, iso(s.at));
      if (refused) throw new Error(`planned case ${c.n}: ${s.step} at ${s.at} ms would be refused: ${refused}`);
      applyStep(state, cmd, iso(s.at), policy);
    }
    refreshEscalation(state, policy);
  }
  return state;
}
