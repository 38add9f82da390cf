// The console is served by the API itself: one page for every console path, hashed assets
// cached for good, a strict Content-Security-Policy, and no data without signing in.
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestEnv, createApiTestEnv } from '../helpers/api.js';

let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv();
});
afterAll(() => env?.close());

describe('the console', () => {
  it('is the page at /console/ and at every path under it, with a strict CSP and no caching', async () => {
    for (const url of ['/console/', '/console/cases/JV-2026-000001', '/console/reports']) {
      const res = await env.app.inject({ method: 'GET', url, headers: env.anonymous });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('<div id="app">');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('serves the hashed script and stylesheet the page names, cached as immutable', async () => {
    const page = await env.app.inject({ method: 'GET', url: '/console/', headers: env.anonymous });
    const assets = [...page.body.matchAll(/\/console\/assets\/[A-Za-z0-9_.-]+/g)].map((m) => m[0]);
    expect(assets.length).toBe(2);
    for (const url of assets) {
      const res = await env.app.inject({ method: 'GET', url, headers: env.anonymous });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control']).toContain('immutable');
      expect(res.body.length).toBeGreaterThan(100);
    }
  });

  it('sends the gzip copy to a browser that accepts it, byte for byte the same script', async () => {
    const page = await env.app.inject({ method: 'GET', url: '/console/', headers: env.anonymous });
    const script = page.body.match(/\/console\/assets\/[A-Za-z0-9_-]+\.js/)?.[0] as string;
    const plain = await env.app.inject({ method: 'GET', url: script, headers: env.anonymous });
    const zipped = await env.app.inject({
      method: 'GET',
      url: script,
      headers: { ...env.anonymous, 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toMatch(/^text\/javascript/);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    expect(gunzipSync(zipped.rawPayload).equals(plain.rawPayload)).toBe(true);
  });

  it('answers 404 for an unknown asset and for a path outside the assets folder', async () => {
    for (const url of ['/console/assets/nope.js', '/console/assets/..%2F..%2Fpackage.json']) {
      const res = await env.app.inject({ method: 'GET', url, headers: env.anonymous });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('sends / to the console', async () => {
    const res = await env.app.inject({ method: 'GET', url: '/', headers: env.anonymous });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/console/');
  });
});
