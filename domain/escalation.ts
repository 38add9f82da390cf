// Deadlines as data: from a case's policy snapshot and its state, what is the case
// waiting for, when is the next escalation due, and who will be told. Pure: the
// workflow, the API and the tests all call the same functions.
import type { CaseState, Enquiry, EscalationRecord, NextEscalation, Severity } from '../contract/case.js';
import type { EscalationPolicy, Ladder, RecipientRole, StageWaitKind, WaitKind } from '../contract/policy.js';
import { reviewPending } from './steps/review.js';

export interface ActiveWait {
  /** Unique per wait instance (kind + when it began), so a restarted wait gets a fresh ladder. */
  key: string;
  kind: WaitKind;
  anchor: string;
  /** An `enquiry` wait: which enquiry is overdue. */
  enquiry?: Enquiry;
}

const at = (iso: string) => Date.parse(iso);
const wait = (kind: WaitKind, anchor: string, suffix = ''): ActiveWait => ({
  key: `${kind}${suffix}@${anchor}`,
  kind,
  anchor,
});

/** What the case is waiting for right now, derived from its stage and milestones. */
export function activeWaits(state: CaseState): ActiveWait[] {
  const m = state.milestones;
  switch (state.stage) {
    case 'received':
    case 'locating':
      return [wait('locate', state.relocatedAt ?? m.received ?? state.openedAt), ...overdueEnquiryWaits(state)];
    case 'located':
      return [wait('notify', m.located ?? state.openedAt)];
    case 'not_located':
      return state.notLocated
        ? [wait('review', state.notLocated.at), ...learningReviewWait(state, state.notLocated.at)]
        : [];
    case 'transferred':
      // A peer Jeevan's acknowledgement ends the wait; from then on the peer's own ladder runs.
      return state.transfer && !state.transfer.acknowledged ? [wait('transfer_ack', state.transfer.at)] : [];
    case 'district_notified':
    case 'acknowledged': {
      const notified = m.district_notified ?? state.openedAt;
      const waits = [wait('arrive', notified)];
      if (missingAcks(state).length > 0) waits.unshift(wait('acknowledge', notified));
      return waits;
    }
    case 'arrived':
    case 'contact_made':
      return [wait('outcome', m.arrived ?? state.openedAt)];
    case 'outcome_recorded':
      return state.outcome ? [wait('sign_off', state.outcome.at), ...learningReviewWait(state, state.outcome.at)] : [];
    case 'follow_up':
      return state.followUps.filter((f) => !f.done).map((f) => wait('follow_up', f.dueAt, `#${f.n}`));
    case 'closed':
      return [];
  }
}

/**
 * Each open enquiry runs its own ladder from its due time while the case is being located
 * (cases opened with a policy that chases enquiries: `chasesEnquiries`). Its key names the
 * enquiry, so its escalations are told apart from the case's own and from each other.
 */
function overdueEnquiryWaits(state: CaseState): ActiveWait[] {
  if (!state.chasesEnquiries) return [];
  return state.locating.enquiries
    .filter((e) => e.status === 'open')
    .map((e) => ({ ...wait('enquiry', e.dueAt, `#${e.id}`), enquiry: e }));
}

/**
 * A case that went wrong waits for its learning review beside its sign-off, from the moment it
 * came to sign-off (its outcome, or the not-located finding), until the review is in.
 */
function learningReviewWait(state: CaseState, anchor: string): ActiveWait[] {
  return reviewPending(state) ? [wait('learning_review', anchor)] : [];
}

/** The enquiry an `enquiry` wait's key names (`enquiry#E2@…`), if any. */
export function enquiryOfKey(state: CaseState, key: string): Enquiry | undefined {
  const id = /^enquiry#([^@]+)@/.exec(key)?.[1];
  return id === undefined ? undefined : state.locating.enquiries.find((e) => e.id === id);
}

export function missingAcks(state: CaseState): string[] {
  const got = Object.keys(state.acks);
  // Without requireBothAcks either party will do, but one must acknowledge: until then the wait runs.
  if (state.requiredAcks.length === 0) return got.length > 0 ? [] : ['control_room or police_station'];
  return state.requiredAcks.filter((p) => !got.includes(p));
}

export function factor(policy: EscalationPolicy, severity: Severity): number {
  return policy.severityFactor[severity] ?? 1;
}

