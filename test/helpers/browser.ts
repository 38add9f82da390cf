// Browser tests: playwright-core driving Debian's Chromium (installed by `npm test` when
// missing, see scripts/ensure-chromium.mjs), against a real listening API (console-env.ts).
//
//   import { createConsoleTestEnv, launchBrowser } from '../helpers/browser.js';
//
//   let env: ConsoleTestEnv;
//   let browser: Browser;
//   beforeAll(async () => {
//     env = await createConsoleTestEnv();          // API on http://127.0.0.1:<port>, worker, PostgreSQL, SMTP sink
//     browser = await launchBrowser();
//   });
//   afterAll(async () => {
//     await browser?.close();
//     await env?.close();
//   });
//   it('signs in', async () => {
//     const user = await env.createUser('district_officer', ['AGR']); // { username, password }
//     const page = await browser.newPage();                         // a fresh profile per browser
//     await page.goto(`${env.baseUrl}/`);
//     // …fill the login form with user.username / user.password…
//   });
//
// Tests that are not about signing in can skip the form: `await context.addCookies(await env.sessionCookies(user))`.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { findChromium } from '../../scripts/ensure-chromium.mjs';

export type { ConsoleTestEnv, ConsoleUser } from './console-env.js';
export { createConsoleTestEnv } from './console-env.js';

/** Switches that keep a test browser quiet, offline except for the test's server, and fast to start. */
export const BROWSER_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium binary: CHROMIUM_PATH, /usr/bin/chromium or `chromium` on PATH. */
export function chromiumPath(): string {
  const path = findChromium();
  if (!path) {
    throw new Error(
      'Chromium not found (CHROMIUM_PATH, /usr/bin/chromium, or chromium on PATH). `npm test` installs it; or run `sudo apt-get install -y --no-install-recommends chromium`.',
    );
  }
  return path;
}

/**
 * A headless Chromium with a fresh, temporary profile (Playwright creates and removes it), so
 * no cookie or cache carries over between tests. Each `browser.newPage()` or `newContext()`
 * is a further isolated session. Close it in afterAll.
 */
export async function launchBrowser(opts: { slowMo?: number } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: BROWSER_ARGS,
    slowMo: opts.slowMo,
    timeout: 60_000,
  });
}

/**
 * Where a test's screenshot goes: test-results/screenshots/ on every run, and also
 * docs/screenshots/ (the console page's pictures) when UPDATE_SCREENSHOTS=1 (`npm run screenshots`), so an
 * ordinary `npm test` never rewrites tracked images.
 */
export async function saveScreenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<string[]> {
  const root = join(import.meta.dirname, '..', '..');
  const dirs = [join(root, 'test-results', 'screenshots')];
  if (process.env.UPDATE_SCREENSHOTS === '1') dirs.push(join(root, 'docs', 'screenshots'));
  const image = await page.screenshot({ fullPage: opts.fullPage });
  const paths: string[] = [];
  for (const dir of dirs) {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, name), image);
    paths.push(join(dir, name));
  }
  return paths;
}
