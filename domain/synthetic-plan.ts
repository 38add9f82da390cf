// A synthetic but realistic period of alerts: districts (cities weigh more), platforms, live
// broadcasts, repeat people, outcomes, genders and ages in the proportions the source articles
// report, and the intervals public reports give (locating 30–90 min, driving 4–15 min). Every
// step a person would take is planned with its time, clear of the policy's deadlines, so the
// escalations it causes are known in advance. Seeded: the same seed gives the same plan. Pure.

import { DELAY_REASONS, type Gender, type NotLocatedReason, type Severity } from '../contract/case.js';
import type { EscalationPolicy, WaitKind } from '../contract/policy.js';
import type { StepName } from '../contract/steps.js';
import { districtsOf } from './districts.js';
import { mulberry32 } from './mulberry32.js';
import { FIRST_STATE } from './profiles/index.js';
import { clearOf, waitPoints } from './synthetic-timing.js';

export type Path = 'safe' | 'hospitalised' | 'no_risk' | 'not_found_at_place' | 'deceased' | 'not_located' | 'transfer';

export interface PlannedStep {
  /** ms after the case opened. */
  at: number;
  /** For a step that ends a wait: when that wait began (the planned `at` of its step, 0 for the opening). */
  anchorAt?: number;
  step: StepName | 'alert';
  body: Record<string, unknown>;
}

export interface PlannedCase {
  n: number;
  /** ms after the run began. */
  startAt: number;
  drill: boolean;
  severity: Severity;
  platform: 'facebook' | 'instagram';
  contentKind: 'post' | 'story' | 'live_video' | 'reel';
  /** Same number, same person (phone and handle); a repeat opens after the earlier case closed. */
  person: number;
  repeatOf?: number;
  /** The same alert arrives twice (e-mail and phone): it must land on the same case. */
  duplicate: boolean;
  district: string;
  policeStation: string;
  path: Path;
  notLocatedReason?: NotLocatedReason;
  gender?: Gender;
  age?: number;
  steps: PlannedStep[];
}

export interface PlanOptions {
  seed: number;
  cases: number;
  drills?: number;
  /** The policy cases will copy: step times keep clear of its deadlines. */
  policy: EscalationPolicy;
  /** Real milliseconds one planned minute takes (60 000: real time). */
  minuteMs: number;
  /** Planned minutes over which the alerts arrive. */
  spanMinutes: number;
  /** Planned minutes every step keeps from any deadline (default 1.5): the slack for request latency. */
  marginMinutes?: number;
  /** Shorter paperwork after arrival (outcome, sign-off, reviews): for tests that cannot wait hours. */
  brisk?: boolean;
  /** The instance's state: its districts (default the first desk's). */
  stateCode?: string;
}

const CITIES = ['LKO', 'GZB', 'KNP', 'AGR', 'PRY', 'VNS', 'MRT', 'GBN', 'BRL', 'ALG', 'GKP', 'MBD'];
const STATIONS = ['Kotwali', 'Civil Lines', 'Sadar Bazar', 'Cantt', 'Kotwali Dehat', 'Thana Nagar'];
const OTHER_STATE = ['BR', 'MP', 'UK', 'DL', 'HR', 'RJ', 'MH'];

/** A seeded generator for test data (domain/mulberry32.ts). */
export function rng(seed: number) {
  const next = mulberry32(seed);
  const pick = <T>(items: readonly T[], weights?: number[]): T => {
    const w = weights ?? items.map(() => 1);
    let r = next() * w.reduce((s, x) => s + x, 0);
    for (let i = 0; i < items.length; i++) {
      r -= w[i];
      if (r < 0) return items[i];
    }
    return items[items.length - 1];
  };
  return { next, pick, between: (lo: number, hi: number) => lo + (hi - lo) * next() };
}

