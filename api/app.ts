// Wires plugins and routes; never listens (server.ts does). Tests drive it with inject().
import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Db } from '../db/client.js';
import type { CaseClient } from '../lib/case-client.js';
import type { Checks } from './checks.js';
import { sendError } from './errors.js';
import type { Intake } from './intake/intake-service.js';
import type { OutboxDeps } from './intake/outbox.js';
import type { Metrics } from './metrics.js';
import { alertRoutes } from './routes/alerts.js';
import { caseRoutes } from './routes/cases.js';
import { healthRoutes } from './routes/health.js';
import { intakeReviewRoutes } from './routes/intake-review.js';
import { stepRoutes } from './routes/steps.js';
import { CaseStateSchema, ErrorSchemaRef } from './schemas-registry.js';

export interface AppDeps {
  db: Db;
  cases: CaseClient;
  intake: Intake;
  outbox: OutboxDeps;
  checks: Checks;
  metrics: Metrics;
}

export async function buildApp(deps: AppDeps, opts: { logger?: FastifyServerOptions['loggerInstance'] } = {}) {
  const app = Fastify({
    loggerInstance: opts.logger,
    genReqId: () => randomUUID(),
    bodyLimit: 256 * 1024,
    requestTimeout: 30_000,
    // Reject unknown fields (never silently store or drop them) and never coerce types.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(CaseStateSchema);
  app.addSchema(ErrorSchemaRef);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Jeevan API',
        version: '0.1.0',
        description:
          "From a social-media alert that someone is about to take their life to a police officer at their side. Every error has the shape of the 'Error' schema.",
      },
      tags: [
        { name: 'intake', description: 'Alerts in' },
        { name: 'cases', description: 'Reading cases' },
        { name: 'steps', description: 'Every human step of a case' },
        { name: 'operations', description: 'Health and metrics' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}`, requestId: request.id } }),
  );

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    deps.metrics.requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  await app.register(healthRoutes(deps));
  await app.register(alertRoutes(deps));
  await app.register(caseRoutes(deps));
  await app.register(stepRoutes(deps));
  await app.register(intakeReviewRoutes(deps));
  app.get('/metrics', { schema: { tags: ['operations'], summary: 'Prometheus metrics', hide: false } }, async (_request, reply) => {
    reply.header('content-type', deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
