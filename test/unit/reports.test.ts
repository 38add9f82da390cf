// The pure reports over hand-made case facts: what each number means, percentiles as
// spreadsheets compute them, and the warnings where the counts do not add up.
import { describe, expect, it } from 'vitest';
import { suppressSmallCells } from '../../domain/report-suppression.js';
import type { CaseFacts, ReportInput } from '../../domain/report-types.js';
import { buildReport } from '../../domain/reports.js';
import { median, percentile } from '../../domain/stats.js';

const T = Date.parse('2024-06-15T18:00:00Z'); // 23:30 IST
const min = (m: number) => new Date(T + m * 60_000);
function fact(over: Partial<CaseFacts>): CaseFacts {
  return {
    id: 'JV-2024-000001',
    districtCode: null,
    stage: 'closed',
    openedAt: min(0),
    locatedAt: null,
    notifiedAt: null,
    acknowledgedAt: null,
    arrivedAt: null,
    contactAt: null,
    outcomeAt: null,
    notLocatedReason: null,
    outcome: null,
    gender: null,
    ageBand: null,
    alertCount: 1,
    workflowStarted: true,
    reviewDelays: null,
    foundBy: null,
    ...over,
  };
}
const reached = (district: string, arrive: number, outcome: string, gender: string, ageBand: string) =>
  fact({
    districtCode: district,
    locatedAt: min(30),
    notifiedAt: min(32),
    acknowledgedAt: min(35),
    arrivedAt: min(arrive),
    contactAt: outcome === 'deceased' ? null : min(arrive + 2),
    outcome,
    gender,
    ageBand,
  });
const input: ReportInput = {
  alerts: 7,
  cases: [
    reached('AMB', 45, 'safe', 'male', '19-25'),
    reached('AMB', 50, 'hospitalised', 'female', '13-18'),
    reached('GZB', 40, 'safe', 'unknown', 'unknown'),
    reached('GZB', 60, 'deceased', 'male', '36+'),
    fact({ notLocatedReason: 'phone_switched_off', stage: 'closed' }),
    fact({ notLocatedReason: 'phone_switched_off', stage: 'locating', alertCount: 2 }),
  ],
  escalations: [
    { caseId: 'a', districtCode: 'AMB', wait: 'arrive', level: 1, final: false },
    { caseId: 'a', districtCode: 'AMB', wait: 'arrive', level: 2, final: false },
    { caseId: 'b', districtCode: null, wait: 'locate', level: 1, final: false },
  ],
};
const rows = (name: Parameters<typeof buildReport>[0]) => buildReport(name, input).rows;

describe('reports', () => {
  it('funnel: saved is safe or hospitalised', () => {
    expect(rows('funnel').map((r) => [r.step, r.count])).toEqual([
      ['alerts', 7],
      ['cases', 6],
      ['located', 4],
      ['district_notified', 4],
      ['arrived', 4],
      ['contact_made', 3],
      ['saved', 3],
    ]);
  });

  it('the saved in the articles’ shape, and outcomes by gender and age band', () => {
    expect(rows('saved')[0]).toEqual({ ageBand: 'all', total: 3, male: 1, female: 1, other: 0, unknown: 1 });
    expect(rows('saved').find((r) => r.ageBand === '13-18')).toMatchObject({ total: 1, female: 1 });
    expect(rows('outcomes')).toContainEqual({ outcome: 'deceased', gender: 'male', ageBand: '36+', count: 1 });
  });

  it('not located, escalations and breaches', () => {
    expect(rows('not-located')).toEqual([{ rank: 1, reason: 'phone_switched_off', count: 2, laterLocated: 0 }]);
    expect(rows('escalations')).toEqual([
      { district: 'AMB', wait: 'arrive', level: 1, count: 1 },
      { district: 'AMB', wait: 'arrive', level: 2, count: 1 },
      { district: 'unlocated', wait: 'locate', level: 1, count: 1 },
    ]);
    expect(rows('sla-breaches')).toEqual([
      { district: 'AMB', wait: 'arrive', breaches: 1 },
      { district: 'unlocated', wait: 'locate', breaches: 1 },
    ]);
  });

  it('intervals in seconds by district and by IST hour of the alert', () => {
    const r = rows('intervals');
    expect(r.find((x) => x.by === 'all' && x.interval === 'alert_to_located')).toMatchObject({
      n: 4,
      medianSeconds: 1800,
      p90Seconds: 1800,
    });
    expect(
      r.find((x) => x.by === 'district' && x.group === 'GZB' && x.interval === 'acknowledged_to_arrived'),
    ).toMatchObject({ n: 2, medianSeconds: 900 });
    expect(r.filter((x) => x.by === 'hour').map((x) => x.group)).toEqual(Array(5).fill('23'));
  });

  it('warns where the numbers do not add up', () => {
    expect(rows('quality').map((r) => [r.check, r.count])).toEqual([
      ['saved_gender_split', 1],
      ['saved_age_split', 1],
      ['open', 1],
    ]);
  });

  it('percentiles interpolate between closest ranks', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    expect(percentile([], 0.5)).toBeNull();
  });
});

