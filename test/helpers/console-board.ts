// Helpers for the board and new-alert browser tests: cases made through the real API (as an
// HQ user, or the role given), and signing in through the real login page.
import type { Page } from 'playwright-core';
import type { AlertIntake } from '../../contract/alert.js';
import { sampleAlert } from './api.js';
import type { ConsoleTestEnv, ConsoleUser } from './console-env.js';

/** POST /alerts; returns the case ID (a new case is expected). */
export async function postAlert(env: ConsoleTestEnv, overrides: Partial<AlertIntake> = {}): Promise<string> {
  const response = await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert(overrides) });
  if (response.statusCode !== 201) throw new Error(`POST /alerts answered ${response.statusCode}: ${response.body}`);
  return response.json().caseId as string;
}

/** One step on a case (POST /cases/:id/<path>), as an HQ user unless `headers` say otherwise. */
export async function takeStep(
  env: ConsoleTestEnv,
  caseId: string,
  path: string,
  body: object = {},
  headers?: Record<string, string>,
): Promise<void> {
  const response = await env.app.inject({ method: 'POST', url: `/cases/${caseId}/${path}`, payload: body, headers });
  if (response.statusCode >= 300)
    throw new Error(`POST /cases/${caseId}/${path} answered ${response.statusCode}: ${response.body}`);
}

/** A case taken to `located` in a district and police station. */
export async function locatedCase(
  env: ConsoleTestEnv,
  districtCode: string,
  policeStation: string,
  overrides: Partial<AlertIntake> = {},
): Promise<string> {
  const caseId = await postAlert(env, overrides);
  await takeStep(env, caseId, 'locating/start');
  await takeStep(env, caseId, 'located', { districtCode, policeStation, confidence: 3 });
  return caseId;
}

/** Opens the console and signs in through its login form; returns once the console's navigation shows. */
export async function signInThroughForm(page: Page, env: ConsoleTestEnv, user: ConsoleUser): Promise<void> {
  await page.goto(`${env.baseUrl}/console/`);
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** The board's row of one case. */
export const boardRow = (page: Page, caseId: string) => page.locator(`tr[data-case-id="${caseId}"]`);

/** Waits until the board says its event stream is open. */
export const waitLive = (page: Page) => page.locator('.board-conn-live').waitFor();
