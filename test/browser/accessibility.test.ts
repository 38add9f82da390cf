// The console against axe-core (WCAG 2.0/2.1 A and AA) in a real browser, page by page and
// in the states people meet them in: the login page with a refusal, a board with overdue and
// new cases (desk and phone), a case mid-flight with its step buttons and an open form showing
// its errors, the new-alert form with a bad value, reports, directory and policies. The board
// and the case page are checked in English and in Hindi. No serious or critical violation is
// allowed. Then an officer signs in, opens a case from the board and takes two steps with the
// keyboard alone, and every control the focus lands on shows it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import {
  type ConsoleTestEnv,
  type ConsoleUser,
  createConsoleTestEnv,
  launchBrowser,
  saveScreenshot,
} from '../helpers/browser.js';
import { locatedCase, postAlert, waitLive } from '../helpers/console-board.js';
import { apiStep, expectStage, newCase } from '../helpers/console-case.js';
import { seedReportHistory } from '../helpers/console-reports.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let env: ConsoleTestEnv;
let browser: Browser;
beforeAll(async () => {
  // One policy minute = 1.5 s: a case's first reminder is due 15 s after its alert, so the
  // board has overdue rows (their own colours) to check.
  [env, browser] = await Promise.all([createConsoleTestEnv({ policy: scaledPolicy(1500) }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; html: string; summary: string }[];
}

/**
 * axe.run over the whole page; fails on any serious or critical violation and prints each
 * with the elements at fault. The console's CSP allows only its own scripts, so axe is put
 * in through the DevTools protocol (page.evaluate), which the CSP does not govern.
 */
async function audit(page: Page, name: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return {
      passed: result.passes.map((v) => v.id),
      review: result.incomplete.map((v) => `${v.id} (${v.nodes.length})`),
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((n) => ({
          target: n.target.join(' '),
          html: n.html.slice(0, 160),
          summary: n.failureSummary ?? '',
        })),
      })),
    };
  }, WCAG_TAGS);
  // axe really looked: the page has labelled controls and text whose contrast it measured.
  expect(violations.passed, name).toEqual(
    expect.arrayContaining(['color-contrast', 'document-title', 'html-has-lang']),
  );
  if (process.env.A11Y_VERBOSE)
    console.log(
      `${name}: ${violations.passed.length} rules passed; to review by hand: ${violations.review.join(', ') || 'none'}; all violations: ${violations.violations.map((v) => `${v.id} [${v.impact}] ${v.nodes.map((n) => n.target).join(' | ')}`).join('; ') || 'none'}`,
    );
  const serious = violations.violations.filter((v: Violation) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target}\n      ${n.html}\n      ${n.summary.replaceAll('\n', '\n      ')}`).join('\n')}`,
    )
    .join('\n');
  if (serious.length > 0) await saveScreenshot(page, `a11y-${name}.png`, { fullPage: true });
  expect(
    serious.map((v) => v.id),
    `${name}: axe found\n${report}`,
  ).toEqual([]);
}

async function contextFor(
  user: ConsoleUser | null,
  opts: { phone?: boolean; dark?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    colorScheme: opts.dark ? 'dark' : 'light',
    viewport: opts.phone ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    isMobile: opts.phone,
    hasTouch: opts.phone,
    locale: 'en-IN',
    // The arrival highlight fades from a warning colour; checked still, not mid-fade.
    reducedMotion: 'reduce',
  });
  if (user) await context.addCookies((await env.signIn(user)).cookies);
  return context;
}

