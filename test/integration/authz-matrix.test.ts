// The authorization matrix, generated from the app's own route table: every route × every
// role × a case of the caller's own district and one of another district. There must be no
// way in where there should not be one, including list filters and IDs guessed from
// another district.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HumanRole } from '../../api/auth/access.js';
import { routeTable } from '../../api/auth/guard.js';
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
      const located = await env.app.inject({
        method: 'POST',
        url: `/cases/${id}/located`,
        payload: { districtCode: district, policeStation: 'Kotwali' },
      });
      expect(located.statusCode).toBe(200);
    }
    cases[key] = id;
  }
  for (const role of TEST_ROLES)
    headersOf[role] = await tokenFor(
      env.deps,
      [role],
      role === 'district_officer' || role === 'senior_officer' ? [own] : [],
    );
});
afterAll(() => env?.close());

function concrete(url: string, caseId: string): string {
  return url
    .replace(':id', url.startsWith('/cases') ? caseId : '00000000-0000-4000-8000-000000000000')
    .replace(/:(\w+)/g, (_, name) => (name === 'version' ? 'v-none' : 'x'));
}

const yearAgo = () => new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
// Two days on: a bare date is read as midnight IST, so after 18:30 UTC "tomorrow" in UTC is already today in IST.
const tomorrow = () => new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);

/** Values for a list route's required query parameters; a new one must be added here. */
const SAMPLE_QUERY: Record<string, () => string> = { from: yearAgo, to: tomorrow };

interface ObjectSchema {
  properties?: Record<string, { enum?: string[] }>;
  required?: string[];
}

/**
 * A list route's URLs as a scoped officer might try them: without a district, and with the foreign one in every
 * district-like parameter.
 */
function listUrls(route: { url: string; schema?: { params?: unknown; querystring?: unknown } }): string[] {
  const params = (route.schema?.params ?? {}) as ObjectSchema;
  const path = route.url.replace(/:(\w+)/g, (_, name) => params.properties?.[name]?.enum?.[0] ?? 'x');
  const q = (route.schema?.querystring ?? {}) as ObjectSchema;
  const base = new URLSearchParams();
  for (const name of q.required ?? []) {
    const sample = SAMPLE_QUERY[name];
    if (!sample) throw new Error(`add a sample value for the required query parameter ${name} of ${route.url}`);
    base.set(name, sample());
  }
  const districtParams = Object.keys(q.properties ?? {}).filter((name) => /district/i.test(name));
  const urls = [base.size ? `${path}?${base}` : path];
  for (const name of districtParams) {
    const withForeign = new URLSearchParams(base);
    withForeign.set(name, foreign);
    urls.push(`${path}?${withForeign}`);
  }
  return urls;
}

