// A generated period with known totals, driven through the real intake and step routes,
// and every report reproduces those totals exactly; CSV and JSON say the same; drills never
// count; a repeat person's new case shows the earlier ones.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../db/schema.js';
import { parseCsv } from '../../domain/csv.js';
import { INTERVALS, intervalSeconds } from '../../domain/report-intervals.js';
import { expectedTotals } from '../../domain/synthetic-expect.js';
import { generatePlan, type PlannedCase } from '../../domain/synthetic-plan.js';
import { drivePlan } from '../../scripts/generate-drive.js';
import { type ApiTestEnv, createApiTestEnv } from '../helpers/api.js';
import { scaledPolicy } from '../helpers/policy.js';
import { eventually } from '../helpers/wait.js';

const MINUTE_MS = 250;
// The default ladders at 250 ms a minute; no halving for critical, so a step can keep 1.5
// minutes (375 ms) clear of every deadline and the escalations are known in advance.
const policy = scaledPolicy(MINUTE_MS, { mailFailureAlertMs: 20_000, severityFactor: { critical: 1, high: 1, normal: 1 } });
const plan = generatePlan({ seed: 2, cases: 30, drills: 3, policy, minuteMs: MINUTE_MS, spanMinutes: 20, brisk: true });
const expected = expectedTotals(plan, policy);

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
const byKey = (rows: Row[], keys: string[], value: string) => Object.fromEntries(rows.map((r) => [keys.map((k) => r[k]).join('|'), r[value]]));

describe('reports over a generated period', () => {
  it('the funnel: alerts → cases → located → notified → arrived → contact made → saved', () => {
    expect(byKey(reports.funnel.rows, ['step'], 'count')).toEqual(expected.funnel);
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

  it('escalations by district, wait and level, and SLA breaches', () => {
    expect(byKey(reports.escalations.rows, ['district', 'wait', 'level'], 'count')).toEqual(expected.escalations);
    const breaches: Record<string, number> = {};
    for (const [key, n] of Object.entries(expected.escalations)) {
      const [district, wait, level] = key.split('|');
      if (level === '1') breaches[`${district}|${wait}`] = n;
    }
    expect(byKey(reports['sla-breaches'].rows, ['district', 'wait'], 'breaches')).toEqual(breaches);
  });

  it('intervals: one value per case that reached both milestones, medians near the planned ones', async () => {
    const all = reports.intervals.rows.filter((r) => r.by === 'all');
    const located = counted.filter((c) => c.steps.some((s) => s.step === 'markLocated'));
    expect(byKey(all, ['interval'], 'n')).toEqual(Object.fromEntries(INTERVALS.map(([name]) => [name, located.length])));
    const planned = (c: PlannedCase, step: string) => (c.steps.find((s) => s.step === step)?.at ?? 0) / 1000;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
    const alertToLocated = Number(all.find((r) => r.interval === 'alert_to_located')?.medianSeconds);
    expect(Math.abs(alertToLocated - median(located.map((c) => planned(c, 'markLocated'))))).toBeLessThan(2);
    const byDistrict = reports.intervals.rows.filter((r) => r.by === 'district' && r.interval === 'alert_to_arrived');
    expect(Object.fromEntries(byDistrict.map((r) => [r.group, r.n]))).toEqual(
      located.reduce<Record<string, number>>((m, c) => {
        m[c.district] = (m[c.district] ?? 0) + 1;
        return m;
      }, {}),
    );
    const hours = reports.intervals.rows.filter((r) => r.by === 'hour' && r.interval === 'alert_to_located');
    expect(hours.reduce((n, r) => n + Number(r.n), 0)).toBe(located.length);
    // The projection's own milestones agree with the report to the millisecond.
    const rows = await env.db.db.select().from(cases).where(eq(cases.drill, false));
    const ours = rows.filter((r) => [...caseIds.values()].includes(r.id));
    const secs = ours.map((r) => intervalSeconds({ ...r, workflowStarted: true }, 'openedAt', 'arrivedAt')).filter((v) => v !== undefined);
    expect(secs).toHaveLength(located.length);
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
      const res = await env.app.inject({ method: 'GET', url: `/reports/${name}?${period}&format=csv`, headers: env.as('senior_officer') });
      expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      const [header, ...lines] = parseCsv(res.body).records;
      expect(header.fields).toEqual(report.columns);
      expect(lines.map((l) => l.fields)).toEqual(report.rows.map((r) => report.columns.map((c) => (r[c] === null ? '' : String(r[c])))));
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
      const earlierIds = plan.filter((p) => p.person === c.person && p.n !== c.n && p.startAt <= c.startAt).map((p) => caseIds.get(p.n));
      expect(res.earlierCases.map((e: { id: string }) => e.id)).toEqual(
        expect.arrayContaining(earlierIds.filter((id) => id !== undefined && id !== caseIds.get(c.n))),
      );
      const first = res.earlierCases.find((e: { id: string }) => e.id === caseIds.get(c.repeatOf as number));
      expect(first).toMatchObject({ stage: 'closed', matchedOn: expect.arrayContaining(['phone']) });
    }
  });
});
