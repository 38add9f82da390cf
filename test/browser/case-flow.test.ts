// The case page in a real browser against the real API and workflow. The acceptance scenario
// in one test: an operator signs in through the login page, enters a phone alert through the
// New alert form, takes the new case through every step to a saved outcome only with the
// page's buttons and forms while the board, open in a second tab and never reloaded, follows
// each stage live; a supervisor signs off and the API has the outcome. Also: refusals are
// shown in plain words with the workflow's reason; and a district officer is offered only the
// steps their role may take.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_ROUTES } from '../../api/routes/steps.js';
import { STEP_PATHS } from '../../console/src/lib/step-form-plan.js';
import { type ConsoleTestEnv, createConsoleTestEnv, launchBrowser } from '../helpers/browser.js';
import { boardRow, waitLive } from '../helpers/console-board.js';
import {
  apiStep,
  caseState,
  expectBoardStage,
  expectStage,
  isMarked,
  markDocument,
  newCase,
  offeredSteps,
  openCaseAs,
  signInOnPage,
  stepDone,
  takeStep,
} from '../helpers/console-case.js';

let env: ConsoleTestEnv;
let browser: Browser;
beforeAll(async () => {
  [env, browser] = await Promise.all([createConsoleTestEnv(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

describe('the case page', () => {
  it('posts each step to the route the API serves it on', () => {
    expect(STEP_PATHS).toEqual(Object.fromEntries(STEP_ROUTES.map((r) => [r.step, r.path])));
  });

  it('an operator signs in, enters a phone alert, takes it through every step to a saved outcome and sees the board update live', async () => {
    const operator = await env.createUser('smc_operator');
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'en-IN',
      timezoneId: 'Asia/Kolkata',
    });
    const page = await context.newPage();

    // Straight to the form's address: the console asks to sign in first (the real login page), then shows the form.
    await page.goto(`${env.baseUrl}/console/new-alert`);
    await signInOnPage(page, operator);
    await page.getByRole('heading', { level: 1, name: 'New alert received by phone' }).waitFor();

    // The board in a second tab of the same session, marked: a reload would lose the mark.
    const board = await context.newPage();
    await board.goto(`${env.baseUrl}/console/`);
    await board.getByRole('heading', { level: 1, name: 'Open cases' }).waitFor();
    await waitLive(board);
    await markDocument(board);
    // Back to the first tab (the board stays open behind it).
    await page.bringToFront();

    // The call, typed in as the caller gives it.
    const reference = `LR-2026-0412-${Date.now().toString().slice(-6)}`;
    const detectedIst = new Date(Date.now() + 330 * 60_000 - 25 * 60_000).toISOString().slice(0, 16); // 25 min ago, IST wall clock
    await page.getByLabel('Reference').fill(reference);
    await page.getByLabel('Platform').selectOption('instagram');
    await page.getByLabel('Kind of content').selectOption('story');
    await page.getByLabel('Severity').selectOption('high');
    await page.getByLabel('Detected at (IST)').fill(detectedIst);
    await page.getByLabel('Phone number').fill('+91 98390 41276');
    await page.getByLabel('Account handle').fill('@neha.s_2004');
    await page.getByLabel('Account name').fill('Neha S.');
    await page.getByLabel('Location as given').fill('Near Akbarpur bus stand, Ambedkar Nagar');
    await page.getByLabel('District, if known').selectOption('AMB');
    await page
      .getByLabel('Description')
      .fill('Story showing a strip of tablets, captioned "sorry maa, this is the last one". Posted at night.');
    await page.getByRole('button', { name: 'Save and open the case' }).click();

    // The new case's page opens.
    await page.waitForURL(/\/console\/cases\/JV-(?:[A-Z]{2}-)?\d{4}-\d{6,}$/);
    const caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1) ?? '');
    await page.getByRole('heading', { level: 1, name: `Case ${caseId}` }).waitFor();
    await expectStage(page, 'Received');

    /** The board tab shows the case in `stage`, by itself: still the same document, still live. */
    const boardShows = async (stage: string) => {
      await expectBoardStage(board, caseId, stage);
      expect(await isMarked(board), 'the board tab was reloaded').toBe(true);
      expect(new URL(board.url()).pathname).toBe('/console/');
      expect(await board.locator('.board-conn-live').count()).toBe(1);
    };
    await boardShows('Received');
    await board.locator('[aria-live="polite"]', { hasText: `New case ${caseId}` }).waitFor();

    expect((await offeredSteps(page))[0]).toBe('Take the case: start locating');
    await expect
      .poll(() => page.locator('.step-buttons button.primary').textContent())
      .toBe('Take the case: start locating');

    await stepDone(page, 'Take the case: start locating');
    await expectStage(page, 'Locating');
    // The result is announced and takes the focus.
    await expect.poll(() => page.locator(':focus').textContent()).toContain('Locating started.');
    expect((await offeredSteps(page))[0]).toBe('Located: confirm district and police station');
    await boardShows('Locating');

    await stepDone(page, 'Open a line of enquiry', async (form) => {
      await form.getByLabel('Line of enquiry').selectOption({ label: 'Telecom lookup' });
      await form.getByLabel('Who is working on it').fill('STF telecom desk');
    });
    await stepDone(page, "Report an enquiry's result", async (form) => {
      expect(await form.getByLabel('Enquiry').inputValue()).toBe('E1');
      await form.getByLabel('A location was found').check();
      await form.getByLabel('What was found').fill('Tower near Akbarpur bus stand');
      await form.getByLabel('Confidence').selectOption('2');
      await form.getByLabel('District').selectOption('AMB');
      await form.getByLabel('Police station (thana)').fill('Akbarpur');
    });
    await expectStage(page, 'Locating');

    // The best estimate fills the location form; the operator confirms it.
    await stepDone(page, 'Located: confirm district and police station', async (form) => {
      expect(await form.getByLabel('District').inputValue()).toBe('AMB');
      expect(await form.getByLabel('Police station (thana)').inputValue()).toBe('Akbarpur');
    });
    await expectStage(page, 'Located');
    await expect.poll(() => page.locator('.case-facts').textContent()).toContain('Ambedkar Nagar (AMB)');
    await boardShows('Located');
    await boardRow(board, caseId).getByText('Akbarpur').waitFor();

    await stepDone(page, 'Notify the district');
    await expectStage(page, 'District notified');
    await env.mail.waitFor((m) => m.headers['x-jeevan-case'] === caseId, 1, 20_000);
    await boardShows('District notified');

    // Both the control room and the police station must acknowledge (the default policy).
    await stepDone(page, 'Acknowledge', async (form) => {
      expect(await form.getByLabel('Who acknowledges').inputValue()).toBe('control_room');
    });
    await expectStage(page, 'District notified');
    await stepDone(page, 'Acknowledge', async (form) => {
      expect(await form.getByLabel('Who acknowledges').inputValue()).toBe('police_station');
    });
    await expectStage(page, 'Acknowledged');
    expect(await offeredSteps(page)).not.toContain('Acknowledge');
    await boardShows('Acknowledged');

    await stepDone(page, 'Dispatch an officer', async (form) => {
      await form.getByLabel('Officer or vehicle on the way').fill('SI R. Verma, PRV 1123');
    });
    expect(await offeredSteps(page)).not.toContain('Dispatch an officer');
    await stepDone(page, 'Officer arrived');
    await expectStage(page, 'Officer arrived');
    await boardShows('Officer arrived');
    await stepDone(page, 'With the person');
    await expectStage(page, 'With the person');
    await boardShows('With the person');

    // A value the workflow refuses: the age does not fit the age band. Its reason is shown beside the form.
    const form = await takeStep(page, 'Record the outcome', async (f) => {
      await f.getByLabel('Outcome').selectOption({ label: 'Intervened: safe' });
      await f.getByLabel('Gender').selectOption('female');
      await f.getByLabel('Age (years)').fill('22');
      await f.getByLabel('Age band').selectOption('13-18');
      await f.getByLabel('Counselling arranged').check();
      await f.getByLabel('Referred to Tele-MANAS 14416').check();
    });
    const refusal = form.locator('.step-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('age 22 is not in age band 13-18');
    expect(await refusal.textContent()).toContain('The case did not accept this step.');
    await expect.poll(() => page.locator(':focus').getAttribute('class')).toContain('step-refusal');
    await expectStage(page, 'With the person');

    await form.getByLabel('Age band').selectOption('19-25');
    await form.getByRole('button', { name: 'Record the outcome', exact: true }).click();
    await form.waitFor({ state: 'detached' });
    await expectStage(page, 'Outcome recorded');
    await boardShows('Outcome recorded');
    // An operator cannot sign off.
    expect(await offeredSteps(page)).toEqual([]);

    // A supervisor signs off; the operator's board and case page, still open, follow.
    const supervisor = await openCaseAs(browser, env, caseId, 'smc_supervisor');
    await expectStage(supervisor.page, 'Outcome recorded');
    expect((await offeredSteps(supervisor.page))[0]).toBe('Sign off');
    await stepDone(supervisor.page, 'Sign off');
    await expectStage(supervisor.page, 'Follow-up');
    await supervisor.context.close();
    await boardShows('Follow-up');
    await expectStage(page, 'Follow-up');
    await context.close();

    // The saved outcome, and the alert as it was typed, through the API.
    const saved = await caseState(env, caseId);
    expect(saved.stage).toBe('follow_up');
    expect(saved.outcome).toMatchObject({
      outcome: 'safe',
      gender: 'female',
      age: 22,
      ageBand: '19-25',
      counselling: true,
      helplineReferral: true,
    });
    expect(saved.dispatched.unit).toBe('SI R. Verma, PRV 1123');
    expect(saved.district).toEqual({ code: 'AMB', policeStation: 'Akbarpur' });
    expect(saved.signOff.by.role).toBe('smc_supervisor');
    expect(Object.keys(saved.milestones)).toEqual(
      expect.arrayContaining(['located', 'district_notified', 'acknowledged', 'arrived', 'contact_made', 'outcome']),
    );
    expect(saved.severity).toBe('high');
    expect(saved.alerts).toHaveLength(1);
    expect(saved.alerts[0]).toMatchObject({
      sourceRef: reference,
      channel: 'phone',
      platform: 'instagram',
      contentKind: 'story',
      live: false,
      detectedAt: new Date(`${detectedIst}:00+05:30`).toISOString(),
      details: {
        phone: '+91 98390 41276',
        handle: '@neha.s_2004',
        accountName: 'Neha S.',
        locationHint: 'Near Akbarpur bus stand, Ambedkar Nagar',
      },
    });
    expect(saved.alerts[0].receivedAt).toBeTruthy();
  });

  it('updates live when someone else takes the step, and shows the refusal of the now stale form in plain words', async () => {
    const caseId = await newCase(env);
    const { page, context } = await openCaseAs(browser, env, caseId, 'smc_operator');
    await expectStage(page, 'Received');
    await page.locator('.step-buttons').getByRole('button', { name: 'Take the case: start locating' }).click();
    const form = page.getByRole('form', { name: 'Take the case: start locating' });
    await form.waitFor();

    await apiStep(env, caseId, '/locating/start', { notes: 'taken by the other desk' });
    // The page hears of it by itself, keeps the open form and warns that it is stale.
    await expectStage(page, 'Locating');
    await form.getByText('The case has moved on').waitFor();

    await form.getByRole('button', { name: 'Take the case: start locating' }).click();
    const refusal = form.locator('.step-refusal');
    await refusal.waitFor();
    const text = await refusal.textContent();
    expect(text).toContain('The case has moved on: it is now “Locating”');
    expect(text).toContain('startLocating is not allowed while the case is locating');
    await context.close();
  });

  it('offers a district officer only the steps their role may take', async () => {
    const caseId = await newCase(env);
    await apiStep(env, caseId, '/locating/start', {});
    await apiStep(env, caseId, '/located', { districtCode: 'AMB', policeStation: 'Akbarpur' });

    const { page, context } = await openCaseAs(browser, env, caseId, 'district_officer', { districts: ['AMB'] });
    await expectStage(page, 'Located');
    // Located: notifying is HQ's step; the district may only give the case to another of its police stations.
    expect(await offeredSteps(page)).toEqual(['Change the police station']);
    await stepDone(page, 'Change the police station', async (form) => {
      await form.getByLabel('New police station (thana)').fill('Tanda');
      await form.getByLabel('Why it moves').fill('the village is in Tanda thana');
    });
    expect((await caseState(env, caseId)).district).toEqual({ code: 'AMB', policeStation: 'Tanda' });
    await expectStage(page, 'Located');

    await apiStep(env, caseId, '/notify', {});
    await expectStage(page, 'District notified');
    const sideSteps = ['Change the police station'];
    expect(await offeredSteps(page)).toEqual(['Acknowledge', 'Dispatch an officer', 'Officer arrived', ...sideSteps]);
    for (const hq of [
      'Located: confirm district and police station',
      'Notify the district',
      'Sign off',
      'Take the case: start locating',
    ])
      expect(await page.getByRole('button', { name: hq }).count()).toBe(0);

    await stepDone(page, 'Acknowledge');
    expect(await offeredSteps(page)).toEqual(['Acknowledge', 'Dispatch an officer', 'Officer arrived', ...sideSteps]);
    await stepDone(page, 'Officer arrived');
    await expectStage(page, 'Officer arrived');
    expect(await offeredSteps(page)).toEqual(['With the person', 'Record the outcome', ...sideSteps]);
    // No Temporal link for a district officer.
    expect(await page.getByRole('link', { name: 'Open in Temporal UI' }).count()).toBe(0);

    // The same page in Hindi: buttons, stage and form labels.
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await expectStage(page, 'पुलिस पहुँची');
    expect(await offeredSteps(page)).toEqual(['व्यक्ति से संपर्क हुआ', 'परिणाम दर्ज करें', 'थाना बदलें']);
    await page.locator('.step-buttons').getByRole('button', { name: 'थाना बदलें' }).click();
    const move = page.getByRole('form', { name: 'थाना बदलें' });
    await move.getByLabel('नया थाना').waitFor();
    await move.getByLabel('थाना बदलने का कारण').waitFor();
    await move.getByRole('button', { name: 'रद्द करें' }).click();
    await page.locator('.step-buttons').getByRole('button', { name: 'परिणाम दर्ज करें' }).click();
    const form = page.getByRole('form', { name: 'परिणाम दर्ज करें' });
    await form.getByLabel('लिंग').waitFor();
    expect(await form.locator('select[name="outcome"] option').allTextContents()).toEqual([
      'चुनें…',
      'स्थान पर नहीं मिला',
      'मृत्यु',
    ]);
    await context.close();
  });
});
