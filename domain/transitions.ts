// The rules of a case: which step is allowed in which stage, and what it changes.
// Pure and synchronous, so Temporal update validators can call `validateStep` and the
// property tests can drive random sequences through exactly the code the workflow runs.
import type { Actor, AlertSummary, CaseInput, CaseState, Milestone, Stage, TimelineEntry } from '../contract/case.js';
import type { EscalationPolicy } from '../contract/policy.js';
import type { StepBody, StepName } from '../contract/steps.js';
import { districtByCode } from './districts.js';
import { activeWaits, escalationStatus, heldAfterFinal, nextEscalation } from './escalation.js';
import { ageBandOf } from './outcome.js';

export type StepCommand = { [S in StepName]: { step: S; body: StepBody<S>; by: Actor } }[StepName];

export function initialState(input: CaseInput): CaseState {
  const state: CaseState = {
    caseId: input.caseId,
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
  if (input.districtHint && districtByCode(input.districtHint)) {
    state.locating.hints.push({
      summary: 'District suggested by the alert',
      confidence: 1,
      source: 'alert',
      districtCode: input.districtHint,
      at: input.openedAt,
    });
    state.locating.best = state.locating.hints[0];
  }
  addTimelineEntry(
    state,
    input.openedAt,
    'case_opened',
    `Case opened from ${input.alert.platform} alert (${input.severity}${input.drill ? ', DRILL' : ''})`,
    undefined,
    {
      to: 'received',
    },
  );
  return state;
}

const SUPERVISOR_ONLY: StepName[] = ['signOff', 'changeDeadline', 'raiseSeverity'];
/**
 * The stages in which each step may be taken: a list, 'open' (any stage but closed) or 'any'.
 * Exported for the console, which offers only the steps the case's stage allows; the
 * workflow's validator (validateStep) is still what decides.
 */
export const STEP_STAGES: Record<StepName, Stage[] | 'open' | 'any'> = {
  startLocating: ['received', 'not_located'],
  openEnquiry: ['locating'],
  reportEnquiry: ['locating', 'located'],
  locationHint: 'open',
  markLocated: ['locating'],
  markNotLocated: ['locating'],
  transfer: ['locating', 'located', 'not_located'],
  acknowledgeTransfer: ['transferred'],
  notifyDistrict: ['located'],
  acknowledge: ['district_notified', 'acknowledged'],
  dispatch: ['district_notified', 'acknowledged'],
  arrive: ['district_notified', 'acknowledged'],
  contactMade: ['arrived'],
  recordOutcome: ['arrived', 'contact_made'],
  signOff: ['outcome_recorded', 'not_located'],
  completeFollowUp: ['follow_up'],
  changeDeadline: 'open',
  addNote: 'any',
  raiseSeverity: 'open',
};

/** Whether the case's stage allows the step at all (the other rules of validateStep aside). */
export function stageAllows(step: StepName, stage: Stage): boolean {
  const allowed = STEP_STAGES[step];
  return allowed === 'any' || (stage !== 'closed' && (allowed === 'open' || allowed.includes(stage)));
}

/** Why this step may not be taken now, or undefined when it may. */
export function validateStep(state: CaseState, cmd: StepCommand, now: string): string | undefined {
  const allowed = STEP_STAGES[cmd.step];
  if (cmd.by.role === 'auditor') return 'auditors have read-only access to cases';
  if (allowed !== 'any' && state.stage === 'closed') return `case ${state.caseId} is closed`;
  if (Array.isArray(allowed) && !allowed.includes(state.stage)) {
    return `${cmd.step} is not allowed while the case is ${state.stage} (allowed in: ${allowed.join(', ')})`;
  }
  if (SUPERVISOR_ONLY.includes(cmd.step) && cmd.by.role !== 'smc_supervisor' && cmd.by.role !== 'system') {
    return `${cmd.step} needs an SMC supervisor`;
  }
  switch (cmd.step) {
    case 'openEnquiry':
      if (state.locating.enquiries.filter((e) => e.status === 'open').length >= 20)
        return 'too many open enquiries (20)';
      return undefined;
    case 'reportEnquiry': {
      const enquiry = state.locating.enquiries.find((e) => e.id === cmd.body.enquiryId);
      if (!enquiry) return `no enquiry ${cmd.body.enquiryId} on this case`;
      if (enquiry.status !== 'open') return `enquiry ${enquiry.id} already reported (${enquiry.status})`;
      return districtProblem(cmd.body.districtCode);
    }
    case 'locationHint':
      return districtProblem(cmd.body.districtCode);
    case 'markLocated':
      return districtProblem(cmd.body.districtCode);
    case 'markNotLocated':
      if (cmd.body.reason === 'other' && !cmd.body.detail) return 'detail is required when the reason is "other"';
      return undefined;
    case 'acknowledge':
      if (state.milestones.arrived) return 'the team has already arrived';
      if (state.acks[cmd.body.party])
        return `${cmd.body.party} already acknowledged at ${state.acks[cmd.body.party]?.at}`;
      return undefined;
    case 'dispatch':
      if (state.dispatched) return `already dispatched (${state.dispatched.unit}) at ${state.dispatched.at}`;
      return undefined;
    case 'recordOutcome': {
      const { outcome } = cmd.body;
      if (outcome === 'transferred') return 'a transfer is recorded with the transfer step, not as an outcome';
      if (
        (outcome === 'safe' || outcome === 'hospitalised' || outcome === 'no_risk') &&
        state.stage !== 'contact_made'
      ) {
        return `outcome ${outcome} needs contact made first (an officer with the person)`;
      }
      if (cmd.body.age !== undefined && cmd.body.ageBand && ageBandOf(cmd.body.age) !== cmd.body.ageBand) {
        return `age ${cmd.body.age} is not in age band ${cmd.body.ageBand}`;
      }
      return undefined;
    }
    case 'completeFollowUp': {
      const pending = state.followUps.find((f) => !f.done);
      if (!pending) return 'no follow-up check is pending';
      if (cmd.body.n !== pending.n) return `follow-up check ${pending.n} is next (got ${cmd.body.n})`;
      return undefined;
    }
    case 'changeDeadline': {
      const key = deadlineKey(state, cmd.body.key);
      if (!key) return 'the case has no running deadline to change';
      if (!activeWaits(state).some((w) => w.key === key)) return `no running deadline ${key}`;
      const due = Date.parse(cmd.body.dueAt);
      if (!(due > Date.parse(now))) return 'the new deadline must be in the future';
      if (due - Date.parse(now) > 7 * 24 * 3600_000) return 'the new deadline must be within 7 days';
      return undefined;
    }
    case 'raiseSeverity':
      if (rank(cmd.body.severity) <= rank(state.severity)) return `severity is already ${state.severity}`;
      return undefined;
    default:
      return undefined;
  }
}

function districtProblem(code: string | undefined): string | undefined {
  return code && !districtByCode(code) ? `unknown district code ${code}` : undefined;
}

const SEVERITY_RANK = { normal: 0, high: 1, critical: 2 } as const;
const rank = (s: keyof typeof SEVERITY_RANK) => SEVERITY_RANK[s];

/** Applies a validated step. The caller must have checked `validateStep` first. */
export function applyStep(state: CaseState, cmd: StepCommand, now: string, policy: EscalationPolicy): void {
  const stamp = { at: now, by: cmd.by, notes: 'notes' in cmd.body ? cmd.body.notes : undefined };
  const from = state.stage;
  const move = (to: Stage, milestone?: Milestone) => {
    state.stage = to;
    if (milestone && !state.milestones[milestone]) state.milestones[milestone] = now;
  };
  let summary: string;
  switch (cmd.step) {
    case 'startLocating':
      if (from === 'not_located') state.relocatedAt = now;
      move('locating', 'locating_started');
      summary = from === 'not_located' ? 'Locating resumed' : 'Locating started';
      break;
    case 'openEnquiry': {
      const id = `E${state.locating.enquiries.length + 1}`;
      const dueAt = new Date(Date.parse(now) + cmd.body.dueInMinutes * 60_000).toISOString();
      state.locating.enquiries.push({
        id,
        kind: cmd.body.kind,
        owner: cmd.body.owner,
        openedAt: now,
        dueAt,
        status: 'open',
      });
      summary = `Enquiry ${id} (${cmd.body.kind}) opened, owner ${cmd.body.owner}, due ${dueAt}`;
      break;
    }
    case 'reportEnquiry': {
      const enquiry = state.locating.enquiries.find((e) => e.id === cmd.body.enquiryId);
      if (!enquiry) throw new Error('validated enquiry vanished');
      const { found, summary: text, confidence, districtCode, policeStation } = cmd.body;
      enquiry.status = found ? 'found' : 'no_result';
      enquiry.result = {
        at: now,
        by: cmd.by.id,
        summary: text,
        confidence: confidence as 0 | 1 | 2 | 3,
        districtCode,
        policeStation,
      };
      if (found)
        considerEstimate(state, {
          summary: text,
          confidence: confidence as 0 | 1 | 2 | 3,
          source: enquiry.id,
          districtCode,
          policeStation,
          at: now,
        });
      summary = `Enquiry ${enquiry.id} ${found ? `found a location (confidence ${confidence})` : 'found nothing'}`;
      break;
    }
    case 'locationHint': {
      const estimate = { ...cmd.body, confidence: cmd.body.confidence as 0 | 1 | 2 | 3, source: 'hint', at: now };
      state.locating.hints.push(estimate);
      considerEstimate(state, estimate);
      summary = `Location hint (confidence ${cmd.body.confidence})`;
      break;
    }
    case 'markLocated': {
      const { districtCode, policeStation } = cmd.body;
      state.district = { code: districtCode, policeStation };
      considerEstimate(state, {
        summary: cmd.body.summary ?? `${policeStation}, ${districtByCode(districtCode)?.nameEn ?? districtCode}`,
        confidence: (cmd.body.confidence ?? 3) as 0 | 1 | 2 | 3,
        source: 'operator',
        districtCode,
        policeStation,
        at: now,
      });
      move('located', 'located');
      summary = `Located: district ${districtCode}, police station ${policeStation}`;
      break;
    }
    case 'markNotLocated':
      state.notLocated = { ...stamp, reason: cmd.body.reason, detail: cmd.body.detail };
      move('not_located', 'not_located');
      summary = `Not located: ${cmd.body.reason}`;
      break;
    case 'transfer':
      state.transfer = { ...stamp, toState: cmd.body.toState, nodalOfficer: cmd.body.nodalOfficer };
      move('transferred', 'transferred');
      summary = `Transferred to ${cmd.body.toState} (nodal officer ${cmd.body.nodalOfficer})`;
      break;
    case 'acknowledgeTransfer':
      if (state.transfer) state.transfer.acknowledged = stamp;
      state.outcome = {
        ...stamp,
        outcome: 'transferred',
        gender: 'unknown',
        ageBand: 'unknown',
        counselling: false,
        helplineReferral: false,
      };
      move('outcome_recorded', 'outcome');
      summary = 'Transfer acknowledged by the nodal officer';
      break;
    case 'notifyDistrict':
      move('district_notified', 'district_notified');
      summary = `District ${state.district?.code} and police station notified`;
      break;
    case 'acknowledge': {
      state.acks[cmd.body.party] = stamp;
      const missing = state.requiredAcks.filter((p) => !state.acks[p]);
      if (missing.length === 0) move('acknowledged', 'acknowledged');
      summary = `Acknowledged by ${cmd.body.party.replace('_', ' ')}${missing.length ? ` (still waiting for ${missing.join(', ')})` : ''}`;
      break;
    }
    case 'dispatch':
      state.dispatched = { ...stamp, unit: cmd.body.unit };
      if (!state.milestones.dispatched) state.milestones.dispatched = now;
      summary = `Dispatched: ${cmd.body.unit}`;
      break;
    case 'arrive':
      move('arrived', 'arrived');
      summary = 'Officer arrived at the place';
      break;
    case 'contactMade':
      move('contact_made', 'contact_made');
      summary = 'Contact made: an officer is with the person';
      break;
    case 'recordOutcome': {
      const { outcome, gender, age, counselling, helplineReferral } = cmd.body;
      state.outcome = {
        ...stamp,
        outcome,
        gender,
        age,
        ageBand: cmd.body.ageBand ?? (age === undefined ? 'unknown' : ageBandOf(age)),
        counselling,
        helplineReferral,
      };
      move('outcome_recorded', 'outcome');
      summary = `Outcome recorded: ${outcome}`;
      break;
    }
    case 'signOff':
      state.signOff = stamp;
      state.milestones.signed_off = now;
      if (from === 'outcome_recorded' && needsFollowUp(state, policy)) {
        state.followUps = policy.followUpOffsetsMs.map((ms, i) => ({
          n: i + 1,
          dueAt: new Date(Date.parse(now) + ms).toISOString(),
        }));
        move('follow_up');
        summary = `Signed off; ${state.followUps.length} welfare check(s) scheduled`;
      } else {
        move('closed', 'closed');
        summary = 'Signed off and closed';
      }
      break;
    case 'completeFollowUp': {
      const check = state.followUps.find((f) => f.n === cmd.body.n);
      if (check) check.done = { ...stamp, personWell: cmd.body.personWell };
      if (state.followUps.every((f) => f.done)) move('closed', 'closed');
      summary = `Welfare check ${cmd.body.n} done${cmd.body.personWell ? '' : ': person NOT well'}`;
      break;
    }
    case 'changeDeadline': {
      const key = deadlineKey(state, cmd.body.key) ?? '';
      if (state.escalation.supervisorRequired?.key === key) {
        // A supervisor took charge of a ladder that had run out: its repeats start again, as a
        // new round with the next level numbers (see nextForWait), never reusing a level.
        state.escalation.supervisorRequired = undefined;
      }
      state.escalation.overrides = [
        ...state.escalation.overrides.filter((o) => o.key !== key),
        { key, dueAt: cmd.body.dueAt, by: cmd.by, reason: cmd.body.reason },
      ];
      summary = `Deadline of ${key.split('@')[0]} set to ${cmd.body.dueAt}: ${cmd.body.reason}`;
      break;
    }
    case 'addNote':
      state.notes.push({ at: now, by: cmd.by, notes: cmd.body.text });
      summary = 'Note added';
      break;
    case 'raiseSeverity':
      state.severity = cmd.body.severity;
      summary = `Severity raised to ${cmd.body.severity}: ${cmd.body.reason}`;
      break;
  }
  addTimelineEntry(state, now, cmd.step, summary, cmd.by, from === state.stage ? {} : { from, to: state.stage });
}

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

function considerEstimate(state: CaseState, estimate: CaseState['locating']['best'] & object): void {
  const best = state.locating.best;
  if (!best || estimate.confidence >= best.confidence) state.locating.best = estimate;
}

function needsFollowUp(state: CaseState, policy: EscalationPolicy): boolean {
  const outcome = state.outcome?.outcome;
  return (
    (outcome === 'safe' || outcome === 'hospitalised' || outcome === 'no_risk') && policy.followUpOffsetsMs.length > 0
  );
}

/** The wait a deadline change is about: the one named, else the one a supervisor must take over, else the next due. */
function deadlineKey(state: CaseState, named?: string): string | undefined {
  return named ?? state.escalation.supervisorRequired?.key ?? state.escalation.next?.key;
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
