// Issue 12 item 9: the guard opens only the documentation plugin's own routes. A route of
// ours that merely starts with "/docs" and forgot its access rule is closed to everyone.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCS_PREFIX, installGuard, routeTable } from '../../api/auth/guard.js';
import { sendError } from '../../api/errors.js';

const app = Fastify();

beforeAll(async () => {
  // The guard reads neither the database nor the identities for a route without a rule.
  installGuard(app, { db: {} as never, identities: {} as never });
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  await app.register(swagger, { openapi: { info: { title: 't', version: '1' } } });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });
  for (const url of ['/docs-export', '/docsearch', '/docs2/cases']) app.get(url, async () => ({ personal: 'data' }));
  await app.ready();
});
afterAll(() => app.close());

describe('routes without an access rule', () => {
  it('serves the OpenAPI document and its UI to anyone', async () => {
    expect((await app.inject({ method: 'GET', url: '/docs/json' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
  });

  it('closes a route of ours whose path only starts with /docs', async () => {
    for (const url of ['/docs-export', '/docsearch', '/docs2/cases']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(403);
      expect(res.body).not.toContain('personal');
    }
    const open = routeTable(app)
      .filter((r) => r.open)
      .map((r) => r.url);
    expect(open.length).toBeGreaterThan(0);
    for (const url of open) expect(url === DOCS_PREFIX || url.startsWith(`${DOCS_PREFIX}/`)).toBe(true);
  });
});
