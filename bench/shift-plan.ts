// The scripted shift's people: how long each human step of a case takes, drawn from what the
// reports on the UP programme give (finding the person 30–90 minutes, the drive 4–15), and
// what follows from the draws. Pure and seeded, so the scenario (bench/scenarios/shift.ts)
// and its unit test (test/unit/bench-shift-plan.test.ts) read the same script.
import type { EnquiryKind } from '../contract/case.js';
import { mulberry32 } from '../domain/mulberry32.js';

/** One line of enquiry as the shift's operator works it. All times in minutes of the real desk. */
export interface ShiftLine {
  kind: EnquiryKind;
  /** The due time the operator gives it (only a stalled line reaches it within the case). */
  dueMin: number;
  /** Minutes from being opened to its answer; null: it stalls (no answer until the case is located). */
  answerMin: number | null;
  /** The line that finds the person. */
  finds: boolean;
}

export interface ShiftCase {
  n: number;
  /** When the alert arrives, minutes after the shift began. */
  arrivesMin: number;
  /** Alert → an operator takes it. */
  takeMin: number;
  /** Three lines of enquiry; exactly one finds the person. */
  lines: [ShiftLine, ShiftLine, ShiftLine];
  /** The finding answer → the operator confirms the place. */
  confirmMin: number;
  /** Confirmed → the operator notifies the district. */
  notifyMin: number;
  /** The district's e-mail arrived → the control room acknowledges. */
  controlRoomAckMin: number;
  /** The control room's acknowledgement → a unit is named. */
  dispatchMin: number;
  /** The unit named → the police station acknowledges. */
  stationAckMin: number;
  /** The unit named → it is at the place (the drive, 4–15 minutes). */
  driveMin: number;
  /** At the place → with the person. */
  contactMin: number;
  /** With the person → the outcome recorded. */
  outcomeMin: number;
  /** Outcome → the supervisor's sign-off. */
  signOffMin: number;
}

/** A line that stalls gives the supervisor's notice this many minutes (its ladder's second rung) after its due time. */
export interface ShiftPlanOptions {
  cases: number;
  seed: number;
  /** Minutes over which the alerts arrive. */
  arrivalsOverMin: number;
  /** Share of cases with one line that stalls. */
  stallShare: number;
}

const KINDS: readonly EnquiryKind[] = ['telecom_lookup', 'meta_data', 'family_contacts'];
/** The due times an operator gives each line: another organisation's answer takes longer than a family's. */
const DUE_MIN: Record<string, number> = { telecom_lookup: 30, meta_data: 30, family_contacts: 15 };

export function planShift(opts: ShiftPlanOptions): ShiftCase[] {
  const next = mulberry32(opts.seed);
  const between = (lo: number, hi: number) => Math.round((lo + next() * (hi - lo)) * 10) / 10;
  const pick = (n: number) => Math.floor(next() * n);
  const cases: ShiftCase[] = [];
  for (let n = 0; n < opts.cases; n++) {
    const takeMin = between(1, 5);
    // Minutes to locate (alert → the finding answer) from the reported 30–90 range.
    const locateMin = between(30, 90);
    const finder = pick(3);
    const stalls = next() < opts.stallShare ? (finder + 1 + pick(2)) % 3 : -1;
    const lines = KINDS.map((kind, i): ShiftLine => {
      const dueMin = DUE_MIN[kind];
      if (i === finder) return { kind, dueMin, answerMin: Math.max(1, locateMin - takeMin), finds: true };
      if (i === stalls) return { kind, dueMin, answerMin: null, finds: false };
      // A line that finds nothing answers after 10–60 minutes, as the reports' sources do.
      return { kind, dueMin, answerMin: between(10, 60), finds: false };
    }) as ShiftCase['lines'];
    cases.push({
      n,
      arrivesMin: between(0, opts.arrivalsOverMin),
      takeMin,
      lines,
      confirmMin: between(1, 3),
      notifyMin: between(0.5, 2),
      controlRoomAckMin: between(1, 4),
      dispatchMin: between(1, 3),
      stationAckMin: between(0.5, 2),
      driveMin: between(4, 15),
      contactMin: between(0.5, 2),
      outcomeMin: between(5, 15),
      signOffMin: between(5, 20),
    });
  }
  return cases;
}

/**
 * How long a line takes when worked alone, one after another: its answer, or for a line that
 * stalls, until its chase makes the operator give it up (its due time plus the ladder's delay
 * before the supervisor is told).
 */
export function lineMinutes(line: ShiftLine, supervisorAfterMin: number): number {
  return line.answerMin ?? line.dueMin + supervisorAfterMin;
}

/** Alert → the finding answer with the three lines opened together. */
export function parallelLocateMin(c: ShiftCase): number {
  return c.takeMin + finding(c).answerMin;
}

/** Alert → the finding answer with the lines worked one after another in the table's order. */
export function sequentialLocateMin(c: ShiftCase, supervisorAfterMin: (kind: EnquiryKind) => number): number {
  let total = c.takeMin;
  for (const line of c.lines) {
    total += lineMinutes(line, supervisorAfterMin(line.kind));
    if (line.finds) return total;
  }
  throw new Error(`shift case ${c.n} has no finding line`);
}

/** The human minutes from the alert to the officer at the place, with the lines opened together. */
export function humanAlertToArrivalMin(c: ShiftCase): number {
  return parallelLocateMin(c) + c.confirmMin + c.notifyMin + c.controlRoomAckMin + c.dispatchMin + c.driveMin;
}

export function finding(c: ShiftCase): ShiftLine & { answerMin: number } {
  const line = c.lines.find((l) => l.finds);
  if (!line || line.answerMin === null) throw new Error(`shift case ${c.n} has no finding line`);
  return line as ShiftLine & { answerMin: number };
}
