// The reports page in Chromium: cases driven through the real API to different outcomes and
// districts are drawn as charts whose bars are the JSON report's numbers, every CSV link
// downloads the same report as CSV with this session, and a past month (written straight into
// the report tables) gives the screenshot in docs/screenshots/reports.png.
import { readFile } from 'node:fs/promises';
import { inArray } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../db/schema.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { generatePlan } from '../../domain/synthetic-plan.js';
import { drivePlan } from '../../scripts/generate-drive.js';
import { type ConsoleTestEnv, createConsoleTestEnv, launchBrowser, saveScreenshot } from '../helpers/browser.js';
import { seedReportHistory } from '../helpers/console-reports.js';
import { eventually } from '../helpers/wait.js';

const MINUTE_MS = 150;
/** Charts by district draw the 15 highest (pages/reports-sections.tsx). */
const TOP = 15;
const policy = scaledPolicy(MINUTE_MS, {
  mailFailureAlertMs: 20_000,
  severityFactor: { critical: 1, high: 1, normal: 1 },
});
const plan = generatePlan({ seed: 11, cases: 8, drills: 1, policy, minuteMs: MINUTE_MS, spanMinutes: 6, brisk: true });

type Row = Record<string, string | number | null>;
type Report = { name: string; columns: string[]; rows: Row[] };

let env: ConsoleTestEnv;
let browser: Browser;
let context: BrowserContext;
const istDate = (ms: number) => new Date(ms + 5.5 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  [env, browser] = await Promise.all([createConsoleTestEnv({ policy }), launchBrowser()]);
  const send = async (method: 'GET' | 'POST', url: string, body?: object) => {
    const res = await env.app.inject({ method, url, payload: body });
    return { status: res.statusCode, body: res.body };
  };
  const result = await drivePlan(plan, send);
  expect(result.problems).toEqual([]);
  const ids = [...result.caseIds.values()];
  await eventually(
    async () => {
      const rows = await env.db.db.select({ stage: cases.stage }).from(cases).where(inArray(cases.id, ids));
      return rows.length === ids.length && rows.every((r) => r.stage === 'closed');
    },
    'every driven case closed in the projection',
    90_000,
  );
  const supervisor = await env.createUser('smc_supervisor');
  context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
  await context.addCookies((await env.signIn(supervisor)).cookies);
}, 240_000);
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await env?.close();
});

/** The API's JSON reports for a period, read with the page's own session. */
async function jsonReports(page: Page, from: string, toExclusive: string): Promise<Record<string, Report>> {
  const res = await page.request.get(`${env.baseUrl}/reports?from=${from}&to=${toExclusive}`);
  expect(res.status()).toBe(200);
  return Object.fromEntries(((await res.json()) as { reports: Report[] }).reports.map((r) => [r.name, r]));
}
const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
const bars = (page: Page, chart: string) => page.locator(`figure[data-chart="${chart}"] svg rect.bar`);
const values = async (page: Page, chart: string) =>
  (
    await bars(page, chart).evaluateAll((rects) =>
      rects.map(
        (r) =>
          `${r.getAttribute('data-category')}|${r.getAttribute('data-series') ?? ''}|${r.getAttribute('data-value')}`,
      ),
    )
  ).sort();

