// What the learning reviews teach (issue 17): how often each reason delayed a case that went
// wrong, and how long locating took by the line of enquiry that found the person. Pure.
import { DELAY_REASONS, FOUND_BY } from '../contract/case.js';
import type { CaseFacts, Report } from './report-types.js';
import { median, percentile, round } from './stats.js';

/** Reviews per delay reason, most frequent first (a review may name up to five). */
export function reviewDelaysReport(input: { cases: CaseFacts[] }): Report {
  const reviewed = input.cases.filter((c) => c.reviewDelays !== null);
  const rows = DELAY_REASONS.map((reason) => ({
    reason,
    count: reviewed.filter((c) => c.reviewDelays?.includes(reason)).length,
  }))
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count || DELAY_REASONS.indexOf(a.reason) - DELAY_REASONS.indexOf(b.reason))
    .map((r, i) => ({ rank: i + 1, ...r, percentOfReviews: round((100 * r.count) / reviewed.length) }));
  return {
    name: 'review-delays',
    title: 'What delayed us: learning reviews per reason, most frequent first',
    columns: ['rank', 'reason', 'count', 'percentOfReviews'],
    rows,
  };
}

const minutesToLocate = (c: CaseFacts) =>
  c.locatedAt ? (c.locatedAt.getTime() - c.openedAt.getTime()) / 60_000 : undefined;

/**
 * Minutes from the alert to the person located, by the line of enquiry that found them (the
 * review's answer, else the last enquiry that reported a find before location); `none`: located
 * without an enquiry's find (the alert's data, a hint, the operator).
 */
export function locateByEnquiryReport(input: { cases: CaseFacts[] }): Report {
  const located = input.cases.filter((c) => c.locatedAt);
  const lines = [...FOUND_BY.filter((f) => f !== 'not_found'), 'none'] as const;
  const rows: Report['rows'] = [];
  for (const line of lines) {
    const values = located
      .filter((c) => (c.foundBy === null || c.foundBy === 'not_found' ? 'none' : c.foundBy) === line)
      .map(minutesToLocate)
      .filter((v): v is number => v !== undefined);
    if (values.length === 0) continue;
    rows.push({
      foundBy: line,
      n: values.length,
      medianMinutes: round(median(values)),
      p90Minutes: round(percentile(values, 0.9)),
    });
  }
  return {
    name: 'locate-by-enquiry',
    title: 'Time to locate (minutes from the alert) by the line of enquiry that found the person',
    columns: ['foundBy', 'n', 'medianMinutes', 'p90Minutes'],
    rows,
  };
}
