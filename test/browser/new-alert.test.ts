// An operator signs in, types a phone alert (a bad value is caught as it is typed), lands on
// the new case's page; the board, open in a second tab, shows the case arrive and change
// stage live, without a reload.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleTestEnv, createConsoleTestEnv, launchBrowser } from '../helpers/browser.js';
import { boardRow, signInThroughForm, takeStep, waitLive } from '../helpers/console-board.js';

describe('new alert by phone', () => {
  let env: ConsoleTestEnv;
  let browser: Browser;

  beforeAll(async () => {
    [env, browser] = await Promise.all([createConsoleTestEnv(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('is entered through the form and appears live on the board in another tab', async () => {
    const operator = await env.createUser('smc_operator');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const form = await context.newPage();
    await signInThroughForm(form, env, operator);

    // The board in a second tab of the same session, marked so a reload would show.
    const board = await context.newPage();
    await board.goto(`${env.baseUrl}/console/`);
    await board.getByRole('heading', { name: 'Open cases' }).waitFor();
    await waitLive(board);
    await board.evaluate(() => {
      (globalThis as unknown as { boardMark: string }).boardMark = 'not reloaded';
    });

    await form.getByRole('link', { name: 'New alert' }).first().click();
    await form.getByRole('heading', { name: 'New alert received by phone' }).waitFor();

    // A bad value is refused as it is typed, before leaving the field, and nothing is sent.
    const phone = form.getByLabel('Phone number');
    await phone.pressSequentially('98765 4321x');
    await form.getByText('Digits, spaces, +, ( ) and - only.').waitFor();
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    await phone.fill('+91 98765 43210');
    await form.getByText('Digits, spaces, +, ( ) and - only.').waitFor({ state: 'detached' });

    const reference = `LR-2026-${Date.now().toString().slice(-8)}`;
    await form.getByLabel('Reference').fill(reference);
    await form.getByLabel('Platform').selectOption('instagram');
    await form.getByLabel('Kind of content').selectOption('live_video');
    await form.getByLabel('Account handle').fill('@rk_example_77');
    await form.getByLabel('Location as given').fill('Near Sikandra, Agra');
    await form.getByRole('button', { name: 'Save and open the case' }).click();

    await form.waitForURL(/\/console\/cases\/JV-(?:[A-Z]{2}-)?\d{4}-\d{6,}$/);
    const caseId = decodeURIComponent(new URL(form.url()).pathname.split('/').at(-1) ?? '');
    // The case page (pages/case.tsx) names the case in its heading.
    await form.getByRole('heading', { level: 1, name: new RegExp(caseId) }).waitFor();

    // The board shows it arrive, announces it politely, and marks it critical (a live video).
    const row = boardRow(board, caseId);
    await row.waitFor();
    await board.locator('[aria-live="polite"]', { hasText: `New case ${caseId}` }).waitFor();
    expect(await row.getByText('Critical').count()).toBe(1);
    await row.getByText('Received').waitFor();
    await row.getByText('New', { exact: true }).waitFor();

    // A step taken elsewhere changes the row in place.
    await takeStep(env, caseId, 'locating/start');
    await row.getByText('Locating').waitFor();
    expect(await board.evaluate(() => (globalThis as unknown as { boardMark?: string }).boardMark)).toBe(
      'not reloaded',
    );

    // The same alert again: the form says it was already received and links to the case.
    const fillFirst = async () => {
      await form.goto(`${env.baseUrl}/console/new-alert`);
      await form.getByLabel('Reference').fill(reference);
      await form.getByLabel('Platform').selectOption('instagram');
      await form.getByLabel('Kind of content').selectOption('live_video');
      await form.getByLabel('Account handle').fill('@rk_example_77');
    };
    await fillFirst();
    await form.getByLabel('Phone number').fill('+91 98765 43210');
    await form.getByLabel('Location as given').fill('Near Sikandra, Agra');
    await form.getByRole('button', { name: 'Save and open the case' }).click();
    await form.getByText(`This alert was already received (same reference). It is on case ${caseId}.`).waitFor();
    expect(await form.getByRole('link', { name: `Open case ${caseId}` }).getAttribute('href')).toBe(
      `/console/cases/${caseId}`,
    );

    // The same reference saying something else is never dropped: it joins the case, marked a repeat.
    await fillFirst();
    await form.getByLabel('Location as given').fill('Taj Ganj, Agra');
    await form.getByRole('button', { name: 'Save and open the case' }).click();
    await form
      .getByText(
        `This reference was already received with different details. The alert has been added to case ${caseId} as a repeat, for the desk to check.`,
      )
      .waitFor();
    expect(await form.getByRole('link', { name: `Open case ${caseId}` }).getAttribute('href')).toBe(
      `/console/cases/${caseId}`,
    );

    await context.close();
  });

  it('shows what is missing when the form is sent empty', async () => {
    const operator = await env.createUser('smc_operator');
    const context = await browser.newContext();
    await context.addCookies((await env.signIn(operator)).cookies);
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/console/new-alert`);
    await page.getByRole('button', { name: 'Save and open the case' }).click();
    await page.getByText('The alert was not saved. Please correct the marked fields.').waitFor();
    await page.getByText('Give at least one way to reach or find the person.').waitFor();
    // The first field to fix has the focus.
    expect(await page.locator(':focus').getAttribute('name')).toBe('sourceRef');
    await context.close();
  });
});