async function toHindi(page: Page, heading: RegExp | string): Promise<void> {
  await page.getByRole('button', { name: 'हिन्दी' }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('hi');
}

describe('accessibility (axe-core, WCAG 2 A/AA): no serious or critical violation', () => {
  it('login page, with a refusal showing, in English and Hindi', async () => {
    const context = await contextFor(null);
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/`);
    await page.getByLabel('Username').fill('nobody');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await audit(page, 'login-en');
    await toHindi(page, /साइन इन/);
    await audit(page, 'login-hi');
    await context.close();
  });

  it('board with overdue, located, new and drill cases: English, Hindi, and Hindi on a phone', async () => {
    const overdue = await postAlert(env, { districtHint: 'AGR' });
    await locatedCase(env, 'AGR', 'Sikandra');
    await postAlert(env, { contentKind: 'live_video' });
    const supervisor = await env.createUser('smc_supervisor');
    const context = await contextFor(supervisor);
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/?drills=true`);
    await waitLive(page);
    // A case that arrives while the board is open is marked "New"; a drill shows its badge.
    await postAlert(env, { drill: true, districtHint: 'LKO' });
    await page.locator('.board-row-new').first().waitFor();
    await page.locator(`tr.board-row-overdue[data-case-id="${overdue}"]`).waitFor({ timeout: 40_000 });
    await audit(page, 'board-en');
    await toHindi(page, 'खुले मामले');
    await audit(page, 'board-hi');
    await context.close();

    // The same person (Hindi is now remembered for them) on a phone: rows become cards, filters fold away.
    const phone = await contextFor(supervisor, { phone: true });
    const small = await phone.newPage();
    await small.goto(`${env.baseUrl}/console/`);
    await small.getByRole('heading', { level: 1, name: 'खुले मामले' }).waitFor();
    await small.locator('tr.board-row-overdue').first().waitFor();
    await audit(small, 'board-hi-phone');
    await small.locator('.board-fold > summary').click();
    await audit(small, 'board-hi-phone-filters');
    await phone.close();
  });

  it('case page mid-flight, with its step buttons and an open form showing errors, in English and Hindi', async () => {
    const caseId = await newCase(env, { districtHint: 'AMB' });
    await apiStep(env, caseId, '/locating/start', {});
    await apiStep(env, caseId, '/enquiries', { kind: 'telecom_lookup', owner: 'STF telecom desk', dueInMinutes: 15 });
    await apiStep(env, caseId, '/location-hints', {
      summary: 'Tower near Akbarpur bus stand',
      districtCode: 'AMB',
      confidence: 1,
    });
    const operator = await env.createUser('smc_operator');
    const context = await contextFor(operator);
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/cases/${caseId}`);
    await page.getByRole('heading', { level: 1, name: `Case ${caseId}` }).waitFor();
    await expectStage(page, 'Locating');
    // The first locating reminder has gone out: the ladder shows a sent rung.
    await page.locator('.case-ladder .rung-sent').first().waitFor({ timeout: 40_000 });
    await audit(page, 'case-en');

    await page.locator('.step-buttons').getByRole('button', { name: 'Open a line of enquiry', exact: true }).click();
    const form = page.getByRole('form', { name: 'Open a line of enquiry' });
    await form.getByLabel('Who is working on it').waitFor();
    await form.getByLabel('Due in (minutes)').fill('5000');
    await form.getByRole('button', { name: 'Open a line of enquiry', exact: true }).click();
    await form.getByText('Fill this in.').first().waitFor();
    await audit(page, 'case-form-en');

    await toHindi(page, `मामला ${caseId}`);
    await page.getByRole('form', { name: 'नई जाँच खोलें' }).waitFor();
    await audit(page, 'case-form-hi');
    await context.close();
  });

  it('new-alert form with a value refused as it is typed and the required fields flagged', async () => {
    const context = await contextFor(await env.createUser('smc_operator'));
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/new-alert`);
    await page.getByLabel('Phone number').pressSequentially('98765 4321x');
    await page.getByText('Digits, spaces, +, ( ) and - only.').waitFor();
    await page.getByRole('button', { name: 'Save and open the case' }).click();
    await page.getByText('Required.').first().waitFor();
    await audit(page, 'new-alert-en');
    await context.close();
  });

  it('reports over a past month, directory and escalation policy with a dry run', async () => {
    const day = 86_400_000;
    const to = new Date(Date.now() - 2 * day);
    const from = new Date(to.getTime() - 30 * day);
    await seedReportHistory(env, { from, to, count: 60, drills: 2, seed: 5 });
    const context = await contextFor(await env.createUser('smc_supervisor'));
    const page = await context.newPage();

    await page.goto(
      `${env.baseUrl}/console/reports?from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`,
    );
    await page.locator('figure.chart').first().waitFor({ timeout: 30_000 });
    await page.locator('details.chart-data > summary').first().click();
    await audit(page, 'reports-en');

    await page.goto(`${env.baseUrl}/console/directory?district=AGR`);
    await page.locator('main table').first().waitFor();
    await audit(page, 'directory-en');

    await page.goto(`${env.baseUrl}/console/policies`);
    await page.locator('table.ladder-table').first().waitFor();
    const dryRun = page.locator('form[data-form="dry-run"]');
    await dryRun.locator('input[name="district"]').fill('AGR');
    await dryRun.locator('button[type="submit"]').click();
    await page.locator('[data-dry-run]').waitFor();
    await audit(page, 'policies-en');
    await context.close();
  });
});

interface Focused {
  tag: string;
  name: string;
  visible: boolean;
  outline: string;
}

/** What has the focus, its accessible-ish name, and whether it shows a focus ring. */
const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', name: '', visible: false, outline: 'none' };
    const style = getComputedStyle(el);
    const name =
      el.getAttribute('aria-label') ??
      ((el as HTMLInputElement).labels?.[0]?.textContent || el.textContent || el.getAttribute('name') || '');
    return {
      tag: el.tagName.toLowerCase(),
      name: name.trim().replace(/\s+/g, ' ').slice(0, 80),
      visible: el.matches(':focus-visible'),
      outline:
        style.outlineStyle === 'none' || style.outlineWidth === '0px'
          ? 'none'
          : `${style.outlineWidth} ${style.outlineStyle}`,
    };
  });

/**
 * Presses Tab until the focus is on an element matching `selector`; every stop on the way
 * must show a focus ring. Returns the names of the stops (for the failure message).
 */
