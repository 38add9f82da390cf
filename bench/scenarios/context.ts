// What every scenario gets: the running topology, the operations it times, its sizes.
import type { CpuSplit } from '../cpu.js';
import type { Drivers } from '../drivers.js';
import type { BenchStack } from '../stack.js';

export interface Sizes {
  /** Sequential pairs (Jeevan, baseline) for the latency scenarios. */
  latencyPairs: number;
  /** Open cases at which the footprint is read; the last is the most open at once. */
  checkpoints: number[];
  /**
   * Seconds the bulk opening may take in all (and never eating the time the later phases need); the last checkpoint is
   * read wherever it got to. 0: no limit.
   */
  bulkBudgetS: number;
  /** Alerts in flight while opening cases in bulk through the API (the sustained intake rate). */
  bulkConcurrency: number;
  /** Cases up to this many open are opened through the API; beyond it, in the bench's process (drivers.ts openCase). */
  apiUpTo: number;
  /** Cases in flight while opening in the bench's process. */
  directConcurrency: number;
  /** Baseline operations run after each checkpoint, for the sustained-rate comparison. */
  baselineChunk: number;
  /**
   * Cases in the database while reading: the open ones, topped up (if fewer) with closed projection rows inserted
   * directly.
   */
  readingCases: number;
  /** Seconds per autocannon round, and rounds per route. */
  readSeconds: number;
  readRounds: number;
  /** Cases whose first escalation comes due during the lateness scenario. */
  latenessCases: number;
  /** Seconds after opening that each of those escalations is due. */
  latenessDueS: number;
  /**
   * Starts a second, the escalating alerts and the bare timers together (alternating), while the lateness scenario
   * opens them.
   */
  latenessRatePerS: number;
  /** Seconds per offered rate in the capacity search, and the rates tried. */
  capacityStepS: number;
  capacityRates: number[];
  /** The tuning scenario (postgres only): seconds of alerts per worker setting, and steps timed after each. */
  tuningLoadS: number;
  tuningSteps: number;
  /** The scripted shift: cases (each worked twice), and the milliseconds one desk minute lasts. */
  shiftCases: number;
  shiftMsPerMinute: number;
}

export interface Ctx {
  stack: BenchStack;
  drive: Drivers;
  sizes: Sizes;
  log: (line: string) => void;
  /** When this topology's share of the run ends (performance.now() time); phases bound themselves by it. */
  deadline: number;
  /** The end of a phase that may take `seconds`, but never past what the later phases need before `deadline`. */
  phaseEnd(seconds: number, reserveS?: number): number;
  /** Starts counting CPU per program; call the result to end the period. */
  meter(): () => CpuSplit;
}

/**
 * Intake p99 a capacity step may reach, and escalation lateness p99 the run must stay under:
 * 10% of the tightest deadline of the default policy (a critical case's acknowledgement, 5 min × 0.5).
 */
export const BOUNDS = { intakeP99Ms: 1000, latenessP99Ms: 15_000 };
