// Random and hostile bodies against every route: never a 5xx, never a change to any case.
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_ROUTES } from '../../api/routes/steps.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert } from '../helpers/api.js';
import { eventually } from '../helpers/wait.js';

let env: ApiTestEnv;
let caseId: string;
beforeAll(async () => {
  env = await createApiTestEnv();
  caseId = (await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert() })).json().caseId;
  // The workflow records its opening asynchronously; start from a settled state.
  await eventually(
    async () => (await env.db.db.execute(sql`SELECT 1 FROM case_events WHERE case_id = ${caseId}`)).rowCount === 1,
    'the opening event',
  );
});
afterAll(() => env?.close());

const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    '../../etc/passwd',
    "'; DROP TABLE cases; --",
    '<script>alert(1)</script>',
    '𝕵𝖊𝖊𝖛𝖆𝖓',
    'नमस्ते',
  ),
  fc.integer({ min: 1000, max: 300_000 }).map((n) => 'x'.repeat(n)),
);
const hostileScalar = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 5 }),
);
const hostileValue = fc.oneof(hostileScalar, fc.dictionary(hostileString, hostileString, { maxKeys: 5 }));
/** Every object body carries a field no schema has, so no body can be valid by chance ({} is valid for some steps). */
const hostileObject = fc
  .dictionary(fc.string({ maxLength: 20 }), hostileValue, { maxKeys: 8 })
  .map((o) => ({ ...o, __hostile: true }));
const hostileBody = fc.oneof(hostileObject, hostileScalar);

async function fingerprint() {
  const rows = await env.db.db.execute<{ n: string }>(
    sql`SELECT (SELECT count(*) FROM cases) || '/' || (SELECT count(*) FROM alerts) || '/' || (SELECT count(*) FROM case_events) || '/' || (SELECT coalesce(max(state_version),0) FROM cases) AS n`,
  );
  return `${rows.rows[0].n}/${(await env.cases.state(caseId)).version}`;
}

describe('hostile input', () => {
  const routes = [
    { url: () => '/alerts', headers: {} as Record<string, string> },
    ...STEP_ROUTES.map((r) => ({
      url: () => `/cases/${caseId}${r.path}`,
      headers: { 'x-jeevan-actor': 'fuzz', 'x-jeevan-role': 'smc_supervisor' },
    })),
  ];

  it('never answers 5xx and changes nothing, on any route', async () => {
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), hostileBody, async (route, body) => {
        const raw = typeof body === 'string' ? body : JSON.stringify(body);
        const res = await env.app.inject({
          method: 'POST',
          url: route.url(),
          payload: raw,
          headers: { ...route.headers, 'content-type': 'application/json' },
        });
        expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expect(res.json().error.code).toBeTypeOf('string');
      }),
      { numRuns: 300 },
    );
    expect(await fingerprint()).toBe(before);
  });

  it('refuses hostile headers, IDs and query strings without a 5xx', async () => {
    const urls = [
      '/cases/%00',
      '/cases/JV-2026-0000001%27',
      `/cases/${'9'.repeat(5000)}`,
      '/cases?limit=100000',
      '/cases?cursor=%%%',
      '/cases?stage=nope',
      '/cases?openedFrom=yesterday',
      '/cases?district=agra',
    ];
    for (const url of urls) {
      const res = await env.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
    }
    const forged = await env.app.inject({
      method: 'POST',
      url: `/cases/${caseId}/notes`,
      payload: { text: 'x' },
      headers: { authorization: `Bearer jv_AAAAAAAA_${'A'.repeat(43)}` },
    });
    expect(forged.statusCode).toBe(401);
    const basic = await env.app.inject({
      method: 'POST',
      url: `/cases/${caseId}/notes`,
      payload: { text: 'x' },
      headers: { authorization: 'Basic cm9vdDpyb290' },
    });
    expect(basic.statusCode).toBe(401);
    for (const payload of ['null', '[]', '"x"', '0', 'true']) {
      const res = await env.app.inject({
        method: 'POST',
        url: `/cases/${caseId}/locating/start`,
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode, payload).toBe(400);
    }
    const notJson = await env.app.inject({
      method: 'POST',
      url: '/alerts',
      payload: '{"sourceRef":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.statusCode).toBe(400);
    const huge = await env.app.inject({
      method: 'POST',
      url: '/alerts',
      payload: JSON.stringify({ ...sampleAlert(), description: 'x'.repeat(400_000) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.statusCode).toBe(413);
  });
});
