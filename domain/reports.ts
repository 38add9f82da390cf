// The reports HQ lives by, computed from the case facts of a period (drills never count):
// the funnel, outcomes by gender and age band, the saved in the source articles' shape,
// not-located reasons ranked, escalations and SLA breaches, what the learning reviews name
// (report-review.ts). Intervals and data-quality
// warnings are in report-intervals.ts and report-quality.ts. Pure.
import { AGE_BANDS, GENDERS, NOT_LOCATED_REASONS, OUTCOMES } from '../contract/case.js';
import { intervalsReport } from './report-intervals.js';
import { qualityReport } from './report-quality.js';
import { locateByEnquiryReport, reviewDelaysReport } from './report-review.js';
import type { CaseFacts, Report, ReportInput } from './report-types.js';
import { round } from './stats.js';

export const REPORT_NAMES = [
  'funnel',
  'outcomes',
  'saved',
  'not-located',
  'intervals',
  'escalations',
  'sla-breaches',
  'quality',
  'review-delays',
  'locate-by-enquiry',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** Saved: an officer intervened and the person is safe or in hospital (the articles' "saved"). */
export const isSaved = (c: Pick<CaseFacts, 'outcome'>) => c.outcome === 'safe' || c.outcome === 'hospitalised';

export function funnelCounts(input: ReportInput) {
  const cases = input.cases;
  return {
    alerts: input.alerts,
    cases: cases.length,
    located: cases.filter((c) => c.locatedAt).length,
    district_notified: cases.filter((c) => c.notifiedAt).length,
    arrived: cases.filter((c) => c.arrivedAt).length,
    contact_made: cases.filter((c) => c.contactAt).length,
    saved: cases.filter(isSaved).length,
  };
}

function funnel(input: ReportInput): Report {
  const counts = funnelCounts(input);
  return {
    name: 'funnel',
    title: 'Alerts to people saved',
    columns: ['step', 'count', 'percentOfCases'],
    rows: Object.entries(counts).map(([step, count]) => ({
      step,
      count,
      percentOfCases: counts.cases ? round((100 * count) / counts.cases) : null,
    })),
  };
}

const tally = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

function outcomes(input: ReportInput): Report {
  const rows: Report['rows'] = [];
  for (const outcome of OUTCOMES)
    for (const gender of GENDERS)
      for (const ageBand of AGE_BANDS) {
        const count = input.cases.filter(
          (c) => c.outcome === outcome && (c.gender ?? 'unknown') === gender && (c.ageBand ?? 'unknown') === ageBand,
        ).length;
        if (count > 0) rows.push({ outcome, gender, ageBand, count });
      }
  return {
    name: 'outcomes',
    title: 'Outcomes by gender and age band',
    columns: ['outcome', 'gender', 'ageBand', 'count'],
    rows,
  };
}

/** People saved by age band and gender, as the source articles report them (total first). */
function saved(input: ReportInput): Report {
  const savedCases = input.cases.filter(isSaved);
  const row = (ageBand: string, cases: CaseFacts[]) => {
    const g = tally(GENDERS);
    for (const c of cases) g[(c.gender ?? 'unknown') as keyof typeof g] += 1;
    return { ageBand, total: cases.length, ...g };
  };
  return {
    name: 'saved',
    title: 'People saved by age band and gender',
    columns: ['ageBand', 'total', ...GENDERS],
    rows: [
      row('all', savedCases),
      ...AGE_BANDS.map((b) =>
        row(
          b,
          savedCases.filter((c) => (c.ageBand ?? 'unknown') === b),
        ),
      ),
    ],
  };
}

function notLocated(input: ReportInput): Report {
  const rows = NOT_LOCATED_REASONS.map((reason) => {
    const cases = input.cases.filter((c) => c.notLocatedReason === reason);
    return { reason, count: cases.length, laterLocated: cases.filter((c) => c.locatedAt).length };
  })
    .filter((r) => r.count > 0)
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
    .map((r, i) => ({ rank: i + 1, ...r }));
  return {
    name: 'not-located',
    title: 'Why people could not be located, most frequent first',
    columns: ['rank', 'reason', 'count', 'laterLocated'],
    rows,
  };
}

const districtOf = (code: string | null) => code ?? 'unlocated';

function escalations(input: ReportInput): Report {
  const counts = new Map<string, number>();
  for (const e of input.escalations) {
    const key = `${districtOf(e.districtCode)}|${e.wait}|${e.level}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts]
    .map(([key, count]) => {
      const [district, wait, level] = key.split('|');
      return { district, wait, level: Number(level), count };
    })
    .sort((a, b) => a.district.localeCompare(b.district) || a.wait.localeCompare(b.wait) || a.level - b.level);
  return {
    name: 'escalations',
    title: 'Escalations by district, wait and level',
    columns: ['district', 'wait', 'level', 'count'],
    rows,
  };
}

/** A breach: a wait's first deadline passed (its level-1 escalation fired). */
function slaBreaches(input: ReportInput): Report {
  const counts = new Map<string, number>();
  for (const e of input.escalations.filter((x) => x.level === 1)) {
    const key = `${districtOf(e.districtCode)}|${e.wait}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts]
    .map(([key, breaches]) => ({ district: key.split('|')[0], wait: key.split('|')[1], breaches }))
    .sort((a, b) => a.district.localeCompare(b.district) || a.wait.localeCompare(b.wait));
  return {
    name: 'sla-breaches',
    title: 'Deadlines missed (first escalation of a wait) by district',
    columns: ['district', 'wait', 'breaches'],
    rows,
  };
}

export function buildReport(name: ReportName, input: ReportInput): Report {
  switch (name) {
    case 'funnel':
      return funnel(input);
    case 'outcomes':
      return outcomes(input);
    case 'saved':
      return saved(input);
    case 'not-located':
      return notLocated(input);
    case 'intervals':
      return intervalsReport(input);
    case 'escalations':
      return escalations(input);
    case 'sla-breaches':
      return slaBreaches(input);
    case 'quality':
      return qualityReport(input, funnelCounts(input));
    case 'review-delays':
      return reviewDelaysReport(input);
    case 'locate-by-enquiry':
      return locateByEnquiryReport(input);
  }
}
