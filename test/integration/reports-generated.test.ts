// A generated period with known totals, driven through the real intake and step routes,
// and every report reproduces those totals exactly; CSV and JSON say the same; drills never
// count; a repeat person's new case shows the earlier ones.
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../db/schema.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { parseCsv } from '../../domain/csv.js';
import { INTERVALS } from '../../domain/report-intervals.js';
import { median, percentile, round } from '../../domain/stats.js';
import { expectedTotals } from '../../domain/synthetic-expect.js';
import { generatePlan, type PlannedCase } from '../../domain/synthetic-plan.js';
import { drivePlan } from '../../scripts/generate-drive.js';
import { type ApiTestEnv, createApiTestEnv } from '../helpers/api.js';
import { eventually } from '../helpers/wait.js';

const MINUTE_MS = 150;
// The default ladders at 150 ms a minute, no halving for critical: the plan keeps every step
// 1.5 minutes (225 ms) clear of the deadlines, so on a quiet machine it escalates as planned.
const policy = scaledPolicy(MINUTE_MS, {
  mailFailureAlertMs: 20_000,
  severityFactor: { critical: 1, high: 1, normal: 1 },
});
const plan = generatePlan({ seed: 2, cases: 30, drills: 3, policy, minuteMs: MINUTE_MS, spanMinutes: 20, brisk: true });
// Counts are known from the plan alone; escalations and intervals from the plan's steps at the
// times the cases recorded them (request latency on a loaded machine can move a step past a
// deadline the plan kept clear of, and then the case rightly escalates).
const expected = expectedTotals(plan, policy);
let asDriven: ReturnType<typeof expectedTotals>;
let driven: PlannedCase[];

let env: ApiTestEnv;
let caseIds: Map<number, string>;
let period: string;
type Row = Record<string, string | number | null>;
type Report = { name: string; columns: string[]; rows: Row[] };
let reports: Record<string, Report>;

