// Percentiles as spreadsheets and PostgreSQL's percentile_cont compute them (linear
// interpolation between closest ranks), so a report's numbers can be checked by hand.

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export const median = (values: readonly number[]) => percentile(values, 0.5);

/** Rounded to a fixed number of decimals, so JSON and CSV print the same digits. */
export const round = (value: number | null, decimals = 1): number | null =>
  value === null ? null : Math.round(value * 10 ** decimals) / 10 ** decimals;
