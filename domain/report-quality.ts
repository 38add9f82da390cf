// Data-quality warnings: where the counts do not add up, say so rather than hide it (the
// source articles' own figures do not: their female sub-counts exceed the female total). Pure.
import type { CaseFacts, Report, ReportInput } from './report-types.js';

const ORDER: (keyof CaseFacts)[] = [
  'openedAt',
  'locatedAt',
  'notifiedAt',
  'acknowledgedAt',
  'arrivedAt',
  'contactAt',
  'outcomeAt',
];
const SAVED = ['safe', 'hospitalised'];

export function qualityReport(input: ReportInput, funnel: Record<string, number>): Report {
  const rows: Report['rows'] = [];
  const warn = (check: string, count: number, detail: string) => {
    if (count > 0) rows.push({ check, count, detail });
  };
  const steps = Object.entries(funnel).slice(1);
  for (let i = 1; i < steps.length; i++) {
    const [prev, a] = steps[i - 1];
    const [step, b] = steps[i];
    warn('funnel_grows', b > a ? b - a : 0, `${step} (${b}) exceeds ${prev} (${a})`);
  }
  const cases = input.cases;
  const outOfOrder = cases.filter((c) => {
    const times = ORDER.map((k) => c[k]).filter((t): t is Date => t instanceof Date);
    return times.some((t, i) => i > 0 && t < times[i - 1]);
  });
  warn(
    'milestones_out_of_order',
    outOfOrder.length,
    'cases whose milestones are not in order (received ≤ located ≤ notified ≤ acknowledged ≤ arrived ≤ contact ≤ outcome)',
  );
  const saved = cases.filter((c) => c.outcome && SAVED.includes(c.outcome));
  const mf = saved.filter((c) => c.gender === 'male' || c.gender === 'female').length;
  warn(
    'saved_gender_split',
    saved.length - mf,
    `saved: ${saved.length}, male + female: ${mf}; the rest are other or unknown gender`,
  );
  const banded = saved.filter((c) => c.ageBand && c.ageBand !== 'unknown').length;
  warn(
    'saved_age_split',
    saved.length - banded,
    `saved: ${saved.length}, in an age band: ${banded}; the rest have no known age`,
  );
  warn(
    'outcome_without_contact',
    cases.filter((c) => c.outcome && [...SAVED, 'no_risk'].includes(c.outcome) && !c.contactAt).length,
    'outcomes that need an officer with the person, recorded without contact made',
  );
  warn(
    'located_without_district',
    cases.filter((c) => c.locatedAt && !c.districtCode).length,
    'cases located without a district',
  );
  const attached = cases.reduce((n, c) => n + c.alertCount, 0);
  warn(
    'alerts_across_period',
    Math.abs(input.alerts - attached),
    `alerts received in the period: ${input.alerts}; alerts on cases opened in it: ${attached} (alerts attached across the period's edges)`,
  );
  warn(
    'not_started',
    cases.filter((c) => !c.workflowStarted).length,
    'cases stored but whose workflow has not started yet (outbox pending)',
  );
  warn(
    'open',
    cases.filter((c) => c.stage !== 'closed').length,
    'cases still open: their later steps may still change these numbers',
  );
  return {
    name: 'quality',
    title: 'Data-quality warnings: where the numbers do not add up',
    columns: ['check', 'count', 'detail'],
    rows,
  };
}
