// The served OpenAPI document is valid, and every operation in it answers as documented.
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STEP_ROUTES } from '../../api/routes/steps.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert } from '../helpers/api.js';

let env: ApiTestEnv;
let doc: { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
beforeAll(async () => {
  env = await createApiTestEnv();
  doc = (await env.app.inject({ method: 'GET', url: '/docs/json' })).json();
});
afterAll(() => env?.close());

describe('OpenAPI', () => {
  it('is a valid OpenAPI document', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
    expect((await env.app.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
  });

  it('documents every step route with request and response schemas', () => {
    for (const route of STEP_ROUTES) {
      const op = doc.paths[`/cases/{id}${route.path}`]?.post as unknown as {
        requestBody?: unknown;
        responses: Record<string, unknown>;
      };
      expect(op, route.path).toBeDefined();
      expect(op.requestBody, route.path).toBeDefined();
      expect(Object.keys(op.responses), route.path).toContain(route.kind === 'update' ? '200' : '202');
    }
  });

  it('every documented operation answers with a documented status or the common error shape', async () => {
    const caseId = (await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert() })).json().caseId;
    const examples: Record<string, unknown> = {
      '/alerts': sampleAlert(),
      '/cases/{id}/locating/start': {},
      '/cases/{id}/notes': { text: 'hello' },
    };
    let called = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (path.startsWith('/docs')) continue;
      for (const [method, op] of Object.entries(ops)) {
        const url = path.replace('{id}', caseId);
        const payload = method === 'post' ? ((examples[path] as object) ?? {}) : undefined;
        // The default HQ identity holds every role but the district ones: no route refuses it.
        const res = await env.app.inject({ method: method.toUpperCase() as 'GET', url, payload });
        called += 1;
        const documented = Object.keys(op.responses).includes(String(res.statusCode));
        if (!documented) {
          // Refusals (400 body problems, 409 wrong stage, 503 not ready) share one documented error shape.
          expect([400, 404, 409, 503], `${method} ${path}: ${res.statusCode} ${res.body.slice(0, 200)}`).toContain(
            res.statusCode,
          );
          expect(res.json().error.code, `${method} ${path}`).toBeTypeOf('string');
        }
      }
    }
    expect(called).toBeGreaterThanOrEqual(STEP_ROUTES.length + 6);
  });
});
