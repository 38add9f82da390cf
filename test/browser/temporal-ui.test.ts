// Auditors read a case's full history in Temporal's UI: the UI server `npm start` runs
// (dev/temporal-ui.ts) sends the signed-in user's session to Jeevan's codec endpoint, so an
// auditor sees the alert and the steps decoded, and an operator sees the refusal, not the data.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { caseWorkflowId } from '../../contract/ids.js';
import { resolveTemporalUiServer, startTemporalUi, type UiServer } from '../../dev/temporal-ui.js';
import { sampleAlert } from '../helpers/api.js';
import { type ConsoleTestEnv, createConsoleTestEnv, launchBrowser, saveScreenshot } from '../helpers/browser.js';
import { freePort } from '../helpers/ports.js';

let env: ConsoleTestEnv;
let browser: Browser;
let ui: UiServer;
const scratch = mkdtempSync(join(tmpdir(), 'jeevan-ui-'));
let caseId: string;
const alert = sampleAlert({ description: 'Decoded-for-auditors marker 7731' });

beforeAll(async () => {
  const uiPort = await freePort();
  env = await createConsoleTestEnv({ temporalUiUrl: `http://localhost:${uiPort}` });
  const binary = await resolveTemporalUiServer(() => {});
  if (!binary) throw new Error('the Temporal UI server could not be found or built (Go is needed once)');
  // The console and the codec on localhost, as npm start prints them: one site, so the session cookie goes along.
  const apiPort = new URL(env.baseUrl).port;
  ui = await startTemporalUi({
    binary,
    temporalAddress: inject('temporalAddress'),
    port: uiPort,
    codecEndpoint: `http://localhost:${apiPort}/codec`,
    dir: scratch,
    logFile: join(scratch, 'ui.log'),
  });
  browser = await launchBrowser();
  const created = await env.app.inject({ method: 'POST', url: '/alerts', payload: alert });
  expect(created.statusCode).toBe(201);
  caseId = created.json().caseId;
  // A step, so the history holds an Update the auditor must be able to read too.
  const note = await env.app.inject({
    method: 'POST',
    url: `/cases/${caseId}/notes`,
    payload: { text: 'Called the registered phone: switched off' },
  });
  expect(note.statusCode).toBeLessThan(300);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await ui?.stop();
  await env?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** A browser signed in to the console (on localhost) as a new user with `role`, on the case's workflow page. */
async function openWorkflowAs(role: string) {
  const user = await env.createUser(role);
  const { cookies } = await env.signIn(user);
  const context = await browser.newContext();
  const apiOrigin = env.baseUrl.replace('127.0.0.1', 'localhost');
  await context.addCookies(cookies.map((c) => ({ ...c, url: apiOrigin })));
  const page = await context.newPage();
  await page.goto(`${ui.url}/namespaces/default/workflows/${caseWorkflowId(caseId)}`, {
    waitUntil: 'domcontentloaded',
  });
  return { page, context };
}

/** Whether the page's text comes to include `text` within the time (the UI loads and decodes asynchronously). */
async function pageShows(page: Page, text: string, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await page.content()).includes(text)) return true;
    await page.waitForTimeout(1000);
  }
  return false;
}

describe("Temporal's UI under npm start", () => {
  it('shows a signed-in auditor the case decoded: the alert and the steps', async () => {
    const { page, context } = await openWorkflowAs('auditor');
    // The workflow's input (the alert) decoded by the codec endpoint with the auditor's session.
    const shown = await pageShows(page, 'Decoded-for-auditors marker 7731');
    if (!shown) await saveScreenshot(page, 'temporal-ui-auditor-failed.png', { fullPage: true });
    expect(shown).toBe(true);
    // The steps are in the event history beside it (the note's signal, by name).
    const steps = await pageShows(page, 'addNote');
    await saveScreenshot(page, 'temporal-ui-auditor.png', { fullPage: true });
    expect(steps).toBe(true);
    await context.close();
  }, 150_000);

  it('shows an operator, who may not decode, the refusal and no personal data', async () => {
    const { page, context } = await openWorkflowAs('smc_operator');
    await expect
      .poll(
        async () =>
          /Sign in to the Jeevan console as an auditor or supervisor|Codec Server could not connect/.test(
            await page.content(),
          ),
        {
          timeout: 60_000,
          interval: 1000,
        },
      )
      .toBe(true);
    const html = await page.content();
    expect(html).not.toContain('Decoded-for-auditors marker 7731');
    expect(html).not.toContain(alert.handle as string);
    await context.close();
  }, 150_000);
});
