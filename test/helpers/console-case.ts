// Browser-test helpers for the case page: a case made through the API, a person who has the
// page open, and one step taken through the page's own button and form.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { AlertIntake } from '../../contract/alert.js';
import { sampleAlert } from './api.js';
import { boardRow } from './console-board.js';
import type { ConsoleTestEnv, ConsoleUser } from './console-env.js';

/** A new case through POST /alerts (as HQ); its ID. */
export async function newCase(env: ConsoleTestEnv, overrides: Partial<AlertIntake> = {}): Promise<string> {
  const res = await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert(overrides) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().caseId;
}

/** A step taken by someone else, over the API. */
export async function apiStep(env: ConsoleTestEnv, caseId: string, path: string, body: object, role = 'smc_operator') {
  const res = await env.app.inject({
    method: 'POST',
    url: `/cases/${caseId}${path}`,
    payload: body,
    headers: env.as(role),
  });
  expect(res.statusCode, `${path}: ${res.body}`).toBeLessThan(300);
  return res;
}

export async function caseState(env: ConsoleTestEnv, caseId: string) {
  const res = await env.app.inject({ method: 'GET', url: `/cases/${caseId}` });
  expect(res.statusCode).toBe(200);
  return res.json().case;
}

/** Fills the real sign-in form the console shows to anyone not signed in. */
export async function signInOnPage(page: Page, user: ConsoleUser): Promise<void> {
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export interface OpenCase {
  context: BrowserContext;
  page: Page;
  user: ConsoleUser;
}

/** A new person with `role` who has the case page open (signed in by cookie, English). */
export async function openCaseAs(
  browser: Browser,
  env: ConsoleTestEnv,
  caseId: string,
  role: string | string[],
  opts: { districts?: string[]; viewport?: { width: number; height: number }; mobile?: boolean } = {},
): Promise<OpenCase> {
  const user = await env.createUser(role, opts.districts);
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 900 },
    locale: 'en-IN',
    isMobile: opts.mobile,
    hasTouch: opts.mobile,
    deviceScaleFactor: opts.mobile ? 2 : 1,
  });
  await context.addCookies((await env.signIn(user)).cookies);
  const page = await context.newPage();
  await page.goto(`${env.baseUrl}/console/cases/${caseId}`);
  await page.getByRole('heading', { level: 1, name: `Case ${caseId}` }).waitFor();
  return { context, page, user };
}

export const stageOf = (page: Page) => page.locator('.case-head .badge-stage').textContent();

/** Waits until the page shows the case in `stage` (its English label). */
export async function expectStage(page: Page, stage: string): Promise<void> {
  await expect.poll(() => stageOf(page), { timeout: 20_000 }).toBe(stage);
}

/** The step buttons on offer, in order. */
export async function offeredSteps(page: Page): Promise<string[]> {
  return page.locator('.step-buttons button').allTextContents();
}

/** Opens a step's form with its button, lets `fill` answer it, and submits it. Returns the form. */
export async function takeStep(page: Page, label: string, fill?: (form: Locator) => Promise<void>): Promise<Locator> {
  await page.locator('.step-buttons').getByRole('button', { name: label, exact: true }).click();
  const form = page.getByRole('form', { name: label });
  await form.waitFor();
  if (fill) await fill(form);
  await form.getByRole('button', { name: label, exact: true }).click();
  return form;
}

/** Takes a step and waits for the page to say it is done (the form closes, the result is announced). */
export async function stepDone(page: Page, label: string, fill?: (form: Locator) => Promise<void>): Promise<void> {
  const form = await takeStep(page, label, fill);
  await form.waitFor({ state: 'detached', timeout: 30_000 });
  await page.locator('.case-actions .step-result').filter({ hasText: /\S/ }).waitFor();
}

/** The stage the board's row of `caseId` shows (its English label); null while the case has no row. Does not wait. */
export async function boardStageOf(board: Page, caseId: string): Promise<string | null> {
  const [stage] = await boardRow(board, caseId).locator('td[data-label="Stage"]').allTextContents();
  return stage ?? null;
}

/** Waits until the board (another tab, say) shows the case in `stage` (its English label). */
export async function expectBoardStage(board: Page, caseId: string, stage: string): Promise<void> {
  await expect.poll(() => boardStageOf(board, caseId), { timeout: 20_000 }).toBe(stage);
}

const MARK = '__jeevanTestMark';

/** Marks the page's document; a reload or a navigation to another document loses the mark (see `isMarked`). */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate((key) => {
    (globalThis as Record<string, unknown>)[key] = true;
  }, MARK);
}

/** Whether the page still shows the document `markDocument` marked (it was not reloaded). */
export async function isMarked(page: Page): Promise<boolean> {
  return page.evaluate((key) => (globalThis as Record<string, unknown>)[key] === true, MARK);
}
