// How long each step took: alert→located→notified→acknowledged→arrived, median and 90th
// percentile, over all cases, by district and by hour of day (IST, of the alert). Pure.
import type { CaseFacts, Report } from './report-types.js';
import { istHour } from './shifts.js';
import { median, percentile, round } from './stats.js';

export const INTERVALS: [name: string, from: keyof CaseFacts, to: keyof CaseFacts][] = [
  ['alert_to_located', 'openedAt', 'locatedAt'],
  ['located_to_notified', 'locatedAt', 'notifiedAt'],
  ['notified_to_acknowledged', 'notifiedAt', 'acknowledgedAt'],
  ['acknowledged_to_arrived', 'acknowledgedAt', 'arrivedAt'],
  ['alert_to_arrived', 'openedAt', 'arrivedAt'],
];

/** Seconds between two milestones of a case, when both are set. */
export function intervalSeconds(c: CaseFacts, from: keyof CaseFacts, to: keyof CaseFacts): number | undefined {
  const a = c[from];
  const b = c[to];
  return a instanceof Date && b instanceof Date ? (b.getTime() - a.getTime()) / 1000 : undefined;
}

export function intervalsReport(input: { cases: CaseFacts[] }): Report {
  const groups: [by: string, group: (c: CaseFacts) => string][] = [
    ['all', () => 'all'],
    ['district', (c) => c.districtCode ?? 'unlocated'],
    ['hour', (c) => String(istHour(c.openedAt)).padStart(2, '0')],
  ];
  const rows: Report['rows'] = [];
  for (const [by, groupOf] of groups) {
    const keys = [...new Set(input.cases.map(groupOf))].sort();
    for (const group of keys) {
      const cases = input.cases.filter((c) => groupOf(c) === group);
      for (const [interval, from, to] of INTERVALS) {
        const values = cases.map((c) => intervalSeconds(c, from, to)).filter((v): v is number => v !== undefined);
        if (values.length === 0) continue;
        rows.push({
          by,
          group,
          interval,
          n: values.length,
          medianSeconds: round(median(values), 3),
          p90Seconds: round(percentile(values, 0.9), 3),
        });
      }
    }
  }
  return {
    name: 'intervals',
    title: 'Intervals between milestones (seconds): median and 90th percentile',
    columns: ['by', 'group', 'interval', 'n', 'medianSeconds', 'p90Seconds'],
    rows,
  };
}
