// Small-cell suppression for district and senior officers' reports: district × hour ×
// gender × age band × outcome can point at one person, so a count from 1 to 4 is not shown
// (null, an empty CSV cell), nor what is computed from it (a percentage, a median, a number
// in a warning's text). Zero stays: it identifies no one. Pure.
import { GENDERS } from '../contract/case.js';
import type { Cell, Report } from './report-types.js';

export const SUPPRESS_BELOW = 5;

/** Cells that count people or cases, whatever the report. */
const COUNT_COLUMNS = new Set<string>(['count', 'laterLocated', 'total', 'n', 'breaches', ...GENDERS]);
/** Cells computed from a count in the same row: hidden with it. */
const DERIVED_FROM: Record<string, string> = {
  percentOfCases: 'count',
  percentOfReviews: 'count',
  medianSeconds: 'n',
  p90Seconds: 'n',
  medianMinutes: 'n',
  p90Minutes: 'n',
};

const small = (value: Cell) => typeof value === 'number' && value > 0 && value < SUPPRESS_BELOW;

export function suppressSmallCells(report: Report): Report {
  const rows = report.rows.map((row) => {
    const out: Record<string, Cell> = { ...row };
    for (const [column, value] of Object.entries(row)) {
      if (COUNT_COLUMNS.has(column) && small(value)) out[column] = null;
      const base = DERIVED_FROM[column];
      if (base && small(row[base] ?? null)) out[column] = null;
      // Warnings quote their numbers in words ("saved: 3, male + female: 2").
      if (typeof value === 'string' && column === 'detail')
        out[column] = value.replace(/\b[1-4]\b/g, `<${SUPPRESS_BELOW}`);
    }
    return out;
  });
  return { ...report, rows };
}
