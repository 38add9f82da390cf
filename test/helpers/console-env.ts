// The whole API listening on a real port, for browser tests (browsers cannot use inject()):
// real Temporal (the suite's shared dev server), this file's own PostgreSQL database,
// worker and SMTP sink, exactly as createApiTestEnv, plus http://127.0.0.1:<free port>.
// Usage: see test/helpers/browser.ts.
import { randomBytes } from 'node:crypto';
import { createUser } from '../../api/auth/user-admin.js';
import { districtsOf } from '../../domain/districts.js';
import { type ApiTestEnv, type ApiTestEnvOptions, createApiTestEnv, TEST_PASSWORD } from './api.js';
import { eventually } from './wait.js';

export interface ConsoleUser {
  username: string;
  password: string;
}

export interface ConsoleTestEnv extends ApiTestEnv {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string;
  /**
   * A new person who signs in with a password (through the real login page). District and
   * senior officers get `districts` (default: every district); HQ roles none. `role` may
   * be a list for a person with several roles.
   */
  createUser(role: string | string[], districts?: string[]): Promise<ConsoleUser>;
  /**
   * Signs `user` in through POST /auth/login and returns the session and CSRF cookies in
   * Playwright's shape (`context.addCookies(...)`), with the CSRF token for API calls.
   */
  signIn(user: ConsoleUser): Promise<{ cookies: { name: string; value: string; url: string }[]; csrfToken: string }>;
}

/** Options as createApiTestEnv's; the session cookie is not `Secure`, since the test server speaks plain http. */
export async function createConsoleTestEnv(opts: ApiTestEnvOptions = {}): Promise<ConsoleTestEnv> {
  const env = await createApiTestEnv({ cookieSecure: false, ...opts });
  // As server.ts does: listen to case changes from the start (live updates, GET /events).
  env.deps.caseFeed.start();
  const baseUrl = await env.app.listen({ host: '127.0.0.1', port: 0 });
  await eventually(async () => env.deps.caseFeed.connected, 'the live case feed to listen');
  const everywhere = districtsOf(opts.stateCode ?? 'UP').map((d) => d.code);

  return Object.assign(env, {
    baseUrl,
    async createUser(role: string | string[], districts?: string[]) {
      const roles = [role].flat();
      const scoped = roles.some((r) => r === 'district_officer' || r === 'senior_officer');
      const username = `u-${roles[0].replaceAll('_', '-')}-${randomBytes(3).toString('hex')}`;
      await createUser(env.deps, {
        username,
        displayName: `Test ${roles.join(' + ')}`,
        password: TEST_PASSWORD,
        roles,
        districts: scoped ? (districts ?? everywhere) : [],
      });
      return { username, password: TEST_PASSWORD };
    },
    async signIn(user: ConsoleUser) {
      const response = await fetch(`${baseUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(user),
      });
      if (!response.ok)
        throw new Error(`sign-in of ${user.username} failed: ${response.status} ${await response.text()}`);
      const { csrfToken } = (await response.json()) as { csrfToken: string };
      const cookies = response.headers.getSetCookie().map((c) => {
        const [pair] = c.split(';');
        const at = pair.indexOf('=');
        return { name: pair.slice(0, at), value: decodeURIComponent(pair.slice(at + 1)), url: baseUrl };
      });
      return { cookies, csrfToken };
    },
  });
}
