// What an admin may not do (issue 12 item 6): become someone else. No change to their own
// roles, tokens only for themselves or machine accounts, the target of every user and token
// change in the audit, and a user's sessions and tokens end when their password or roles change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestEnv, createApiTestEnv, TEST_PASSWORD, tokenFor } from '../helpers/api.js';
import { eventually } from '../helpers/wait.js';

let env: ApiTestEnv;
let admin: Record<string, string>;
let adminId: string;
beforeAll(async () => {
  env = await createApiTestEnv();
  admin = await tokenFor(env.deps, ['admin']);
  adminId = (await env.app.inject({ method: 'GET', url: '/auth/me', headers: admin })).json().userId;
});
afterAll(() => env?.close());

const userId = async (username: string) =>
  (
    (await env.app.inject({ method: 'GET', url: '/users', headers: admin })).json().items as {
      id: string;
      username: string;
    }[]
  ).find((u) => u.username === username)?.id as string;

const auditOf = async (action: string) =>
  (
    await env.db.db.$client.query<{ actor_id: string; details: Record<string, unknown> | null; outcome: string }>(
      'SELECT actor_id, details, outcome FROM audit_log WHERE action = $1 ORDER BY seq',
      [action],
    )
  ).rows;

describe('admin powers', () => {
  it('an admin cannot change their own roles or districts', async () => {
    for (const payload of [
      { roles: ['admin', 'smc_supervisor'] },
      { roles: ['smc_supervisor'] },
      { districts: ['GZB'] },
    ]) {
      const res = await env.app.inject({ method: 'PATCH', url: `/users/${adminId}`, payload, headers: admin });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.message).toMatch(/your own/);
    }
    expect((await env.app.inject({ method: 'GET', url: '/auth/me', headers: admin })).json().roles).toEqual(['admin']);
  });

  it('an admin mints tokens for themselves and for machine accounts, never for a person', async () => {
    const person = await env.app.inject({
      method: 'POST',
      url: '/tokens',
      payload: { userId: await userId('t-smc-supervisor'), name: 'become', expiresInDays: 1 },
      headers: admin,
    });
    expect(person.statusCode).toBe(403);
    expect(person.json().error.message).toMatch(/machine account/);

    const own = await env.app.inject({
      method: 'POST',
      url: '/tokens',
      payload: { userId: adminId, name: 'mine', expiresInDays: 1 },
      headers: admin,
    });
    expect(own.statusCode).toBe(201);

    const machine = await env.app.inject({
      method: 'POST',
      url: '/users',
      payload: {
        username: 'prometheus',
        displayName: 'Metrics scraper',
        machine: true,
        roles: ['auditor'],
        districts: [],
      },
      headers: admin,
    });
    expect(machine.statusCode).toBe(201);
    expect(machine.json()).toMatchObject({ machine: true });
    const issued = await env.app.inject({
      method: 'POST',
      url: '/tokens',
      payload: { userId: machine.json().id, name: 'scrape', expiresInDays: 30 },
      headers: admin,
    });
    expect(issued.statusCode).toBe(201);
    expect(
      (
        await env.app.inject({
          method: 'GET',
          url: '/metrics',
          headers: { authorization: `Bearer ${issued.json().token}` },
        })
      ).statusCode,
    ).toBe(200);
    // A machine account has no password: it never signs in.
    const signIn = await env.app.inject({
      method: 'POST',
      url: '/auth/login',
      payload: { username: 'prometheus', password: 'x'.repeat(12) },
      headers: env.anonymous,
    });
    expect(signIn.statusCode).toBe(401);

    await eventually(async () => (await auditOf('tokens.create')).length >= 3, 'the token audit entries');
    const created = await auditOf('tokens.create');
    expect(created.map((r) => r.details?.targetUserId)).toEqual(expect.arrayContaining([adminId, machine.json().id]));
    expect(created.find((r) => r.outcome === 'refused')?.details).toMatchObject({
      targetUserId: await userId('t-smc-supervisor'),
    });
  });

  it("a password or role change ends the user's sessions and tokens, and the audit names the target", async () => {
    const target = await env.app.inject({
      method: 'POST',
      url: '/users',
      payload: {
        username: 'officer-x',
        displayName: 'Officer X',
        password: TEST_PASSWORD,
        roles: ['smc_operator'],
        districts: [],
      },
      headers: admin,
    });
    const id = target.json().id;
    const signIn = async () => {
      const res = await env.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: 'officer-x', password: TEST_PASSWORD },
        headers: env.anonymous,
      });
      expect(res.statusCode).toBe(200);
      return {
        cookie: ([] as string[])
          .concat(res.headers['set-cookie'] ?? [])
          .find((c) => c.startsWith('jeevan_session='))
          ?.split(';')[0] as string,
      };
    };
    const me = (headers: Record<string, string>) => env.app.inject({ method: 'GET', url: '/auth/me', headers });

    const before = await signIn();
    expect((await me(before)).statusCode).toBe(200);
    expect(
      (
        await env.app.inject({
          method: 'PATCH',
          url: `/users/${id}`,
          payload: { password: 'another-long-password' },
          headers: admin,
        })
      ).statusCode,
    ).toBe(200);
    expect((await me(before)).statusCode).toBe(401);

    await env.app.inject({
      method: 'PATCH',
      url: `/users/${id}`,
      payload: { password: TEST_PASSWORD },
      headers: admin,
    });
    const again = await signIn();
    expect(
      (
        await env.app.inject({
          method: 'PATCH',
          url: `/users/${id}`,
          payload: { roles: ['smc_supervisor'] },
          headers: admin,
        })
      ).statusCode,
    ).toBe(200);
    expect((await me(again)).statusCode).toBe(401);

    const changes = async () =>
      (await auditOf('users.update')).filter((r) => r.details?.targetUserId === id).map((r) => r.details?.changed);
    await eventually(async () => (await changes()).length === 3, 'the three audit entries');
    expect(await changes()).toEqual([['password'], ['password'], ['roles']]);
  });
});