describe('authorization matrix', () => {
  it('every route declares an access rule', () => {
    const table = routeTable(env.app as unknown as FastifyInstance);
    expect(table.length).toBeGreaterThan(30);
    const missing = table.filter((r) => !r.access && !r.open).map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  it('no role gets a success it should not have, for any route and any district', async () => {
    const table = routeTable(env.app as unknown as FastifyInstance).filter(
      (r) => r.access && r.access.roles.length > 0,
    );
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
          if (ok && !(allowedRole && reachable))
            breaches.push(`${role} ${which}: ${route.method} ${route.url} → ${res.statusCode}`);
          if (!allowedRole && ![401, 403].includes(res.statusCode))
            breaches.push(`${role}: ${route.method} ${route.url} answered ${res.statusCode}, not 403`);
          if (allowedRole && !reachable && res.statusCode !== 404)
            breaches.push(`${role} ${which}: ${route.method} ${route.url} answered ${res.statusCode}, not 404`);
        }
      }
      const anonymous = await env.app.inject({
        method: route.method as 'GET',
        url: concrete(route.url, cases.own),
        payload: route.method === 'GET' ? undefined : {},
        headers: env.anonymous,
        // Each from an address of its own: one address collecting this many refusals is answered 429
        // (address-limiter.ts).
        remoteAddress: `10.98.${Math.floor(tried / 250)}.${tried % 250}`,
      });
      if (anonymous.statusCode !== 401)
        breaches.push(`anonymous: ${route.method} ${route.url} → ${anonymous.statusCode}`);
    }
    expect(tried).toBeGreaterThan(200);
    expect(breaches).toEqual([]);
  });

  it('list filters never reach another district', async () => {
    for (const role of ['district_officer', 'senior_officer']) {
      const mine = (await env.app.inject({ method: 'GET', url: '/cases', headers: headersOf[role] }))
        .json()
        .items.map((c: { id: string }) => c.id);
      expect(mine).toEqual([cases.own]);
      const asked = (
        await env.app.inject({ method: 'GET', url: `/cases?district=${foreign}`, headers: headersOf[role] })
      ).json().items;
      expect(asked).toEqual([]);
    }
    const hq = (await env.app.inject({ method: 'GET', url: '/cases', headers: headersOf.smc_operator })).json().items;
    expect(hq).toHaveLength(3);
  });

  it('every list route, asked for another district or for none, gives a district or senior officer nothing of another district', async () => {
    const scopedRoles = ['district_officer', 'senior_officer'] as const;
    const lists = routeTable(env.app as unknown as FastifyInstance).filter(
      (r) => r.method === 'GET' && !r.url.includes(':id') && scopedRoles.some((role) => r.access?.roles.includes(role)),
    );
    expect(lists.map((r) => r.url)).toEqual(expect.arrayContaining(['/cases', '/reports', '/reports/:name']));
    const breaches: string[] = [];
    for (const route of lists) {
      for (const role of scopedRoles) {
        if (!route.access?.roles.includes(role)) continue;
        let answered = 0;
        for (const url of listUrls(route)) {
          const res = await env.app.inject({
            method: 'GET',
            url,
            headers: { ...headersOf[role], accept: 'application/json' },
          });
          if (res.statusCode >= 500 || res.statusCode === 400) breaches.push(`${role}: GET ${url} → ${res.statusCode}`);
          if (res.statusCode >= 400) continue;
          answered += 1;
          if (
            res.body.includes(cases.foreign) ||
            res.body.includes(cases.unlocated) ||
            res.body.includes(`"${foreign}"`) ||
            res.body.includes(`,${foreign}`)
          )
            breaches.push(`${role}: GET ${url} → ${res.statusCode} shows another district`);
        }
        // The route answered the officer at least once (without a district): the check above saw real answers.
        if (answered === 0 && route.url !== '/events') breaches.push(`${role}: GET ${route.url} never answered`);
      }
    }
    expect(breaches).toEqual([]);
  });

  it('reports for a district or senior officer cover their districts only, with cells under 5 suppressed', async () => {
    const query = `from=${yearAgo()}&to=${tomorrow()}`;
    const hq = (
      await env.app.inject({ method: 'GET', url: `/reports/funnel?${query}`, headers: headersOf.smc_supervisor })
    ).json();
    expect(hq.rows.find((r: { step: string }) => r.step === 'cases').count).toBe(3);
    const senior = await env.app.inject({
      method: 'GET',
      url: `/reports/funnel?${query}`,
      headers: headersOf.senior_officer,
    });
    expect(senior.statusCode).toBe(200);
    expect(senior.json().period).toMatchObject({ district: null, districts: [own], smallCellsSuppressed: true });
    // One case of GZB: a count of 1 is not shown.
    expect(senior.json().rows.find((r: { step: string }) => r.step === 'cases')).toMatchObject({
      count: null,
      percentOfCases: null,
    });
    const asked = await env.app.inject({
      method: 'GET',
      url: `/reports?${query}&district=${foreign}`,
      headers: headersOf.senior_officer,
    });
    expect(asked.statusCode).toBe(403);
    const csv = await env.app.inject({
      method: 'GET',
      url: `/reports/outcomes?${query}&district=${foreign}&format=csv`,
      headers: headersOf.senior_officer,
    });
    expect(csv.statusCode).toBe(403);
  });

  it('an auditor reads every case but changes nothing; an admin sees no case data', async () => {
    const read = await env.app.inject({ method: 'GET', url: `/cases/${cases.foreign}`, headers: headersOf.auditor });
    expect(read.statusCode).toBe(200);
    const write = await env.app.inject({
      method: 'POST',
      url: `/cases/${cases.foreign}/notes`,
      payload: { text: 'x' },
      headers: headersOf.auditor,
    });
    expect(write.statusCode).toBe(403);
    const admin = await env.app.inject({ method: 'GET', url: `/cases/${cases.foreign}`, headers: headersOf.admin });
    expect(admin.statusCode).toBe(403);
  });
});
