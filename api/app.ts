// Wires plugins and routes; never listens (server.ts does). Tests drive it with inject().
import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { type AddressLimits, installAddressLimiter } from './auth/address-limiter.js';
import { installAuditHook } from './auth/audit-hook.js';
import { cookieValue, DOCS_PREFIX, installGuard, SESSION_COOKIE } from './auth/guard.js';
import type { AppDeps } from './deps.js';
import { sendError } from './errors.js';
import { refuseNul } from './no-nul.js';
import { adminRoutes } from './routes/admin.js';
import { alertRoutes } from './routes/alerts.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { caseRoutes } from './routes/cases.js';
import { codecRoutes } from './routes/codec.js';
import { consoleRoutes } from './routes/console.js';
import { consoleSettingsRoutes } from './routes/console-settings.js';
import { directoryRoutes } from './routes/directory.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { intakeReviewRoutes } from './routes/intake-review.js';
import { metricsRoutes } from './routes/metrics.js';
import { networkRoutes } from './routes/network.js';
import { policyRoutes } from './routes/policies.js';
import { reportRoutes } from './routes/reports.js';
import { requestRoutes } from './routes/requests.js';
import { stepRoutes } from './routes/steps.js';
import { CaseStateSchema, ErrorSchemaRef } from './schemas-registry.js';

export const DEFAULT_ADDRESS_LIMITS: AddressLimits = { perMinute: 6000, refusalsPerMinute: 30 };

export async function buildApp(deps: AppDeps, opts: { logger?: FastifyServerOptions['loggerInstance'] } = {}) {
  const app = Fastify({
    loggerInstance: opts.logger,
    genReqId: () => randomUUID(),
    bodyLimit: 256 * 1024,
    requestTimeout: 30_000,
    trustProxy: deps.auth.trustProxy ?? false,
    // Reject unknown fields (never silently store or drop them) and never coerce types.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } },
    // A URL the router cannot decode, or a path parameter over its length: the one error shape too.
    frameworkErrors: (error, request, reply) => sendError(request, reply, error),
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
        { name: 'auth', description: 'Signing in' },
        { name: 'admin', description: 'Users and API tokens' },
        { name: 'audit', description: 'The audit log' },
      ],
    },
  });

  // Security headers (the docs page keeps the CSP it ships with) and rate limits: per address
  // before the guard (refusals count), then per identity or address.
  await app.register(helmet, { global: true, contentSecurityPolicy: false });
  installAddressLimiter(app, deps.auth.addressLimits ?? DEFAULT_ADDRESS_LIMITS);
  await app.register(rateLimit, {
    global: true,
    max: deps.auth.rateLimitPerMinute,
    timeWindow: '1 minute',
    keyGenerator: (request) => request.headers.authorization || cookieValue(request, SESSION_COOKIE) || request.ip,
  });
  installGuard(app, { db: deps.db, identities: deps.auth.identities });
  installAuditHook(app, deps.db, (error) =>
    app.log.error({ err: { name: (error as Error)?.name } }, 'audit write failed'),
  );
  // After the guard: it opens exactly the routes this plugin registers under DOCS_PREFIX (it sees them as they are
  // added).
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });

  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  refuseNul(app);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: {
        code: 'not_found',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
        requestId: request.id,
      },
    }),
  );

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    deps.metrics.requests.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  await app.register(authRoutes(deps));
  await app.register(adminRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(healthRoutes(deps));
  await app.register(alertRoutes(deps));
  await app.register(caseRoutes(deps));
  await app.register(stepRoutes(deps));
  await app.register(requestRoutes(deps));
  await app.register(intakeReviewRoutes(deps));
  await app.register(directoryRoutes(deps));
  await app.register(policyRoutes(deps));
  await app.register(reportRoutes(deps));
  await app.register(codecRoutes(deps));
  await app.register(eventRoutes(deps));
  await app.register(consoleSettingsRoutes(deps));
  await app.register(consoleRoutes({ dir: deps.consoleDir }));
  await app.register(metricsRoutes(deps));
  await app.register(networkRoutes(deps));
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