/** The next escalation of one wait, or undefined when its ladder has run out (or a supervisor holds it). */
export function nextForWait(policy: EscalationPolicy, state: CaseState, w: ActiveWait): NextEscalation | undefined {
  if (state.escalation.supervisorRequired?.key === w.key || heldAfterFinal(state, w.key)) return undefined;
  const ladder = w.enquiry ? enquiryLadder(policy, state, w.enquiry) : ladderFor(policy, state, w.kind);
  if (!ladder) return undefined;
  const sent = state.escalation.sent[w.key] ?? 0;
  const f = factor(policy, state.severity);
  const lastAfter = ladder.rungs.at(-1)?.afterMs ?? 0;
  let offset: number;
  let notify: RecipientRole[];
  let final = false;
  if (sent < ladder.rungs.length) {
    offset = ladder.rungs[sent].afterMs;
    notify = ladder.rungs[sent].notify;
  } else {
    // Repeats already sent in this round. A supervisor who takes over a ladder that ran out
    // (changeDeadline) starts a new round that goes on numbering levels, so every level keeps
    // its own delivery key (case, step, level, recipient) and is never mistaken for one sent.
    const rounds = state.escalation.history.filter((h) => h.key === w.key && h.final).length;
    const r = sent - ladder.rungs.length - rounds * (ladder.repeat.times + 1);
    if (r > ladder.repeat.times) return undefined;
    offset = lastAfter + (r + 1) * ladder.repeat.everyMs;
    notify = ladder.repeat.notify;
    if (r === ladder.repeat.times) {
      final = true;
      notify = union(notify, ['smc_supervisor', 'smc_incharge']);
    }
  }
  const override = state.escalation.overrides.find((o) => o.key === w.key);
  let dueMs = at(w.anchor) + Math.round(offset * f);
  // One level at a time: after a level that went out late (a moved deadline, a supervisor's
  // restart, a severity raise), the next keeps its spacing from that level's due time
  // instead of every level already past its anchor time firing in one burst.
  const last = sent > 0 ? state.escalation.history.findLast((h) => h.key === w.key) : undefined;
  if (last) {
    const prevOffset = sent <= ladder.rungs.length ? ladder.rungs[sent - 1].afterMs : offset - ladder.repeat.everyMs;
    dueMs = Math.max(dueMs, at(last.dueAt) + Math.round((offset - prevOffset) * f));
  }
  if (override) dueMs = at(override.dueAt);
  return { key: w.key, wait: w.kind, level: sent + 1, dueAt: new Date(dueMs).toISOString(), notify, final };
}

/** The ladder of a wait: the override of the case's current district if the policy has one, else the policy's own. */
export function ladderFor(policy: EscalationPolicy, state: Pick<CaseState, 'district'>, kind: StageWaitKind): Ladder;
export function ladderFor(
  policy: EscalationPolicy,
  state: Pick<CaseState, 'district'>,
  kind: WaitKind,
): Ladder | undefined;
export function ladderFor(policy: EscalationPolicy, state: Pick<CaseState, 'district'>, kind: WaitKind) {
  const code = state.district?.code;
  return (code && policy.districtOverrides?.[code]?.[kind]) || policy.ladders[kind];
}

/** An overdue enquiry's ladder: its line of enquiry's own, else the policy's `enquiry` ladder. */
export function enquiryLadder(policy: EscalationPolicy, state: Pick<CaseState, 'district'>, e: Enquiry) {
  return policy.enquiryLadders?.[e.kind] ?? ladderFor(policy, state, 'enquiry');
}

/**
 * The final escalation of a wait whose ladder ran out and that no supervisor has taken over
 * since (changeDeadline leaves an override). Derived from the history, not from the one
 * `supervisorRequired` slot, so a second ladder running out never revives the first.
 */
export function heldAfterFinal(state: CaseState, key: string): EscalationRecord | undefined {
  const last = state.escalation.history.findLast((h) => h.key === key);
  return last?.final && !state.escalation.overrides.some((o) => o.key === key) ? last : undefined;
}

/** The earliest escalation due over every open wait. */
export function nextEscalation(policy: EscalationPolicy, state: CaseState): NextEscalation | undefined {
  let best: NextEscalation | undefined;
  for (const w of activeWaits(state)) {
    const next = nextForWait(policy, state, w);
    if (next && (!best || at(next.dueAt) < at(best.dueAt))) best = next;
  }
  return best;
}

/** Highest level fired on the waits still open, and whether any of them has missed a deadline. */
export function escalationStatus(state: CaseState): { level: number; overdue: boolean } {
  const levels = activeWaits(state).map((w) => state.escalation.sent[w.key] ?? 0);
  const level = Math.max(0, ...levels);
  return { level, overdue: level > 0 || state.escalation.supervisorRequired !== undefined };
}

/**
 * Every escalation a case would send if nobody moved, from `from` until `until`: the
 * dry run behind "who is told what, and when". Simulates firing on the state alone.
 */
export function projectLadder(policy: EscalationPolicy, state: CaseState, until: number, max = 100): NextEscalation[] {
  const sim: CaseState = structuredCloneJson(state);
  const out: NextEscalation[] = [];
  while (out.length < max) {
    const next = nextEscalation(policy, sim);
    if (!next || at(next.dueAt) > until) break;
    out.push(next);
    recordFired(sim, next, next.dueAt);
  }
  return out;
}

/** Mutates the state to record that an escalation went out. */
export function recordFired(state: CaseState, next: NextEscalation, firedAt: string): void {
  state.escalation.sent[next.key] = next.level;
  state.escalation.overrides = state.escalation.overrides.filter((o) => o.key !== next.key);
  state.escalation.history.push({ ...next, firedAt });
  if (next.final) state.escalation.supervisorRequired = { key: next.key, since: firedAt };
}

function union<T>(a: T[], b: T[]): T[] {
  return [...new Set([...a, ...b])];
}

function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