/** Every chart's bars against the JSON rows it is drawn from. */
async function expectChartsMatch(page: Page, reports: Record<string, Report>) {
  const n = (v: unknown) => Number(v);
  const funnel = reports.funnel.rows.filter((r) => n(r.count) > 0).map((r) => `${r.step}||${r.count}`);
  expect(await values(page, 'funnel')).toEqual(funnel.sort());
  const outcomes = new Map<string, number>();
  for (const r of reports.outcomes.rows)
    outcomes.set(`${r.ageBand}|${r.outcome}`, (outcomes.get(`${r.ageBand}|${r.outcome}`) ?? 0) + n(r.count));
  expect(await values(page, 'outcomes')).toEqual([...outcomes].map(([k, v]) => `${k}|${v}`).sort());
  const saved = reports.saved.rows
    .filter((r) => r.ageBand !== 'all')
    .flatMap((r) =>
      ['male', 'female', 'other', 'unknown'].filter((g) => n(r[g]) > 0).map((g) => `${r.ageBand}|${g}|${r[g]}`),
    );
  expect(await values(page, 'saved')).toEqual(saved.sort());
  // By district: the 15 slowest (p90) are drawn, the table lists them all.
  const arrive = reports.intervals.rows
    .filter((r) => r.by === 'district' && r.interval === 'alert_to_arrived')
    .sort((a, b) => n(b.p90Seconds) - n(a.p90Seconds) || String(a.group).localeCompare(String(b.group)))
    .slice(0, TOP)
    .flatMap((r) => [`${r.group}|medianSeconds|${r.medianSeconds}`, `${r.group}|p90Seconds|${r.p90Seconds}`]);
  expect(await values(page, 'intervals-district')).toEqual(arrive.sort());
  const hours = reports.intervals.rows
    .filter((r) => r.by === 'hour' && r.interval === 'alert_to_arrived')
    .flatMap((r) => [`${r.group}|medianSeconds|${r.medianSeconds}`, `${r.group}|p90Seconds|${r.p90Seconds}`]);
  expect(await values(page, 'intervals-hour')).toEqual(hours.sort());
  const notLocated = reports['not-located'].rows.map((r) => `${r.reason}||${r.count}`);
  if (notLocated.length) expect(await values(page, 'not-located')).toEqual(notLocated.sort());
  // What delayed us, from the learning reviews; time to locate by line of enquiry, one table row a line.
  const delays = reports['review-delays'].rows.map((r) => `${r.reason}||${r.count}`);
  if (delays.length) expect(await values(page, 'review-delays')).toEqual(delays.sort());
  const byLine = page.locator('table[data-report="locate-by-enquiry"] tbody tr');
  if (reports['locate-by-enquiry'].rows.length)
    expect(await byLine.count()).toBe(reports['locate-by-enquiry'].rows.length);
  // Escalations and breaches by district: the 15 with most are drawn, split by level / wait.
  const top = (rows: Row[], field: string) => {
    const totals = new Map<string, number>();
    for (const r of rows) totals.set(String(r.district), (totals.get(String(r.district)) ?? 0) + n(r[field]));
    return new Set(
      [...totals]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, TOP)
        .map(([d]) => d),
    );
  };
  const escTop = top(reports.escalations.rows, 'count');
  const escalations = new Map<string, number>();
  for (const r of reports.escalations.rows.filter((x) => escTop.has(String(x.district))))
    escalations.set(`${r.district}|${r.level}`, (escalations.get(`${r.district}|${r.level}`) ?? 0) + n(r.count));
  if (escalations.size)
    expect(await values(page, 'escalations')).toEqual([...escalations].map(([k, v]) => `${k}|${v}`).sort());
  const brTop = top(reports['sla-breaches'].rows, 'breaches');
  const breaches = reports['sla-breaches'].rows
    .filter((r) => brTop.has(String(r.district)))
    .map((r) => `${r.district}|${r.wait}|${r.breaches}`);
  if (breaches.length) expect(await values(page, 'sla-breaches')).toEqual(breaches.sort());
}