async function tabTo(page: Page, selector: string, max = 60): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    stops.push(`${f.tag} "${f.name}"`);
    expect(f.visible && f.outline !== 'none', `focus ring on ${f.tag} "${f.name}" (outline ${f.outline})`).toBe(true);
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return stops;
  }
  throw new Error(`Tab never reached ${selector}; it went through:\n${stops.join('\n')}`);
}

async function expectFocusRing(page: Page, what: string): Promise<Focused> {
  const f = await focused(page);
  expect(f.visible && f.outline !== 'none', `${what}: focus ring on ${f.tag} "${f.name}" (outline ${f.outline})`).toBe(
    true,
  );
  return f;
}

describe('accessibility in the dark colour scheme (a phone at 3 a.m.)', () => {
  it('board and case page with a refused step, English and Hindi', async () => {
    const overdue = await postAlert(env, { districtHint: 'AGR', drill: true });
    const caseId = await newCase(env, { districtHint: 'AMB' });
    const supervisor = await env.createUser('smc_supervisor');
    const context = await contextFor(supervisor, { dark: true });
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/?drills=true`);
    await waitLive(page);
    await postAlert(env, { districtHint: 'LKO' });
    await page.locator('.board-row-new').first().waitFor();
    await page.locator(`tr.board-row-overdue[data-case-id="${overdue}"]`).waitFor({ timeout: 40_000 });
    await audit(page, 'board-dark-en');

    await page.goto(`${env.baseUrl}/console/cases/${caseId}`);
    await expectStage(page, 'Received');
    await page.locator('.case-ladder .rung-sent').first().waitFor({ timeout: 40_000 });
    // A step someone else took meanwhile: the stale form warns, and its refusal is shown beside it.
    await page
      .locator('.step-buttons')
      .getByRole('button', { name: 'Take the case: start locating', exact: true })
      .click();
    const form = page.getByRole('form', { name: 'Take the case: start locating' });
    await form.waitFor();
    await apiStep(env, caseId, '/locating/start', { notes: 'taken by the other desk' });
    await form.getByText('The case has moved on').waitFor();
    await form.getByRole('button', { name: 'Take the case: start locating', exact: true }).click();
    await form.locator('.step-refusal').waitFor();
    await audit(page, 'case-dark-en');
    await toHindi(page, `मामला ${caseId}`);
    await audit(page, 'case-dark-hi');
    await context.close();
  });
});

describe('keyboard only', () => {
  it('signs in, opens a case from the board and takes steps without a mouse, the focus always visible', async () => {
    const caseId = await newCase(env, { districtHint: 'AMB' });
    const operator = await env.createUser('smc_operator');
    const context = await contextFor(null);
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/`);
    await page.getByLabel('Username').waitFor();

    // Sign in: the language switch comes first, then the two fields; Enter submits.
    const toUser = await tabTo(page, 'input[name="username"]');
    expect(toUser.slice(0, 2)).toEqual(['button "English"', 'button "हिन्दी"']);
    await page.keyboard.type(operator.username);
    await tabTo(page, 'input[name="password"]', 1);
    await page.keyboard.type(operator.password);
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();

    // The first Tab offers the skip link; the case's link is reached through the nav and the filters.
    await page.locator(`tr[data-case-id="${caseId}"]`).waitFor();
    expect(await tabTo(page, 'a.skip-link', 1)).toEqual(['a "Skip to the content"']);
    // The skip link passes the header: the next stop is inside the page's content.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(
        () => document.activeElement?.closest('main') !== null && document.activeElement?.closest('header') === null,
      ),
    ).toBe(true);
    const toCase = await tabTo(page, `a[href="/console/cases/${caseId}"]`);
    expect(toCase).toContain('input "Find a case by ID"');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: `Case ${caseId}` }).waitFor();
    await expectStage(page, 'Received');

    // The most likely step, opened with Space; its form has nothing required, so its button
    // has the focus and Enter confirms. The result is announced and takes the focus.
    await tabTo(page, 'button[data-step="startLocating"]');
    await page.keyboard.press('Space');
    await page.getByRole('form', { name: 'Take the case: start locating' }).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('form')?.matches('.step-form') ?? false))
      .toBe(true);
    expect((await expectFocusRing(page, 'the open form')).name).toBe('Take the case: start locating');
    await page.keyboard.press('Enter');
    await expectStage(page, 'Locating');
    await expect.poll(async () => (await focused(page)).name).toContain('Locating started.');

    // A form with required answers: the first one takes the focus; a choice typed, a name typed, Enter.
    await tabTo(page, 'button[data-step="openEnquiry"]');
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Open a line of enquiry' });
    await form.waitFor();
    await expect.poll(async () => (await focused(page)).name).toBe('Line of enquiry *');
    await expectFocusRing(page, 'the first required field');
    await page.keyboard.type('Telecom');
    expect(await form.getByLabel('Line of enquiry').inputValue()).toBe('telecom_lookup');
    await tabTo(page, 'input[name="owner"]', 1);
    await page.keyboard.type('STF telecom desk');
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(async () => (await focused(page)).name).toContain('Enquiry opened.');
    await page.locator('.enquiries').getByText('STF telecom desk').waitFor();
    await context.close();
  });
});
