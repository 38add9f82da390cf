// The browser tests' plumbing works: Chromium starts, reaches the real listening API, and a
// password user can sign in (the session cookie is usable over the test server's plain http).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleTestEnv, createConsoleTestEnv, launchBrowser } from '../helpers/browser.js';

describe('browser smoke', () => {
  let env: ConsoleTestEnv;
  let browser: Browser;

  beforeAll(async () => {
    [env, browser] = await Promise.all([createConsoleTestEnv(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('opens the API in Chromium', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${env.baseUrl}/health/live`);
    expect(response?.status()).toBe(200);
    expect(JSON.parse((await page.locator('body').textContent()) ?? '')).toEqual({ status: 'ok' });
    await page.close();
  });

  it('carries a signed-in session', async () => {
    const user = await env.createUser('district_officer', ['AGR']);
    const context = await browser.newContext();
    await context.addCookies((await env.signIn(user)).cookies);
    const page = await context.newPage();
    await page.goto(`${env.baseUrl}/auth/me`);
    const me = JSON.parse((await page.locator('body').textContent()) ?? '');
    expect(me).toMatchObject({ username: user.username, roles: ['district_officer'], districts: ['AGR'] });
    await context.close();
  });
});