describe('reports page', () => {
  it('draws the driven cases as charts: each bar is the JSON report’s number, with its label and a table', async () => {
    const page = await context.newPage();
    const today = istDate(Date.now());
    const reports = await jsonReports(page, today, nextDay(today));
    expect(Number(reports.funnel.rows.find((r) => r.step === 'cases')?.count)).toBe(
      plan.filter((c) => !c.drill).length,
    );
    await page.goto(`${env.baseUrl}/console/reports?from=${today}&to=${today}`);
    await bars(page, 'funnel').first().waitFor();
    await expectChartsMatch(page, reports);
    // Labels and text alternatives: the funnel names its steps; each chart has a title and a data table.
    const funnel = page.locator('figure[data-chart="funnel"]');
    await expect(funnel.locator('svg text.cat').allTextContents()).resolves.toEqual([
      'Alerts received',
      'Cases opened',
      'Located',
      'District notified',
      'Officer arrived',
      'With the person',
      'Saved',
    ]);
    expect(await funnel.locator('svg').getAttribute('role')).toBe('img');
    await funnel.locator('details summary').click();
    const saved = reports.funnel.rows.find((r) => r.step === 'saved')?.count;
    await expect(funnel.locator('table tbody tr').last().textContent()).resolves.toContain(`Saved${saved}`);
    // Drills never count: the one drill in the plan is in no bar.
    expect(Number(reports.funnel.rows.find((r) => r.step === 'alerts')?.count)).toBeGreaterThanOrEqual(
      plan.filter((c) => !c.drill).length,
    );
    await page.close();
  });

  it('downloads each report as CSV with the page’s session (same rows as the JSON)', async () => {
    const page = await context.newPage();
    const today = istDate(Date.now());
    await page.goto(`${env.baseUrl}/console/reports?from=${today}&to=${today}`);
    const link = page.locator('a[data-csv="funnel"]');
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^jeevan-funnel-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile((await download.path()) as string, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('step,count,percentOfCases');
    const reports = await jsonReports(page, today, nextDay(today));
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(
      reports.funnel.rows.map((r) => `${r.step},${r.count}`),
    );
    // Every report has its link, and each answers CSV with its own header row.
    const hrefs = await page
      .locator('a[data-csv]')
      .evaluateAll((as) => as.map((a) => [a.getAttribute('data-csv'), a.getAttribute('href')]));
    expect(hrefs.map(([name]) => name).sort()).toEqual([
      'escalations',
      'funnel',
      'intervals',
      'locate-by-enquiry',
      'not-located',
      'outcomes',
      'quality',
      'review-delays',
      'saved',
      'sla-breaches',
    ]);
    for (const [name, href] of hrefs) {
      const res = await page.request.get(`${env.baseUrl}${href}`);
      expect(res.status(), `${name}`).toBe(200);
      expect(res.headers()['content-type']).toContain('text/csv');
      const header = (await res.text()).split(/\r?\n/)[0];
      expect(header, `${name}`).toBe(reports[name as string].columns.join(','));
    }
    await page.close();
  });

  it('a past month: the charts match the JSON, and the page is screenshotted', async () => {
    const from = '2025-11-01';
    const to = '2025-11-30';
    const seeded = await seedReportHistory(env, {
      from: new Date(`${from}T00:00:00+05:30`),
      to: new Date(`${nextDay(to)}T00:00:00+05:30`),
      count: 140,
      drills: 4,
    });
    const page = await context.newPage();
    const reports = await jsonReports(page, from, nextDay(to));
    expect(Number(reports.funnel.rows.find((r) => r.step === 'cases')?.count)).toBe(seeded.counted);
    await page.goto(`${env.baseUrl}/console/reports?from=${from}&to=${to}`);
    await bars(page, 'escalations').first().waitFor();
    await expectChartsMatch(page, reports);
    // The interval picker redraws the district chart for another interval.
    await page.locator('select[data-control="interval"]').selectOption('alert_to_located');
    const located = reports.intervals.rows.filter((r) => r.by === 'district' && r.interval === 'alert_to_located');
    await expect.poll(() => bars(page, 'intervals-district').count()).toBe(Math.min(located.length, TOP) * 2);
    await page.locator('select[data-control="interval"]').selectOption('alert_to_arrived');
    await saveScreenshot(page, 'reports.png', { fullPage: true });
    await page.close();
  });
});
