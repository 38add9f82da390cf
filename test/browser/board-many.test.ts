// The board's summary with more open cases than one page holds: "200 shown of 205", from
// the API's count, rather than passing off the first page's counts as the whole desk's
// (the page holds the nearest deadlines first, so the overdue ones are on it).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleTestEnv, createConsoleTestEnv, launchBrowser } from '../helpers/browser.js';

describe('case board with more than a page of open cases', () => {
  let env: ConsoleTestEnv;
  let browser: Browser;

  beforeAll(async () => {
    [env, browser] = await Promise.all([createConsoleTestEnv(), launchBrowser()]);
    // 205 open cases as the projection holds them (the board reads PostgreSQL, not Temporal).
    await env.db.owner(`
      INSERT INTO cases (id, workflow_id, stage, severity, drill, legal_ground, policy_version, opened_at)
      SELECT 'JV-2026-' || lpad((900000 + n)::text, 6, '0'), 'case-JV-2026-' || lpad((900000 + n)::text, 6, '0'),
             'received', 'high', false, 'test', '1', now() - (n || ' minutes')::interval
      FROM generate_series(1, 205) AS n`);
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('says how many are shown of how many open, counted by the API', async () => {
    const operator = await env.createUser('smc_operator');
    const context = await browser.newContext();
    await context.addCookies((await env.signIn(operator)).cookies);
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/`);
    await page
      .getByText('200 shown of 205 open (the nearest deadlines first) · 0 overdue · 0 critical among them')
      .waitFor();
    // The API counts every page when asked, and only reads the count when there is more than one.
    const first = (await env.app.inject({ method: 'GET', url: '/cases?open=true&count=true' })).json();
    expect(first).toMatchObject({ total: 205 });
    const one = (
      await env.app.inject({ method: 'GET', url: '/cases?open=true&count=true&limit=200&severity=critical' })
    ).json();
    expect(one).toMatchObject({ items: [], total: 0, nextCursor: null });
    await context.close();
  });
});
