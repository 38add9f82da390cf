// The console of a Uttarakhand instance (JEEVAN_STATE=UK, issue 15): an operator signs in,
// finds a new case on the board, opens it and takes steps through its forms, and every page
// speaks of Uttarakhand: its case numbers, its districts, its desk's roles by their titles
// there, and its desk's name in the district's e-mail. No UP district, desk or rank shows.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { directoryContacts, districts, policeStations } from '../../db/schema.js';
import { PROFILES } from '../../domain/profiles/index.js';
import { seedDirectoryIfEmpty } from '../../lib/directory/seed.js';
import { type ConsoleTestEnv, createConsoleTestEnv, launchBrowser } from '../helpers/browser.js';
import { boardRow, waitLive } from '../helpers/console-board.js';
import { expectStage, newCase, signInOnPage, stepDone, takeStep } from '../helpers/console-case.js';

const { UK, UP } = PROFILES;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** UP's names: its districts, its desk, its ranks' titles (as test/unit/profiles.test.ts greps the code for them). */
const UP_ONLY = [
  ...UP.districts.map((d) => d.nameEn),
  UP.name.en,
  UP.smc.en,
  UP.roleTitles.sp.en,
  UP.roleTitles.cp_or_range_ig.en,
  UP.roleTitles.adg_zone.en,
].map((name) => ({ name, re: new RegExp(`(?<![\\p{L}])${escapeRe(name)}(?![\\p{L}])`, 'u') }));

/** The UP names a page shows (none, on a UK instance). */
async function upNamesOn(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return UP_ONLY.filter(({ re }) => re.test(text)).map(({ name }) => name);
}

let env: ConsoleTestEnv;
let browser: Browser;
beforeAll(async () => {
  [env, browser] = await Promise.all([createConsoleTestEnv({ stateCode: 'UK' }), launchBrowser()]);
  // The tests' template database holds UP's districts and example directory; this instance gets Uttarakhand's, as
  // npm start's own database for UK would.
  await env.db.db.delete(directoryContacts);
  await env.db.db.delete(policeStations);
  await env.db.db.delete(districts);
  expect(await seedDirectoryIfEmpty(env.db.db, 'UK')).toBe(true);
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

describe('a Uttarakhand instance in the browser', () => {
  it("signs in, shows the board, a case page and its step forms in Uttarakhand's names and no UP name", async () => {
    const operator = await env.createUser('smc_operator');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-IN' });
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/`);
    await signInOnPage(page, operator);
    await page.getByRole('heading', { level: 1, name: 'Open cases' }).waitFor();
    await waitLive(page);

    // A case from Dehradun, as the platform sends it: numbered for UK, on the board live.
    const caseId = await newCase(env, { districtHint: 'DDN', locationHint: 'Rishikesh, Dehradun' });
    expect(caseId).toMatch(/^JV-UK-\d{4}-\d{6,}$/);
    const row = boardRow(page, caseId);
    await row.waitFor({ timeout: 20_000 });
    // The board's district filter offers Uttarakhand's 13 districts.
    expect(await page.getByRole('option', { name: 'Haridwar' }).count()).toBeGreaterThan(0);
    expect(await upNamesOn(page)).toEqual([]);

    // The case page: the ladder names the desk's roles as Uttarakhand calls them.
    await row.getByRole('link', { name: caseId }).click();
    await page.getByRole('heading', { level: 1, name: `Case ${caseId}` }).waitFor();
    await expectStage(page, 'Received');
    await expect.poll(() => page.locator('body').innerText()).toContain(UK.roleTitles.smc_supervisor.en);
    expect(await upNamesOn(page)).toEqual([]);

    await stepDone(page, 'Take the case: start locating');
    await expectStage(page, 'Locating');

    // The step form's district list is Uttarakhand's.
    const form = await takeStep(page, 'Located: confirm district and police station', async (f) => {
      const districts = await f.getByLabel('District').locator('option').allTextContents();
      expect(districts.filter((d) => /\([A-Z]{3}\)$/.test(d)).sort()).toEqual(
        UK.districts.map((d) => `${d.nameEn} (${d.code})`).sort(),
      );
      expect(await upNamesOn(page)).toEqual([]);
      await f.getByLabel('District').selectOption('DDN');
      await f.getByLabel('Police station (thana)').fill('Kotwali Rishikesh');
    });
    await form.waitFor({ state: 'detached', timeout: 30_000 });
    await expectStage(page, 'Located');
    await expect.poll(() => page.locator('.case-facts').textContent()).toContain('Dehradun (DDN)');

    // The district's e-mail: Uttarakhand's desk, in English and Hindi.
    await stepDone(page, 'Notify the district');
    await expectStage(page, 'District notified');
    const [mail] = await env.mail.waitFor((m) => m.headers['x-jeevan-case'] === caseId, 1, 20_000);
    expect(mail.text).toContain(`Jeevan, ${UK.smc.en}.`);
    expect(mail.text).toContain(`जीवन, ${UK.smc.hi}।`);
    expect(mail.text).toContain('District / जनपद: Dehradun / देहरादून');
    expect(mail.text).not.toContain(UP.smc.en);
    expect(await upNamesOn(page)).toEqual([]);

    // Back on the board, the case stands under its Uttarakhand district.
    await page.goto(`${env.baseUrl}/console/`);
    await row.getByText('Dehradun').waitFor({ timeout: 20_000 });
    expect(await upNamesOn(page)).toEqual([]);
    await context.close();
  });

  it("shows the new-alert, reports, directory and policy pages in Uttarakhand's names and no UP name", async () => {
    const pages: { as: 'smc_operator' | 'smc_supervisor'; path: string; marker: (page: Page) => Promise<boolean> }[] = [
      {
        as: 'smc_operator',
        path: 'new-alert',
        marker: async (page) => (await page.locator('option', { hasText: 'Haridwar (HDW)' }).count()) > 0,
      },
      { as: 'smc_supervisor', path: 'reports', marker: async (page) => (await page.locator('h1').count()) > 0 },
      {
        as: 'smc_supervisor',
        path: 'directory?district=DDN',
        marker: async (page) => (await page.locator('body').innerText()).includes('Dehradun (DDN)'),
      },
      {
        as: 'smc_supervisor',
        path: 'policies',
        marker: async (page) => (await page.locator('body').innerText()).includes(UK.roleTitles.sp.en),
      },
    ];
    for (const { as, path, marker } of pages) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-IN' });
      const page = await context.newPage();
      await page.goto(`${env.baseUrl}/console/`);
      await signInOnPage(page, await env.createUser(as));
      await page.getByRole('heading', { level: 1, name: 'Open cases' }).waitFor();
      await page.goto(`${env.baseUrl}/console/${path}`);
      await page.locator('h1').first().waitFor();
      await expect.poll(() => marker(page), { timeout: 20_000, message: `${path} shows Uttarakhand` }).toBe(true);
      expect(await upNamesOn(page), path).toEqual([]);
      await context.close();
    }
  });
});