export function generatePlan(opts: PlanOptions): PlannedCase[] {
  const r = rng(opts.seed);
  const min = opts.minuteMs;
  const margin = (opts.marginMinutes ?? 1.5) * min;
  const total = opts.cases + (opts.drills ?? 0);
  /** Minutes the paperwork after the field work takes: realistic, or brisk. */
  const paper = (lo: number, hi: number) => (opts.brisk ? r.between(3, 8) : r.between(lo, hi));
  const home = opts.stateCode ?? FIRST_STATE;
  const districts = districtsOf(home);
  const otherStates = OTHER_STATE.filter((s) => s !== home);
  const plan: PlannedCase[] = [];
  for (let n = 0; n < total; n++) {
    const drill = n >= opts.cases;
    const live = r.next() < 0.15;
    const severity: Severity = live ? 'critical' : 'high';
    const factor = opts.policy.severityFactor[severity] ?? 1;
    const district = r.pick(
      districts.map((d) => d.code),
      districts.map((d) => (CITIES.includes(d.code) ? 4 : 1)),
    );
    const path = r.pick<Path>(
      ['safe', 'hospitalised', 'no_risk', 'not_found_at_place', 'deceased', 'not_located', 'transfer'],
      [50, 12, 12, 4, 2, 15, 5],
    );
    // A repeat person: an earlier closed case's person alerts again (about one case in ten).
    const earlier = plan.filter((p) => !p.drill && !p.repeatOf && !drill);
    const repeatOf = earlier.length > 2 && r.next() < 0.1 ? r.pick(earlier).n : undefined;
    const c: PlannedCase = {
      n,
      startAt: Math.round(r.between(0, opts.spanMinutes) * min),
      drill,
      severity,
      platform: r.pick(['instagram', 'facebook'], [7, 3]),
      contentKind: live ? 'live_video' : r.pick(['post', 'story', 'reel']),
      person: repeatOf ?? n,
      repeatOf,
      duplicate: r.next() < 0.1,
      district,
      policeStation: r.pick(STATIONS),
      path,
      steps: [],
    };
    const steps = c.steps;
    /** Planned time of a wait's end → when that wait began (filled in by `end`). */
    const anchors = new Map<number, number>();
    const add = (at: number, step: PlannedStep['step'], body: Record<string, unknown> = {}) => {
      const anchorAt = anchors.get(Math.round(at));
      steps.push({ at: Math.round(at), step, body, ...(anchorAt === undefined ? {} : { anchorAt }) });
    };
    /** Time that ends a wait which began at `anchor`, about `wanted` later, clear of its deadlines. */
    const end = (kind: WaitKind, anchor: number, wanted: number, where?: string) => {
      // Never before the step planned last: the driver takes a case's steps in order.
      const last = Math.max(0, ...steps.map((x) => x.at));
      for (let w = wanted; ; w += 1) {
        const t = anchor + clearOf(Math.round(w * min), waitPoints(opts.policy, kind, where, factor), margin);
        if (t > last + 0.2 * min || w > wanted + 600) {
          anchors.set(Math.round(t), anchor);
          return t;
        }
      }
    };
    /**
     * Sign-off, after a learning review where the outcome went wrong (a death, a person not found
     * at the place or not located). A wait that ran past its final call needs one too, but whether
     * it did depends on the clock: the driver and the simulation add it when the case asks.
     */
    const signOff = (at: number, wentWrong: boolean) => {
      if (wentWrong) add(at, 'submitReview', learningReviewOf(c));
      add(at, 'signOff');
    };
    if (r.next() < 0.1) add(1.5 * min, 'alert'); // a further alert about the same person while the case is open
    add(0.5 * min, 'startLocating');
    const located = end('locate', 0, r.next() < 0.15 ? r.between(12, 28) : r.between(30, 90));
    if (path === 'not_located' || path === 'transfer') {
      const reason: NotLocatedReason =
        path === 'transfer'
          ? 'outside_jurisdiction'
          : r.pick(['incomplete_data', 'phone_switched_off', 'dense_area', 'other'], [35, 30, 20, 15]);
      c.notLocatedReason = reason;
      add(
        located,
        'markNotLocated',
        reason === 'other' ? { reason, detail: 'Account deleted before any enquiry answered' } : { reason },
      );
      if (path === 'transfer') {
        const moved = end('review', located, paper(3, 20));
        add(moved, 'transfer', { toState: r.pick(otherStates), nodalOfficer: 'State nodal desk' });
        const acked = end('transfer_ack', moved, paper(5, 40));
        add(acked, 'acknowledgeTransfer');
        signOff(end('sign_off', acked, paper(5, 30)), false);
      } else signOff(end('review', located, paper(5, 25)), true);
      plan.push(ordered(c));
      continue;
    }
    add(located, 'markLocated', { districtCode: district, policeStation: c.policeStation });
    const notified = end('notify', located, r.between(1, 6), district);
    add(notified, 'notifyDistrict');
    // With both acknowledgements required the second ends the wait; otherwise the first does.
    if (opts.policy.requireBothAcks)
      add(notified + r.between(0.5, 1.5) * min, 'acknowledge', { party: 'control_room' });
    const acked = end('acknowledge', notified, r.between(2, 9), district);
    add(acked, 'acknowledge', { party: 'police_station' });
    add(acked + 0.3 * min, 'dispatch', { unit: `Inspector, ${c.policeStation} PS` });
    const arrived = end('arrive', notified, Math.max((acked - notified) / min + 2, r.between(4, 15)), district);
    add(arrived, 'arrive');
    const contact = ['safe', 'hospitalised', 'no_risk'].includes(path);
    if (contact) add(arrived + r.between(1, 5) * min, 'contactMade');
    const gender = r.pick<Gender>(['male', 'female', 'other', 'unknown'], [75, 21, 1, 3]);
    const ageBand = r.pick(['13-18', '19-25', '26-35', '36+', 'unknown'], [36, 42, 11, 6, 5]);
    const range: Record<string, [number, number]> = {
      '13-18': [13, 18],
      '19-25': [19, 25],
      '26-35': [26, 35],
      '36+': [36, 70],
    };
    c.gender = gender;
    c.age = ageBand === 'unknown' ? undefined : Math.round(r.between(...range[ageBand]));
    const outcome = end('outcome', arrived, paper(15, 60), district);
    add(outcome, 'recordOutcome', {
      outcome: path,
      gender,
      ...(c.age ? { age: c.age } : {}),
      counselling: contact,
      helplineReferral: contact && r.next() < 0.7,
    });
    const signed = end('sign_off', outcome, paper(10, 60));
    signOff(signed, path === 'deceased' || path === 'not_found_at_place');
    if (contact)
      for (let i = 0; i < opts.policy.followUpOffsetsMs.length; i++)
        add(signed + (i + 1) * 0.2 * min, 'completeFollowUp', { n: i + 1, personWell: true });
    plan.push(ordered(c));
  }
  return plan.sort((a, b) => a.startAt - b.startAt || a.n - b.n);
}

/**
 * A planned case's learning review. Its answers come from the case's number, not the plan's
 * random draws, so every plan of a seed stays as it was before reviews existed.
 */
export function learningReviewOf(c: Pick<PlannedCase, 'n' | 'path'>) {
  return {
    delayedBy: [DELAY_REASONS[c.n % DELAY_REASONS.length]],
    savedMinutes: 'An earlier request to the platform',
    foundBy: c.path === 'not_located' ? 'not_found' : 'other',
  };
}

const ordered = (c: PlannedCase): PlannedCase => ({ ...c, steps: [...c.steps].sort((a, b) => a.at - b.at) });

/** When the last step of a case is planned, in ms after it opened. */
export const durationOf = (c: PlannedCase) => Math.max(0, ...c.steps.map((s) => s.at));