describe('what the learning reviews teach', () => {
  const reviewed = (id: number, reviewDelays: string[], foundBy: string | null, locatedAfter?: number) =>
    fact({
      id: `JV-2024-0000${id}`,
      reviewDelays,
      foundBy,
      locatedAt: locatedAfter === undefined ? null : min(locatedAfter),
    });

  it('what delayed us: reviews per reason, most frequent first, with the share of reviews', () => {
    const cases = [
      reviewed(1, ['phone_switched_off', 'platform_reply_slow'], 'not_found'),
      reviewed(2, ['platform_reply_slow'], 'meta_data', 40),
      reviewed(3, ['platform_reply_slow', 'no_vehicle'], 'telecom_lookup', 25),
      reviewed(4, ['no_vehicle'], 'family_contacts', 50),
      fact({ id: 'JV-2024-000005', outcome: 'safe', locatedAt: min(10) }), // no review: counts nowhere
    ];
    const report = buildReport('review-delays', { alerts: 5, cases, escalations: [] });
    expect(report.columns).toEqual(['rank', 'reason', 'count', 'percentOfReviews']);
    expect(report.rows).toEqual([
      { rank: 1, reason: 'platform_reply_slow', count: 3, percentOfReviews: 75 },
      { rank: 2, reason: 'no_vehicle', count: 2, percentOfReviews: 50 },
      { rank: 3, reason: 'phone_switched_off', count: 1, percentOfReviews: 25 },
    ]);
    // A district officer's copy hides the small counts and their shares.
    expect(suppressSmallCells(report).rows[0]).toMatchObject({ count: null, percentOfReviews: null });
  });

  it('time to locate by line of enquiry: minutes from the alert, median and 90th percentile, located cases only', () => {
    const cases = [
      reviewed(1, ['other'], 'telecom_lookup', 20),
      reviewed(2, ['other'], 'telecom_lookup', 40),
      reviewed(3, ['other'], 'telecom_lookup', 60),
      fact({ id: 'JV-2024-000004', foundBy: 'family_contacts', locatedAt: min(15) }),
      fact({ id: 'JV-2024-000005', foundBy: null, locatedAt: min(5) }), // the operator's own location
      fact({ id: 'JV-2024-000006', foundBy: 'not_found' }), // never located: no time to count
    ];
    const report = buildReport('locate-by-enquiry', { alerts: 6, cases, escalations: [] });
    expect(report.rows).toEqual([
      { foundBy: 'telecom_lookup', n: 3, medianMinutes: 40, p90Minutes: 56 },
      { foundBy: 'family_contacts', n: 1, medianMinutes: 15, p90Minutes: 15 },
      { foundBy: 'none', n: 1, medianMinutes: 5, p90Minutes: 5 },
    ]);
    expect(suppressSmallCells(report).rows[0]).toEqual({
      foundBy: 'telecom_lookup',
      n: null,
      medianMinutes: null,
      p90Minutes: null,
    });
  });
});

describe('small-cell suppression (district and senior officers)', () => {
  it('hides counts from 1 to 4 and what is computed from them, keeps 0 and 5 and more', () => {
    const few = [1, 2, 3].map((i) =>
      fact({ id: `JV-2024-00000${i}`, districtCode: 'GZB', locatedAt: min(5), gender: 'female', ageBand: '19-25' }),
    );
    const many = [4, 5, 6, 7, 8, 9].map((i) =>
      fact({ id: `JV-2024-00000${i}`, districtCode: 'GZB', outcome: 'safe', gender: 'male' }),
    );
    const input: ReportInput = { alerts: 9, cases: [...few, ...many], escalations: [] };
    const funnel = suppressSmallCells(buildReport('funnel', input));
    expect(funnel.rows.find((r) => r.step === 'cases')).toMatchObject({ count: 9, percentOfCases: 100 });
    expect(funnel.rows.find((r) => r.step === 'located')).toMatchObject({ count: null, percentOfCases: null });
    expect(funnel.rows.find((r) => r.step === 'arrived')).toMatchObject({ count: 0 });
    const intervals = suppressSmallCells(buildReport('intervals', input));
    expect(intervals.rows.find((r) => r.interval === 'alert_to_located')).toMatchObject({
      n: null,
      medianSeconds: null,
      p90Seconds: null,
    });
    const saved = suppressSmallCells(buildReport('saved', input));
    expect(saved.rows[0]).toMatchObject({ total: 6, male: 6, female: 0 });
    const quality = suppressSmallCells(buildReport('quality', input));
    expect(quality.rows.map((r) => r.detail).join(' ')).not.toMatch(/\b[1-4]\b/);
  });
});
