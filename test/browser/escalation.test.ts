// The case page's escalation countdown against a real workflow on a fast policy (one policy
// minute = 1.5 s, so the first locating reminder is due 15 s after the alert): the countdown
// runs down, the escalation fires, and the page shows it on the ladder without a reload. Then
// the case moves on and the page is photographed mid-flight for the docs (desk and phone).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { type ConsoleTestEnv, createConsoleTestEnv, launchBrowser, saveScreenshot } from '../helpers/browser.js';
import { apiStep, caseState, expectStage, newCase, openCaseAs } from '../helpers/console-case.js';

let env: ConsoleTestEnv;
let browser: Browser;
beforeAll(async () => {
  [env, browser] = await Promise.all([createConsoleTestEnv({ policy: scaledPolicy(1500) }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await env?.close();
});

const seconds = (text: string | null) => {
  const m = /in (?:(\d+)m )?(\d+)s/.exec(text ?? '');
  return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : undefined;
};

describe('escalation on the case page', () => {
  it('counts down to the first escalation and shows it sent on the ladder when it fires', async () => {
    const caseId = await newCase(env, { districtHint: 'AMB' });
    const { page, context } = await openCaseAs(browser, env, caseId, 'smc_supervisor');
    await expectStage(page, 'Received');
    const figure = page.locator('.countdown-figure');
    const ladder = page.locator('.case-ladder');
    expect(await ladder.textContent()).toContain('No escalation sent yet.');
    expect(await page.locator('.countdown-detail').textContent()).toContain('waiting for locating');
    expect(await page.locator('.countdown-detail').textContent()).toContain('SMC supervisor');

    // The countdown runs: level 1 is some seconds away, and the figure falls.
    const first = seconds(await figure.textContent());
    expect(first, (await figure.textContent()) ?? '').toBeGreaterThan(0);
    await expect
      .poll(async () => seconds(await figure.textContent()) ?? 0, { timeout: 10_000 })
      .toBeLessThan(first ?? 0);
    expect(await figure.textContent()).toMatch(/^Level 1 in /);

    // Zero: the workflow fires level 1, and the page shows it sent, with the case overdue.
    const sent = ladder.locator('.rung-sent');
    await sent.first().waitFor({ timeout: 40_000 });
    const rung = (await sent.first().textContent()) ?? '';
    expect(rung).toContain('Level 1');
    expect(rung).toContain('waiting for locating');
    expect(rung).toContain('to SMC supervisor');
    await page.locator('.case-head .badge-overdue').waitFor();
    await expect.poll(() => figure.textContent()).toMatch(/^Level 2 in /);
    await page.locator('.timeline .event-escalation').first().waitFor();

    // The e-mail went out through SMTP.
    const mails = await env.mail.waitFor(
      (m) => m.headers['x-jeevan-case'] === caseId && m.headers['x-jeevan-level'] === '1',
      1,
      20_000,
    );
    expect(mails.length).toBeGreaterThan(0);
    const state = await caseState(env, caseId);
    expect(state.escalation.history[0]).toMatchObject({ level: 1, wait: 'locate' });
    await context.close();
  });

  it('photographs a case mid-flight, on a desk and on a phone', async () => {
    const caseId = await newCase(env, { districtHint: 'AMB', contentKind: 'live_video' });
    await apiStep(env, caseId, '/locating/start', { notes: 'Taking it' });
    await apiStep(env, caseId, '/enquiries', { kind: 'telecom_lookup', owner: 'STF telecom desk', dueInMinutes: 10 });
    await apiStep(env, caseId, '/enquiries', { kind: 'family_contacts', owner: 'SMC desk 2', dueInMinutes: 15 });
    await apiStep(env, caseId, '/enquiries/result', {
      enquiryId: 'E1',
      found: true,
      summary: 'Tower near Akbarpur bus stand',
      confidence: 2,
      districtCode: 'AMB',
      policeStation: 'Akbarpur',
    });
    await apiStep(env, caseId, '/located', { districtCode: 'AMB', policeStation: 'Akbarpur' });
    await apiStep(env, caseId, '/notify', {});
    await apiStep(
      env,
      caseId,
      '/acknowledge',
      { party: 'control_room', notes: 'Control room has it' },
      'district_officer',
    );
    await apiStep(env, caseId, '/dispatch', { unit: 'SI R. Verma, PRV 1123' }, 'district_officer');
    await apiStep(env, caseId, '/notes', { text: 'Brother reached by phone; says she is at home. PRV informed.' });

    const desk = await openCaseAs(browser, env, caseId, 'smc_supervisor');
    await expectStage(desk.page, 'District notified');
    // The police station has not acknowledged: the acknowledgement ladder climbs.
    await desk.page.locator('.case-ladder .rung-sent').nth(1).waitFor({ timeout: 40_000 });
    await desk.page.locator('.notes li').first().waitFor();
    await desk.page.getByRole('link', { name: 'Open in Temporal UI' }).waitFor();
    await saveScreenshot(desk.page, 'case.png');
    await desk.context.close();

    const phone = await openCaseAs(browser, env, caseId, 'district_officer', {
      districts: ['AMB'],
      viewport: { width: 390, height: 844 },
      mobile: true,
    });
    await expectStage(phone.page, 'District notified');
    await phone.page.locator('.case-ladder .rung-sent').first().waitFor();
    await saveScreenshot(phone.page, 'case-phone.png');
    await phone.context.close();
  });
});
