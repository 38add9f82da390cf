// The case board: a district officer sees only their district's cases, at load and live
// (the stream never brings another district's case); and a screenshot of a busy board.
import { randomInt } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleTestEnv, createConsoleTestEnv, launchBrowser, saveScreenshot } from '../helpers/browser.js';
import { boardRow, locatedCase, postAlert, takeStep, waitLive } from '../helpers/console-board.js';

describe('case board', () => {
  let env: ConsoleTestEnv;
  let browser: Browser;

  beforeAll(async () => {
    [env, browser] = await Promise.all([createConsoleTestEnv(), launchBrowser()]);
    // Case numbers as the SMC sees them (JV-2026-000231) for the screenshot. Every other test
    // database numbers from 1,000,000 up, so these never meet another file's workflow IDs.
    await env.db.owner(`ALTER SEQUENCE case_number_seq RESTART WITH ${200 + randomInt(0, 600)}`);
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it("shows a district officer only their district's cases, live", async () => {
    const earlierOwn = await locatedCase(env, 'AGR', 'Sikandra');
    const earlierForeign = await locatedCase(env, 'LKO', 'Hazratganj');

    const officer = await env.createUser('district_officer', ['AGR']);
    const context = await browser.newContext();
    await context.addCookies((await env.signIn(officer)).cookies);
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/`);
    await boardRow(page, earlierOwn).waitFor();
    await page.getByText('Showing your districts: Agra').waitFor();
    expect(await boardRow(page, earlierForeign).count()).toBe(0);
    await waitLive(page);

    // The other district's case is made first: once our own, made after it, has arrived
    // live, anything the stream would have added for the other one is on the page too.
    const foreign = await locatedCase(env, 'LKO', 'Gomti Nagar');
    const own = await locatedCase(env, 'AGR', 'Tajganj');
    await boardRow(page, own).waitFor();
    await boardRow(page, own).getByText('Located').waitFor();
    await boardRow(page, own).getByText('Tajganj').waitFor();

    // Steps on both: ours changes in place, theirs never shows.
    await takeStep(env, foreign, 'notify');
    await takeStep(env, own, 'notify');
    await boardRow(page, own).getByText('District notified').waitFor();
    // The next escalation: who it reaches (the acknowledge ladder's first rung).
    await boardRow(page, own).getByText('to District control room, SP / SSP').waitFor();
    expect(await boardRow(page, foreign).count()).toBe(0);
    expect(await boardRow(page, earlierForeign).count()).toBe(0);
    expect(await page.getByText(/LKO|Lucknow|Gomti Nagar|Hazratganj/).count()).toBe(0);

    // HQ sees both, so the officer's board was narrowed, not empty by accident.
    const all = (await env.app.inject({ method: 'GET', url: '/cases?limit=200' })).json() as {
      items: { id: string }[];
    };
    expect(all.items.map((c) => c.id)).toEqual(expect.arrayContaining([own, foreign, earlierOwn, earlierForeign]));
    await context.close();
  });

  it('takes a screenshot of a busy board (docs/screenshots/board.png)', async () => {
    const critical = { contentKind: 'live_video' as const, platform: 'instagram' as const };
    await postAlert(env, { ...critical, handle: '@aman_k_0612', locationHint: 'Gorakhpur' });
    const locating = await postAlert(env, { platform: 'facebook', urgency: 'high' });
    await takeStep(env, locating, 'locating/start');
    await locatedCase(env, 'KNP', 'Kalyanpur', { urgency: 'normal' });
    const notified = await locatedCase(env, 'PRY', 'Civil Lines', critical);
    await takeStep(env, notified, 'notify');
    const acked = await locatedCase(env, 'MRT', 'Lalkurti');
    await takeStep(env, acked, 'notify');
    await takeStep(env, acked, 'acknowledge', { party: 'control_room' });
    await takeStep(env, acked, 'acknowledge', { party: 'police_station' });
    // One overdue: a supervisor brought its deadline forward, so the escalation fired.
    const late = await locatedCase(env, 'GKP', 'Cantt', { platform: 'facebook' });
    await takeStep(env, late, 'notify');
    await takeStep(
      env,
      late,
      'deadline',
      { dueAt: new Date(Date.now() + 1000).toISOString(), reason: 'No answer from the control room' },
      env.as('smc_supervisor'),
    );

    const operator = await env.createUser('smc_operator');
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      colorScheme: 'light',
      locale: 'en-IN',
      timezoneId: 'Asia/Kolkata',
    });
    await context.addCookies((await env.signIn(operator)).cookies);
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/`);
    await waitLive(page);
    await boardRow(page, late)
      .getByText(/Overdue/)
      .waitFor();
    await boardRow(page, acked).getByText('Acknowledged').waitFor();
    await saveScreenshot(page, 'board.png');

    // The overdue case says so in words, not colour alone, and leads the most-urgent-first order.
    expect(
      await boardRow(page, late)
        .getByText(/Overdue · level 1/)
        .count(),
    ).toBe(1);
    expect(await page.locator('tbody tr').first().getAttribute('data-case-id')).toBe(late);

    // Overdue only: the filter goes to the API and into the address.
    await page.getByLabel('Overdue only').check();
    await page.locator('tbody tr').nth(1).waitFor({ state: 'detached' });
    expect(await page.locator('tbody tr').first().getAttribute('data-case-id')).toBe(late);
    expect(new URL(page.url()).search).toBe('?overdue=true');
    await page.getByLabel('Overdue only').uncheck();
    await boardRow(page, acked).waitFor();

    // On a phone the rows become cards; the same words are there.
    await page.setViewportSize({ width: 390, height: 844 });
    await boardRow(page, late)
      .getByText(/Overdue/)
      .waitFor();
    expect((await page.locator('.board-table thead').boundingBox())?.width).toBeLessThanOrEqual(1);

    // A full case ID typed into the search opens that case.
    await page.getByLabel('Find a case by ID').pressSequentially(acked.toLowerCase());
    await page.waitForURL(`**/console/cases/${acked}`);
    await context.close();
  });
});