beforeAll(async () => {
  env = await createApiTestEnv({ policy });
  const from = new Date(Date.now() - 60_000).toISOString();
  const send = async (method: 'GET' | 'POST', url: string, body?: object) => {
    const res = await env.app.inject({ method, url, payload: body });
    return { status: res.statusCode, body: res.body };
  };
  const result = await drivePlan(plan, send);
  expect(result.problems).toEqual([]);
  caseIds = result.caseIds;
  driven = plan.map((c) => result.driven.get(c.n) as PlannedCase);
  asDriven = expectedTotals(driven, policy);
  const ids = [...caseIds.values()];
  await eventually(
    async () => {
      const rows = await env.db.db.select({ stage: cases.stage }).from(cases).where(inArray(cases.id, ids));
      return rows.length === ids.length && rows.every((r) => r.stage === 'closed');
    },
    'every generated case closed in the projection',
    60_000,
  );
  period = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`;
  const all = await env.app.inject({ method: 'GET', url: `/reports?${period}`, headers: env.as('auditor') });
  expect(all.statusCode, all.body).toBe(200);
  reports = Object.fromEntries(all.json().reports.map((r: Report) => [r.name, r]));
}, 180_000);
afterAll(() => env?.close());

const counted = plan.filter((c) => !c.drill);
const byKey = (rows: Row[], keys: string[], value: string) =>
  Object.fromEntries(rows.map((r) => [keys.map((k) => r[k]).join('|'), r[value]]));

describe('reports over a generated period', () => {
  it('the funnel: alerts → cases → located → notified → arrived → contact made → saved', () => {
    expect(byKey(reports.funnel.rows, ['step'], 'count')).toEqual(expected.funnel);
    expect(asDriven.funnel).toEqual(expected.funnel);
  });

  it('outcomes by gender × age band, and the saved in the articles’ shape', () => {
    expect(byKey(reports.outcomes.rows, ['outcome', 'gender', 'ageBand'], 'count')).toEqual(expected.outcomes);
    const saved = reports.saved.rows;
    expect(saved[0]).toMatchObject({ ageBand: 'all', total: expected.funnel.saved });
    expect(saved.slice(1).reduce((n, r) => n + Number(r.total), 0)).toBe(expected.funnel.saved);
    const males = counted.filter((c) => (c.path === 'safe' || c.path === 'hospitalised') && c.gender === 'male').length;
    expect(saved[0].male).toBe(males);
  });

  it('not-located reasons, ranked', () => {
    expect(byKey(reports['not-located'].rows, ['reason'], 'count')).toEqual(expected.notLocated);
    const counts = reports['not-located'].rows.map((r) => Number(r.count));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('escalations by district, wait and level, and SLA breaches: what each case did, no more and no less', async () => {
    // The truth is each case's own history in Temporal. Under load a deadline timer can be
    // processed after a step that came just past it, so a case may skip an escalation the
    // pure rules would fire at the driven times, but never fire one they would not.
    const truth: Record<string, number> = {};
    for (const c of counted) {
      const state = await env.cases.state(caseIds.get(c.n) as string);
      for (const e of state.escalation.history) {
        const key = `${state.district?.code ?? 'unlocated'}|${e.wait}|${e.level}`;
        truth[key] = (truth[key] ?? 0) + 1;
      }
    }
    const reported = byKey(reports.escalations.rows, ['district', 'wait', 'level'], 'count');
    expect(reported).toEqual(truth);
    for (const [key, n] of Object.entries(reported))
      expect(Number(n), key).toBeLessThanOrEqual(asDriven.escalations[key] ?? 0);
    const breaches: Record<string, number> = {};
    for (const [key, n] of Object.entries(truth)) {
      const [district, wait, level] = key.split('|');
      if (level === '1') breaches[`${district}|${wait}`] = n;
    }
    expect(byKey(reports['sla-breaches'].rows, ['district', 'wait'], 'breaches')).toEqual(breaches);
  });

  it('intervals, median and 90th percentile, over all cases and by district, to the millisecond of what happened', () => {
    // A driven case's milestones, in seconds after its alert: the times the case itself recorded.
    const at = (c: PlannedCase, step: string, party?: string) =>
      c.steps.filter((s) => s.step === step && (!party || s.body.party === party)).map((s) => s.at / 1000)[0];
    const milestones = (c: PlannedCase) => ({
      openedAt: 0,
      locatedAt: at(c, 'markLocated'),
      notifiedAt: at(c, 'notifyDistrict'),
      acknowledgedAt: at(c, 'acknowledge', 'police_station'),
      arrivedAt: at(c, 'arrive'),
    });
    const located = driven.filter((c) => !c.drill && at(c, 'markLocated') !== undefined);
    const rowsFor = (by: string, group: string, cs: PlannedCase[]) =>
      INTERVALS.map(([interval, from, to]) => {
        const values = cs
          .map(milestones)
          .map((m) => (m[to as keyof typeof m] as number) - (m[from as keyof typeof m] as number));
        return {
          by,
          group,
          interval,
          n: values.length,
          medianSeconds: round(median(values), 3),
          p90Seconds: round(percentile(values, 0.9), 3),
        };
      });
    const districts = [...new Set(located.map((c) => c.district))].sort();
    const wanted = [
      ...rowsFor('all', 'all', located),
      ...districts.flatMap((d) =>
        rowsFor(
          'district',
          d,
          located.filter((c) => c.district === d),
        ),
      ),
    ];
    const got = reports.intervals.rows.filter((r) => r.by !== 'hour' && r.group !== 'unlocated');
    // Same rows and counts; the seconds agree to the millisecond (the last digit may round either way).
    expect(got.map((r) => [r.by, r.group, r.interval, r.n])).toEqual(
      wanted.map((r) => [r.by, r.group, r.interval, r.n]),
    );
    got.forEach((r, i) => {
      expect(
        Math.abs(Number(r.medianSeconds) - Number(wanted[i].medianSeconds)),
        `${r.group} ${r.interval} median`,
      ).toBeLessThanOrEqual(0.0011);
      expect(
        Math.abs(Number(r.p90Seconds) - Number(wanted[i].p90Seconds)),
        `${r.group} ${r.interval} p90`,
      ).toBeLessThanOrEqual(0.0011);
    });
    const hours = reports.intervals.rows.filter((r) => r.by === 'hour' && r.interval === 'alert_to_located');
    expect(hours.reduce((n, r) => n + Number(r.n), 0)).toBe(located.length);
    // And close to the plan: latency moves a step by a fraction of a second, not minutes.
    const plannedMedian = median(
      counted.filter((c) => c.path !== 'not_located' && c.path !== 'transfer').map((c) => at(c, 'markLocated') ?? 0),
    );
    expect(
      Math.abs(
        Number(got.find((r) => r.by === 'all' && r.interval === 'alert_to_located')?.medianSeconds) -
          (plannedMedian ?? 0),
      ),
    ).toBeLessThan(3);
  });

  it('warns where the numbers do not add up, and only there', () => {
    const saved = counted.filter((c) => c.path === 'safe' || c.path === 'hospitalised');
    const quality = byKey(reports.quality.rows, ['check'], 'count');
    const expectedQuality: Record<string, number> = {};
    const genderless = saved.filter((c) => c.gender !== 'male' && c.gender !== 'female').length;
    const ageless = saved.filter((c) => c.age === undefined).length;
    if (genderless) expectedQuality.saved_gender_split = genderless;
    if (ageless) expectedQuality.saved_age_split = ageless;
    expect(quality).toEqual(expectedQuality);
  });

  it('leaves drills out of every report', async () => {
    const drills = plan.filter((c) => c.drill).map((c) => caseIds.get(c.n));
    expect(drills.every(Boolean)).toBe(true);
    const rows = await env.db.db
      .select({ drill: cases.drill })
      .from(cases)
      .where(inArray(cases.id, drills as string[]));
    expect(rows.map((r) => r.drill)).toEqual(drills.map(() => true));
    expect(reports.funnel.rows[1]).toMatchObject({ step: 'cases', count: counted.length });
  });

  it('serves the same rows as CSV as it does as JSON, for every report, and narrows to a district', async () => {
    for (const [name, report] of Object.entries(reports)) {
      const res = await env.app.inject({
        method: 'GET',
        url: `/reports/${name}?${period}&format=csv`,
        headers: env.as('auditor'),
      });
      expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const [header, ...lines] = parseCsv(res.body).records;
      expect(header.fields).toEqual(report.columns);
      expect(lines.map((l) => l.fields)).toEqual(
        report.rows.map((r) => report.columns.map((c) => (r[c] === null ? '' : String(r[c])))),
      );
    }
    const district = counted.find((c) => c.path === 'safe')?.district ?? 'LKO';
    const one = (await env.app.inject({ method: 'GET', url: `/reports/funnel?${period}&district=${district}` })).json();
    const mine = counted.filter((c) => c.district === district && c.path !== 'not_located' && c.path !== 'transfer');
    expect(byKey(one.rows, ['step'], 'count')).toMatchObject({
      cases: mine.length,
      located: mine.length,
      saved: mine.filter((c) => c.path === 'safe' || c.path === 'hospitalised').length,
    });
  });

  it('answers 400 naming the field for a bad period', async () => {
    const bad = await env.app.inject({ method: 'GET', url: '/reports/funnel?from=2024-13-01&to=2024-01-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].field).toBe('from');
    const backwards = await env.app.inject({ method: 'GET', url: '/reports/funnel?from=2024-02-01&to=2024-01-01' });
    expect(backwards.json().error.details[0].field).toBe('to');
  });

  it("shows a repeat person's earlier cases, with their outcomes", async () => {
    const repeats = counted.filter((c) => c.repeatOf !== undefined);
    expect(repeats.length).toBe(expected.repeatCases);
    expect(repeats.length).toBeGreaterThan(0);
    for (const c of repeats) {
      const res = (await env.app.inject({ method: 'GET', url: `/cases/${caseIds.get(c.n)}` })).json();
      const earlierIds = plan
        .filter((p) => p.person === c.person && p.n !== c.n && p.startAt <= c.startAt)
        .map((p) => caseIds.get(p.n));
      expect(res.earlierCases.map((e: { id: string }) => e.id)).toEqual(
        expect.arrayContaining(earlierIds.filter((id) => id !== undefined && id !== caseIds.get(c.n))),
      );
      const first = res.earlierCases.find((e: { id: string }) => e.id === caseIds.get(c.repeatOf as number));
      expect(first).toMatchObject({ stage: 'closed', matchedOn: expect.arrayContaining(['phone']) });
    }
  });
});
