// The rules of a case: which step is allowed in which stage, and what it changes. The
// stages and roles of each step are in the step table (contract/steps.ts), what each step
// checks and changes in its rule (domain/steps/); this module holds what all steps share
// (the checks before a step's own, the timeline entry after it) and the case's start.
// Pure and synchronous, so Temporal update validators can call `validateStep` and the
// property tests can drive random sequences through exactly the code the workflow runs.
import type { Actor, AlertSummary, CaseInput, CaseState, Milestone, Stage, TimelineEntry } from '../contract/case.js';
import type { EscalationPolicy } from '../contract/policy.js';
import { STEP_LIST, STEPS, type StepName, type StepStages, stageAllows, supervisorOnly } from '../contract/steps.js';
import { caseStateCode, districtByCode } from './districts.js';
import { activeWaits, escalationStatus, heldAfterFinal, nextEscalation } from './escalation.js';
import { STEP_RULES, type StepCommand, type StepRule } from './steps/index.js';

export type { StepCommand };

export function initialState(input: CaseInput): CaseState {
  const state: CaseState = {
    caseId: input.caseId,
    ...(input.stateCode ? { stateCode: input.stateCode } : {}),
    stage: 'received',
    severity: input.severity,
    drill: input.drill,
    legalGround: input.legalGround,
    openedAt: input.openedAt,
    policyVersion: input.policy.version,
    alerts: [input.alert],
    locating: { enquiries: [], hints: [] },
    requiredAcks: input.policy.requireBothAcks ? ['control_room', 'police_station'] : [],
    acks: {},
    followUps: [],
    milestones: { received: input.openedAt },
    escalation: { sent: {}, history: [], overrides: [], level: 0, overdue: false },
    mailProblems: [],
    notes: [],
    timeline: [],
    version: 0,
  };
  if (input.districtHint && districtByCode(input.districtHint, caseStateCode(input))) {
    state.locating.hints.push({
      summary: 'District suggested by the alert',
      confidence: 1,
      source: 'alert',
      districtCode: input.districtHint,
      at: input.openedAt,
    });
    state.locating.best = state.locating.hints[0];
  }
  const origin = input.transferredFrom;
  if (origin) {
    // A case from a peer Jeevan: its hints are ours to start from; its enquiries and notes are shown.
    const { hints, ...from } = origin;
    state.receivedFrom = from;
    for (const h of hints) state.locating.hints.push({ ...h, source: `peer:${origin.state}` });
    state.locating.best = [...state.locating.hints].sort((a, b) => b.confidence - a.confidence)[0];
  }
  addTimelineEntry(
    state,
    input.openedAt,
    'case_opened',
    origin
      ? `Case opened from a transfer by ${origin.state} (their case ${origin.caseId}; ${input.severity}${input.drill ? ', DRILL' : ''})`
      : `Case opened from ${input.alert.platform} alert (${input.severity}${input.drill ? ', DRILL' : ''})`,
    undefined,
    {
      to: 'received',
    },
  );
  return state;
}

/**
 * The stages in which each step may be taken (a view of the step table, contract/steps.ts).
 * The console offers only the steps the case's stage allows; validateStep still decides.
 */
export const STEP_STAGES = Object.fromEntries(STEP_LIST.map((s) => [s.name, s.stages])) as Record<StepName, StepStages>;

export { stageAllows };

/** Why this step may not be taken now, or undefined when it may. */
export function validateStep(state: CaseState, cmd: StepCommand, now: string): string | undefined {
  const allowed: StepStages = STEPS[cmd.step].stages;
  if (cmd.by.role === 'auditor') return 'auditors have read-only access to cases';
  if (allowed !== 'any' && state.stage === 'closed') return `case ${state.caseId} is closed`;
  if (Array.isArray(allowed) && !allowed.includes(state.stage)) {
    return `${cmd.step} is not allowed while the case is ${state.stage} (allowed in: ${allowed.join(', ')})`;
  }
  if (supervisorOnly(cmd.step) && cmd.by.role !== 'smc_supervisor' && cmd.by.role !== 'system') {
    return `${cmd.step} needs an SMC supervisor`;
  }
  return ruleOf(cmd.step).validate?.(state, cmd, now);
}

/** Applies a validated step. The caller must have checked `validateStep` first. */
export function applyStep(state: CaseState, cmd: StepCommand, now: string, policy: EscalationPolicy): void {
  const stamp = { at: now, by: cmd.by, notes: 'notes' in cmd.body ? cmd.body.notes : undefined };
  const from = state.stage;
  const move = (to: Stage, milestone?: Milestone) => {
    state.stage = to;
    if (milestone && !state.milestones[milestone]) state.milestones[milestone] = now;
  };
  const summary = ruleOf(cmd.step).apply(state, cmd, { now, policy, from, stamp, move });
  addTimelineEntry(state, now, cmd.step, summary, cmd.by, from === state.stage ? {} : { from, to: state.stage });
}

/** The rule of a step, typed for any command (each rule is typed by its own step in domain/steps/). */
const ruleOf = (step: StepName) => STEP_RULES[step] as unknown as StepRule<StepName>;

/** A further alert about the same person while the case is open. Duplicates change nothing. */
export function attachAlert(state: CaseState, alert: AlertSummary, now: string): boolean {
  if (state.alerts.some((a) => a.alertId === alert.alertId)) return false;
  state.alerts.push(alert);
  const raise = alert.live && state.severity !== 'critical';
  if (raise) state.severity = 'critical';
  addTimelineEntry(
    state,
    now,
    'alert_attached',
    `Further ${alert.platform} alert attached${raise ? '; live broadcast: severity raised to critical' : ''}`,
    undefined,
    {},
  );
  return true;
}

/** Appends a timeline entry and bumps the version. Every change goes through here. */
export function addTimelineEntry(
  state: CaseState,
  at: string,
  kind: string,
  summary: string,
  by?: Actor,
  extra: Partial<TimelineEntry> = {},
): void {
  state.version += 1;
  state.timeline.push({ seq: state.timeline.length + 1, at, kind, by, summary, ...extra });
}

/** Recomputes the derived escalation fields (next deadline, level, overdue). */
export function refreshEscalation(state: CaseState, policy: EscalationPolicy): void {
  // The supervisor hold names an open wait whose ladder ran out, or none: a hold ends with its
  // wait (a stale one would keep the case overdue for ever and make changeDeadline without a
  // key aim at a wait that is gone), and passes to another wait that ran out and still waits.
  const hold = state.escalation.supervisorRequired;
  const waits = activeWaits(state);
  if (!hold || !waits.some((w) => w.key === hold.key)) {
    const held = waits.map((w) => heldAfterFinal(state, w.key)).find((h) => h !== undefined);
    state.escalation.supervisorRequired = held ? { key: held.key, since: held.firedAt } : undefined;
  }
  state.escalation.next = nextEscalation(policy, state);
  Object.assign(state.escalation, escalationStatus(state));
}
