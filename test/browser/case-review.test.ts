// The learning review in a real browser (issue 17 item 4): on a death the case page says a
// review is needed and why, offers the review before the sign-off and not the sign-off, and
// its form (ticked reasons, what would have saved minutes, the line that found the person) is
// in English and in Hindi; once the review is in, the page shows it and the sign-off closes.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleTestEnv, createConsoleTestEnv, launchBrowser } from '../helpers/browser.js';
import {
  apiStep,
  caseState,
  expectStage,
  newCase,
  offeredSteps,
  openCaseAs,
  stepDone,
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

describe('the learning review on the case page', () => {
  it('holds the sign-off of a death until the review is written, in English and in Hindi', async () => {
    const caseId = await newCase(env);
    await apiStep(env, caseId, '/locating/start', {});
    await apiStep(env, caseId, '/located', { districtCode: 'AMB', policeStation: 'Akbarpur' });
    await apiStep(env, caseId, '/notify', {});
    await apiStep(env, caseId, '/acknowledge', { party: 'control_room' });
    await apiStep(env, caseId, '/acknowledge', { party: 'police_station' });
    await apiStep(env, caseId, '/arrive', {});
    await apiStep(env, caseId, '/outcome', {
      outcome: 'deceased',
      gender: 'male',
      counselling: false,
      helplineReferral: false,
    });

    const { page, context } = await openCaseAs(browser, env, caseId, 'smc_supervisor');
    await expectStage(page, 'Outcome recorded');
    const card = page.locator('[data-review="needed"]');
    await card.getByText('Review needed before sign-off').waitFor();
    expect(await card.textContent()).toContain('Why: the person died.');
    // The review first; the sign-off is not offered while it would be refused.
    const offered = await offeredSteps(page);
    expect(offered[0]).toBe('Learning review');
    expect(offered).not.toContain('Sign off');

    // The form in English: the reasons as boxes to tick, the two questions.
    await page.locator('.step-buttons').getByRole('button', { name: 'Learning review', exact: true }).click();
    const en = page.getByRole('form', { name: 'Learning review' });
    await en.getByRole('group', { name: 'What delayed us' }).waitFor();
    await en.getByLabel('No vehicle or officer free').waitFor();
    await en.getByLabel('What would have saved minutes').waitFor();
    await en.getByLabel('Which line of enquiry found the person').waitFor();
    // Nothing ticked: the form says so and sends nothing.
    await en.getByLabel('What would have saved minutes').fill('x');
    await en.getByRole('button', { name: 'Learning review', exact: true }).click();
    await en.getByText('Fill this in.').first().waitFor();
    await en.getByRole('button', { name: 'Cancel' }).click();

    // The same page in Hindi: the card, the button, the form; the review is written there.
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await page.getByText('अंतिम स्वीकृति से पहले समीक्षा आवश्यक').waitFor();
    expect((await offeredSteps(page))[0]).toBe('सीख समीक्षा');
    await stepDone(page, 'सीख समीक्षा', async (form) => {
      await form.getByRole('group', { name: 'किस बात से देर हुई' }).waitFor();
      await form.getByLabel('जनपद ने देर से पावती दी').check();
      await form.getByLabel('कोई वाहन या अधिकारी उपलब्ध नहीं').check();
      await form.getByLabel('किससे कुछ मिनट बचते').fill('थाने पर एक वाहन तैयार रहता');
      await form.getByLabel('जाँच की किस दिशा से व्यक्ति मिला').selectOption({ label: 'टेलीकॉम जाँच' });
    });
    const reviewed = await caseState(env, caseId);
    expect(reviewed.learningReview).toMatchObject({
      delayedBy: ['district_ack_slow', 'no_vehicle'],
      savedMinutes: 'थाने पर एक वाहन तैयार रहता',
      foundBy: 'telecom_lookup',
      by: { role: 'smc_supervisor' },
    });
    const done = page.locator('[data-review="done"]');
    await done.getByText('जनपद ने देर से पावती दी · कोई वाहन या अधिकारी उपलब्ध नहीं').waitFor();
    expect(await offeredSteps(page)).toContain('अंतिम स्वीकृति दें');

    // Back in English, the review reads in English; the sign-off closes the case.
    await page.getByRole('button', { name: 'English' }).click();
    await done.getByText('The district acknowledged slowly · No vehicle or officer free').waitFor();
    expect(await offeredSteps(page)).not.toContain('Learning review');
    await stepDone(page, 'Sign off');
    await expectStage(page, 'Closed');
    await context.close();
  });
});
