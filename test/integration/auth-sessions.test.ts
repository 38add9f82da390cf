// Signing in and machine tokens: cookies, CSRF, lockout, revocation, expiry, rate limits,
// security headers, and the command that creates the first admin.
import { spawnSync } from 'node:child_process';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../api/auth/credentials.js';
import { IDENTITY_CACHE_MS } from '../../api/auth/identity-store.js';
import { apiTokens } from '../../db/schema.js';
import { type ApiTestEnv, createApiTestEnv, TEST_PASSWORD } from '../helpers/api.js';
import { createTestDb } from '../helpers/db.js';

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env?.close());

const login = (username: string, password: string, ip = '10.0.0.1') =>
  env.app.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { username, password },
    headers: env.anonymous,
    remoteAddress: ip,
  });

describe('sessions', () => {
  it('signs in with a secure session cookie, needs the CSRF token for changes, and signs out', async () => {
    const res = await login('t-smc-operator', TEST_PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('jeevan_session='));
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).toMatch(/Secure/);
    const cookie = (session as string).split(';')[0];
    const { csrfToken, user } = res.json();
    expect(user.roles).toEqual(['smc_operator']);

    expect((await env.app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } })).json().username).toBe(
      't-smc-operator',
    );
    const noCsrf = await env.app.inject({ method: 'POST', url: '/alerts', payload: {}, headers: { cookie } });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.message).toMatch(/x-csrf-token/);
    const withCsrf = await env.app.inject({
      method: 'POST',
      url: '/alerts',
      payload: {},
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(withCsrf.statusCode).toBe(400); // past the guard: only the empty body is wrong

    await env.app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect((await env.app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('answers the same for a wrong password and an unknown user, and an account in back-off the same again', async () => {
    const wrong = await login('t-auditor', 'not-the-password', '10.0.0.2');
    const unknown = await login('nobody-at-all', 'not-the-password', '10.0.0.3');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    // One address keeps guessing one account: it is made to wait, and told exactly what a wrong password is told.
    for (let i = 0; i < 5; i++) await login('t-senior-officer', 'not-the-password', '10.0.1.1');
    const held = await login('t-senior-officer', TEST_PASSWORD, '10.0.1.1');
    expect(held.statusCode).toBe(401);
    expect(held.json().error.message).toBe(wrong.json().error.message);
  });

  it("counts parallel guesses atomically, and someone else's guesses never keep the officer out", async () => {
    const guesses = Array.from({ length: 12 }, (_, i) =>
      login('t-district-officer', `wrong-password-${i}`, `10.0.3.${i}`),
    );
    expect((await Promise.all(guesses)).every((r) => r.statusCode === 401)).toBe(true);
    const [row] = (
      await env.db.db.$client.query(
        "SELECT failed_logins, locked_until FROM users WHERE username = 't-district-officer'",
      )
    ).rows;
    expect(row.failed_logins).toBe(12);
    expect(row.locked_until).not.toBeNull();
    // The account backs off, but the officer at their own desk (an address with no failures of its own) signs in.
    expect((await login('t-district-officer', TEST_PASSWORD, '10.0.4.1')).statusCode).toBe(200);
  });

  it('answers a loop of bad tokens with 429 before the guard, and adds a bounded number of audit rows', async () => {
    const ip = '10.7.7.7';
    const rows = async () =>
      Number((await env.db.db.$client.query('SELECT count(*)::int AS n FROM audit_log WHERE ip = $1', [ip])).rows[0].n);
    const codes: number[] = [];
    for (let i = 0; i < 200; i++) {
      const bad = `jv_abcdefgh_${String(i).padStart(43, 'x')}`;
      const res = await env.app.inject({
        method: i % 2 ? 'GET' : 'POST',
        url: i % 2 ? '/cases' : '/alerts',
        headers: { authorization: `Bearer ${bad}` },
        remoteAddress: ip,
      });
      codes.push(res.statusCode);
    }
    expect(codes[0]).toBe(401);
    expect(codes.at(-1)).toBe(429);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(30);
    // The first refusal in full; the rest are counted into one row when the minute ends.
    expect(await rows()).toBeLessThanOrEqual(2);
    // A good caller from another address is not affected.
    expect(
      (
        await env.app.inject({
          method: 'GET',
          url: '/cases',
          headers: env.as('smc_operator'),
          remoteAddress: '10.7.7.8',
        })
      ).statusCode,
    ).toBe(200);
  });

  it('rate-limits sign-in attempts from one address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await login('nobody-at-all', 'x'.repeat(12), '10.9.9.9')).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });

  it('sends security headers and never a stack trace', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/health/live' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['x-frame-options']).toBeDefined();
  });
});

describe('API tokens', () => {
  it('shows a token once, lists it without its secret, and stops it when revoked or expired', async () => {
    const machine = await env.app.inject({
      method: 'POST',
      url: '/users',
      payload: { username: 'scraper', displayName: 'Prometheus', machine: true, roles: ['auditor'], districts: [] },
      headers: env.as('admin'),
    });
    const created = await env.app.inject({
      method: 'POST',
      url: '/tokens',
      payload: { userId: machine.json().id, name: 'prometheus', expiresInDays: 30 },
      headers: env.as('admin'),
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^jv_/);
    const listed = (await env.app.inject({ method: 'GET', url: '/tokens', headers: env.as('admin') })).json();
    expect(JSON.stringify(listed)).not.toContain(token);
    const auth = { authorization: `Bearer ${token}` };
    expect((await env.app.inject({ method: 'GET', url: '/metrics', headers: auth })).statusCode).toBe(200);
    expect((await env.app.inject({ method: 'POST', url: '/tokens', payload: {}, headers: auth })).statusCode).toBe(403);

    // Expired by a change made elsewhere (another API process, the admin command): refused
    // within the identity cache's delay, never later.
    await env.db.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.id, id));
    expect(await refusedWithin(auth)).toBeLessThanOrEqual(IDENTITY_CACHE_MS + 1000);
    await env.db.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() + 3600_000) })
      .where(eq(apiTokens.id, id));
    env.deps.auth.identities.forget();
    expect((await env.app.inject({ method: 'GET', url: '/metrics', headers: auth })).statusCode).toBe(200);
    // Revoked through this API: refused at once.
    expect(
      (await env.app.inject({ method: 'DELETE', url: `/tokens/${id}`, headers: env.as('admin') })).statusCode,
    ).toBe(200);
    expect((await env.app.inject({ method: 'GET', url: '/metrics', headers: auth })).statusCode).toBe(401);
  });

  it('serves a plain read from the identity cache: no write for the token, its last use written at most once a minute', async () => {
    const machine = await env.app.inject({
      method: 'POST',
      url: '/users',
      payload: {
        username: `scraper-${Date.now()}`,
        displayName: 'Metrics',
        machine: true,
        roles: ['auditor'],
        districts: [],
      },
      headers: env.as('admin'),
    });
    const { token, id } = (
      await env.app.inject({
        method: 'POST',
        url: '/tokens',
        payload: { userId: machine.json().id, name: 'm', expiresInDays: 1 },
        headers: env.as('admin'),
      })
    ).json();
    const auth = { authorization: `Bearer ${token}` };
    expect((await env.app.inject({ method: 'GET', url: '/metrics', headers: auth })).statusCode).toBe(200);
    const [first] = await env.db.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, id));
    expect(first.at).not.toBeNull();
    env.deps.auth.identities.forget(); // from the database again, as after the cache delay
    for (let i = 0; i < 3; i += 1)
      expect((await env.app.inject({ method: 'GET', url: '/metrics', headers: auth })).statusCode).toBe(200);
    const [after] = await env.db.db.select({ at: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, id));
    expect(after.at?.getTime()).toBe(first.at?.getTime());
  });

  it('a user changed by another process (roles, deactivation) is refused within the identity cache delay', async () => {
    const auth = env.as('smc_operator');
    expect((await env.app.inject({ method: 'GET', url: '/cases', headers: auth })).statusCode).toBe(200);
    await env.db.db.execute(
      sql`UPDATE users SET active = false WHERE id = (SELECT user_id FROM api_tokens WHERE secret_hash = ${sha256(String(auth.authorization).slice(7))})`,
    );
    try {
      expect(await refusedWithin(auth, '/cases')).toBeLessThanOrEqual(IDENTITY_CACHE_MS + 1000);
    } finally {
      await env.db.db.execute(
        sql`UPDATE users SET active = true WHERE id = (SELECT user_id FROM api_tokens WHERE secret_hash = ${sha256(String(auth.authorization).slice(7))})`,
      );
      env.deps.auth.identities.forget();
    }
  });
});

/** Milliseconds until a request with these headers is answered 401, polling every 100 ms (at most 10 s). */
async function refusedWithin(headers: Record<string, string>, url = '/metrics'): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 10_000) {
    if ((await env.app.inject({ method: 'GET', url, headers })).statusCode === 401) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 100));
  }
  return Number.POSITIVE_INFINITY;
}

describe('admin command', () => {
  it('creates the first admin on an empty system, once', async () => {
    const db = await createTestDb();
    try {
      const run = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', ...args], {
          env: { ...process.env, DATABASE_URL: db.url, JEEVAN_PASSWORD: 'a-long-enough-password' },
          encoding: 'utf8',
          timeout: 60_000,
        });
      const first = run('create-admin', 'root-admin');
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/admin root-admin created/);
      const second = run('create-admin', 'another');
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/users exist already/);
      const token = run('issue-token', 'root-admin', '--name', 'ops', '--days', '1');
      expect(token.stdout).toMatch(/jv_[A-Za-z0-9_-]{8}_/);
    } finally {
      await db.close();
    }
  });
});
