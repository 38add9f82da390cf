// The numbers a benchmark reports: latency summaries, rates and Jeevan/baseline ratios.
// Pure, so the report's arithmetic is unit-tested (test/unit/bench-report.test.ts).
import { percentile } from '../domain/stats.js';

export interface LatencySummary {
  n: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
  mean: number | null;
}

/** Milliseconds, rounded to 0.01 ms. Percentiles interpolate between closest ranks (domain/stats.ts). */
export function summarize(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { n: 0, p50: null, p90: null, p99: null, max: null, mean: null };
  const r = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return {
    n: samples.length,
    p50: r(percentile(samples, 0.5)),
    p90: r(percentile(samples, 0.9)),
    p99: r(percentile(samples, 0.99)),
    // A loop, not Math.max(...samples): autocannon gathers hundreds of thousands of samples on a quiet machine.
    max: r(samples.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY)),
    mean: r(samples.reduce((a, b) => a + b, 0) / samples.length),
  };
}

/** jeevan / baseline, two decimals; null when either side is missing or the baseline is 0. */
export function ratio(jeevan: number | null | undefined, baseline: number | null | undefined): number | null {
  if (jeevan === null || jeevan === undefined || baseline === null || baseline === undefined || baseline <= 0)
    return null;
  return Math.round((jeevan / baseline) * 100) / 100;
}

/** Operations per second over a period. */
export function rate(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? Math.round((count / elapsedMs) * 1000 * 10) / 10 : 0;
}

export interface Comparison {
  jeevan: LatencySummary;
  baseline: LatencySummary;
  /** jeevan p50 / baseline p50, and the same for p99. */
  ratioP50: number | null;
  ratioP99: number | null;
}

export function compare(jeevan: readonly number[], baseline: readonly number[]): Comparison {
  const j = summarize(jeevan);
  const b = summarize(baseline);
  return { jeevan: j, baseline: b, ratioP50: ratio(j.p50, b.p50), ratioP99: ratio(j.p99, b.p99) };
}

/** Growth between two checkpoints, per unit: (later - earlier) / (laterCount - earlierCount). */
export function perUnitGrowth(
  earlier: { count: number; value: number },
  later: { count: number; value: number },
): number | null {
  const dc = later.count - earlier.count;
  return dc > 0 ? (later.value - earlier.value) / dc : null;
}
