// The requests on the case page in a real browser (issue 17 item 2): an operator drafts the
// platform's emergency request and copies it, records its filing and e-mails a telecom location
// request with the page's own forms, in English and in Hindi; the e-mail reaches the chosen
// operator's nodal officer. (A district officer never sees a case being located; the steps'
// roles are checked in test/unit/requests.test.ts.)
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleTestEnv, createConsoleTestEnv, launchBrowser } from '../helpers/browser.js';
import { apiStep, caseState, newCase, offeredSteps, openCaseAs, stepDone } from '../helpers/console-case.js';

let env: ConsoleTestEnv;
let browser: Browser;
beforeAll(async () => {
  [env, browser] = await Promise.all([createConsoleTestEnv(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

describe('requests on the case page', () => {
  it('an operator drafts and copies the platform request, records it, and e-mails a telecom request, in English', async () => {
    const caseId = await newCase(env, { handle: '@draft.me', channel: 'email' });
    await apiStep(env, caseId, '/locating/start', {});
    const { context, page } = await openCaseAs(browser, env, caseId, 'smc_operator');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.baseUrl });

    const offered = await offeredSteps(page);
    expect(offered).toContain('Filed on the platform portal');
    expect(offered).toContain('Request location from the telecom operator');

    await page.getByRole('button', { name: 'Draft emergency request' }).click();
    const text = page.getByLabel('Request text (English)');
    await expect.poll(() => text.inputValue()).toContain(`Case number: ${caseId}`);
    expect(await text.inputValue()).toContain('- Handle: @draft.me');
    expect(await text.inputValue()).not.toContain('Post says goodbye');
    await page.getByRole('button', { name: 'Copy the text' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied.' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await text.inputValue());

    await stepDone(page, 'Filed on the platform portal', async (form) => {
      await form.getByLabel("Portal's reference").fill('LER-555');
    });
    await stepDone(page, 'Request location from the telecom operator', async (form) => {
      // The number comes from the alert; the operator is chosen.
      expect(await form.getByLabel('Mobile number').inputValue()).toMatch(/^\+91[0-9]{10}$/);
      await form.getByLabel('Telecom operator').selectOption({ label: 'Reliance Jio' });
    });
    const state = await caseState(env, caseId);
    expect(state.locating.enquiries.map((e: { kind: string }) => e.kind)).toEqual([
      'meta_emergency_request',
      'telecom_lookup',
    ]);
    expect(state.locating.enquiries[0].request.reference).toBe('LER-555');
    const [mail] = await env.mail.waitFor((m) => m.headers['x-jeevan-case'] === caseId);
    expect(mail.envelopeTo).toEqual(['nodal.up@jio.telecom.example.org']);
    await context.close();
  });

  it('offers the same steps, forms and draft in Hindi', async () => {
    const caseId = await newCase(env);
    await apiStep(env, caseId, '/locating/start', {});
    const { context, page } = await openCaseAs(browser, env, caseId, 'smc_operator');
    await page.getByRole('button', { name: 'हिन्दी' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('hi');
    const offered = await offeredSteps(page);
    expect(offered).toContain('प्लेटफ़ॉर्म पोर्टल पर दर्ज किया');
    expect(offered).toContain('टेलीकॉम ऑपरेटर से लोकेशन माँगें');
    await page.getByRole('button', { name: 'आपात अनुरोध का मसौदा' }).click();
    await expect.poll(() => page.getByLabel('अनुरोध का पाठ (अंग्रेज़ी)').inputValue()).toContain(caseId);
    await stepDone(page, 'टेलीकॉम ऑपरेटर से लोकेशन माँगें', async (form) => {
      await form.getByLabel('टेलीकॉम ऑपरेटर').selectOption({ label: 'भारती एयरटेल' });
      await form.getByLabel('मोबाइल नंबर').fill('9812345670');
      await form.getByLabel('अवधि (अभी से पीछे, घंटों में)').fill('12');
    });
    await stepDone(page, 'प्लेटफ़ॉर्म पोर्टल पर दर्ज किया');
    const state = await caseState(env, caseId);
    expect(state.locating.enquiries[0].request).toMatchObject({ telecomOperator: 'airtel', phone: '9812345670' });
    expect(state.locating.enquiries[1].request).toMatchObject({ kind: 'platform' });
    await context.close();
  });
});
