// The case page in a real browser against the real API and workflow: an operator signs in
// and takes a case from alert to saved outcome only through the page's buttons and forms, a
// supervisor signs off; refusals are shown in plain words with the workflow's reason; and a
// district officer is offered only the steps their role may take.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_ROUTES } from '../../api/routes/steps.js';
import { STEP_PATHS } from '../../console/src/lib/step-form-plan.js';
import { type ConsoleTestEnv, createConsoleTestEnv, launchBrowser } from '../helpers/browser.js';
import { apiStep, caseState, expectStage, newCase, offeredSteps, openCaseAs, signInOnPage, stepDone, takeStep } from '../helpers/console-case.js';

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

  it('takes a case from alert to a saved outcome through its buttons and forms, then a supervisor signs off', async () => {
    const caseId = await newCase(env, { districtHint: 'AMB' });
    const operator = await env.createUser('smc_operator');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-IN' });
    const page = await context.newPage();

    // Straight to the case's address: the console asks to sign in first, then shows the case.
    await page.goto(`${env.baseUrl}/console/cases/${caseId}`);
    await signInOnPage(page, operator);
    await page.getByRole('heading', { level: 1, name: `Case ${caseId}` }).waitFor();
    await expectStage(page, 'Received');
    expect((await offeredSteps(page))[0]).toBe('Take the case: start locating');
    await expect.poll(() => page.locator('.step-buttons button.primary').textContent()).toBe('Take the case: start locating');

    await stepDone(page, 'Take the case: start locating');
    await expectStage(page, 'Locating');
    // The result is announced and takes the focus.
    await expect.poll(() => page.locator(':focus').textContent()).toContain('Locating started.');
    expect((await offeredSteps(page))[0]).toBe('Located: confirm district and police station');

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

    await stepDone(page, 'Notify the district');
    await expectStage(page, 'District notified');
    await env.mail.waitFor((m) => m.headers['x-jeevan-case'] === caseId, 1, 20_000);

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

    await stepDone(page, 'Dispatch an officer', async (form) => {
      await form.getByLabel('Officer or vehicle on the way').fill('SI R. Verma, PRV 1123');
    });
    expect(await offeredSteps(page)).not.toContain('Dispatch an officer');
    await stepDone(page, 'Officer arrived');
    await expectStage(page, 'Officer arrived');
    await stepDone(page, 'With the person');
    await expectStage(page, 'With the person');

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
    // An operator cannot sign off.
    expect(await offeredSteps(page)).toEqual([]);
    await context.close();

    const supervisor = await openCaseAs(browser, env, caseId, 'smc_supervisor');
    await expectStage(supervisor.page, 'Outcome recorded');
    expect((await offeredSteps(supervisor.page))[0]).toBe('Sign off');
    await stepDone(supervisor.page, 'Sign off');
    await expectStage(supervisor.page, 'Follow-up');
    await supervisor.context.close();

    const saved = await caseState(env, caseId);
    expect(saved.stage).toBe('follow_up');
    expect(saved.outcome).toMatchObject({ outcome: 'safe', gender: 'female', age: 22, ageBand: '19-25', counselling: true, helplineReferral: true });
    expect(saved.dispatched.unit).toBe('SI R. Verma, PRV 1123');
    expect(saved.district).toEqual({ code: 'AMB', policeStation: 'Akbarpur' });
    expect(saved.signOff.by.role).toBe('smc_supervisor');
    expect(Object.keys(saved.milestones)).toEqual(
      expect.arrayContaining(['located', 'district_notified', 'acknowledged', 'arrived', 'contact_made', 'outcome']),
    );
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
    // Located: notifying is HQ's step, so nothing here for the district yet.
    expect(await offeredSteps(page)).toEqual([]);

    await apiStep(env, caseId, '/notify', {});
    await expectStage(page, 'District notified');
    expect(await offeredSteps(page)).toEqual(['Acknowledge', 'Dispatch an officer', 'Officer arrived']);
    for (const hq of ['Located: confirm district and police station', 'Notify the district', 'Sign off', 'Take the case: start locating'])
      expect(await page.getByRole('button', { name: hq }).count()).toBe(0);

    await stepDone(page, 'Acknowledge');
    expect(await offeredSteps(page)).toEqual(['Acknowledge', 'Dispatch an officer', 'Officer arrived']);
    await stepDone(page, 'Officer arrived');
    await expectStage(page, 'Officer arrived');
    expect(await offeredSteps(page)).toEqual(['With the person', 'Record the outcome']);
    // No Temporal link for a district officer.
    expect(await page.getByRole('link', { name: 'Open in Temporal UI' }).count()).toBe(0);

    // The same page in Hindi: buttons, stage and form labels.
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await expectStage(page, 'पुलिस पहुँची');
    expect(await offeredSteps(page)).toEqual(['व्यक्ति से संपर्क हुआ', 'परिणाम दर्ज करें']);
    await page.locator('.step-buttons').getByRole('button', { name: 'परिणाम दर्ज करें' }).click();
    const form = page.getByRole('form', { name: 'परिणाम दर्ज करें' });
    await form.getByLabel('लिंग').waitFor();
    expect(await form.locator('select[name="outcome"] option').allTextContents()).toEqual(['चुनें…', 'स्थान पर नहीं मिला', 'मृत्यु']);
    await context.close();
  });
});
