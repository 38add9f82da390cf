// The authorization matrix, generated from the app's own route table: every route × every
// role × a case of the caller's own district and one of another district. There must be no
// way in where there should not be one, including list filters and IDs guessed from
// another district.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HumanRole } from '../../api/auth/access.js';
import { isOpenWithoutRule, routeTable } from '../../api/auth/guard.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert, TEST_ROLES, tokenFor } from '../helpers/api.js';

let env: ApiTestEnv;
const own = 'GZB';
const foreign = 'AGR';
const cases: Record<'own' | 'foreign' | 'unlocated', string> = { own: '', foreign: '', unlocated: '' };
const headersOf: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  env = await createApiTestEnv();
  for (const [key, district] of [
    ['own', own],
    ['foreign', foreign],
    ['unlocated', undefined],
  ] as const) {
    const id = (await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert() })).json().caseId;
    if (district) {
      await env.app.inject({ method: 'POST', url: `/cases/${id}/locating/start`, payload: {} });
      const located = await env.app.inject({ method: 'POST', url: `/cases/${id}/located`, payload: { districtCode: district, policeStation: 'Kotwali' } });
      expect(located.statusCode).toBe(200);
    }
    cases[key] = id;
  }
  for (const role of TEST_ROLES) headersOf[role] = await tokenFor(env.deps, [role], role === 'district_officer' || role === 'senior_officer' ? [own] : []);
});
afterAll(() => env?.close());

function concrete(url: string, caseId: string): string {
  return url
    .replace(':id', url.startsWith('/cases') ? caseId : '00000000-0000-4000-8000-000000000000')
    .replace(/:(\w+)/g, (_, name) => (name === 'version' ? 'v-none' : 'x'));
}

describe('authorization matrix', () => {
  it('every route declares an access rule', () => {
    const table = routeTable(env.app as unknown as FastifyInstance);
    expect(table.length).toBeGreaterThan(30);
    const missing = table.filter((r) => !r.access && !isOpenWithoutRule(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('no role gets a success it should not have, for any route and any district', async () => {
    const table = routeTable(env.app as unknown as FastifyInstance).filter((r) => r.access && r.access.roles.length > 0);
    const breaches: string[] = [];
    let tried = 0;
    for (const route of table) {
      const access = route.access as NonNullable<typeof route.access>;
      for (const role of TEST_ROLES) {
        for (const which of ['own', 'foreign', 'unlocated'] as const) {
          if (which !== 'own' && !route.url.includes(':id')) continue;
          const res = await env.app.inject({
            method: route.method as 'GET',
            url: concrete(route.url, cases[which]),
            payload: route.method === 'GET' ? undefined : {},
            headers: headersOf[role],
          });
          tried += 1;
          const allowedRole = access.roles.includes(role as HumanRole);
          const scoped = role === 'district_officer' || role === 'senior_officer';
          const reachable = !(access.scope === 'case' && scoped && which !== 'own');
          const ok = res.statusCode < 400;
          if (ok && !(allowedRole && reachable)) breaches.push(`${role} ${which}: ${route.method} ${route.url} → ${res.statusCode}`);
          if (!allowedRole && ![401, 403].includes(res.statusCode)) breaches.push(`${role}: ${route.method} ${route.url} answered ${res.statusCode}, not 403`);
          if (allowedRole && !reachable && res.statusCode !== 404)
            breaches.push(`${role} ${which}: ${route.method} ${route.url} answered ${res.statusCode}, not 404`);
        }
      }
      const anonymous = await env.app.inject({
        method: route.method as 'GET',
        url: concrete(route.url, cases.own),
        payload: route.method === 'GET' ? undefined : {},
        headers: env.anonymous,
      });
      if (anonymous.statusCode !== 401) breaches.push(`anonymous: ${route.method} ${route.url} → ${anonymous.statusCode}`);
    }
    expect(tried).toBeGreaterThan(200);
    expect(breaches).toEqual([]);
  });

  it('list filters never reach another district', async () => {
    for (const role of ['district_officer', 'senior_officer']) {
      const mine = (await env.app.inject({ method: 'GET', url: '/cases', headers: headersOf[role] })).json().items.map((c: { id: string }) => c.id);
      expect(mine).toEqual([cases.own]);
      const asked = (await env.app.inject({ method: 'GET', url: `/cases?district=${foreign}`, headers: headersOf[role] })).json().items;
      expect(asked).toEqual([]);
    }
    const hq = (await env.app.inject({ method: 'GET', url: '/cases', headers: headersOf.smc_operator })).json().items;
    expect(hq).toHaveLength(3);
  });

  it('an auditor reads every case but changes nothing; an admin sees no case data', async () => {
    const read = await env.app.inject({ method: 'GET', url: `/cases/${cases.foreign}`, headers: headersOf.auditor });
    expect(read.statusCode).toBe(200);
    const write = await env.app.inject({ method: 'POST', url: `/cases/${cases.foreign}/notes`, payload: { text: 'x' }, headers: headersOf.auditor });
    expect(write.statusCode).toBe(403);
    const admin = await env.app.inject({ method: 'GET', url: `/cases/${cases.foreign}`, headers: headersOf.admin });
    expect(admin.statusCode).toBe(403);
  });
});
