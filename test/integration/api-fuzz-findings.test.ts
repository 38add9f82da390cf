// Each defect the contract fuzz (api-fuzz.test.ts) found, pinned as its own small test so it
// stays fixed whatever the fuzz's random choices are on a given day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestEnv, createApiTestEnv } from '../helpers/api.js';

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env?.close());

const expectErrorShape = (res: { statusCode: number; json(): unknown }, status: number) => {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatchObject({
    code: expect.any(String),
    message: expect.any(String),
    requestId: expect.any(String),
  });
};

describe('contract fuzz findings', () => {
  it('a session cookie that is not valid percent-encoding is refused 401, not a 500', async () => {
    for (const url of ['/auth/me', '/cases', '/console/settings']) {
      const res = await env.app.inject({ method: 'GET', url, headers: { cookie: 'jeevan_session=%E0%A4%A' } });
      expectErrorShape(res, 401);
    }
    // A public route does not care about the cookie at all.
    expect(
      (await env.app.inject({ method: 'GET', url: '/health/live', headers: { cookie: 'jeevan_session=%' } }))
        .statusCode,
    ).toBe(200);
  });

  it('a URL the router cannot decode, or a path parameter too long, answers in the one error shape', async () => {
    for (const url of ['/cases/%/notes', '/cases/%C0%AE', '/policies/%ff%fe', '/users/%%%']) {
      expectErrorShape(await env.app.inject({ method: 'GET', url }), 400);
    }
    expectErrorShape(await env.app.inject({ method: 'GET', url: `/cases/${'9'.repeat(5000)}` }), 414);
  });

  it('text with a NUL character is refused 400 with the field named, and nothing is stored (PostgreSQL cannot hold it)', async () => {
    const count = async () => (await env.app.inject({ method: 'GET', url: '/directory/stations' })).json().items.length;
    const before = await count();
    const res = await env.app.inject({
      method: 'POST',
      url: '/directory/stations',
      payload: { districtCode: 'LKO', name: 'Thana\u0000 Gomti Nagar' },
    });
    expectErrorShape(res, 400);
    expect(res.json().error.details).toEqual([
      { field: 'name', problem: 'must not contain the NUL character (\\u0000)' },
    ]);
    expect(await count()).toBe(before);
    const query = await env.app.inject({ method: 'GET', url: '/cases?cursor=%00' });
    expectErrorShape(query, 400);
  });
});
