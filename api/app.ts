// Wires plugins and routes; never listens (server.ts does). Tests drive it with inject().
import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { PayloadCodec } from '@temporalio/common';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Db } from '../db/client.js';
import type { CaseClient } from '../lib/case-client.js';
import type { FieldCrypto } from '../lib/field-crypto.js';
import { ACCESS } from './auth/access.js';
import { type AddressLimits, installAddressLimiter } from './auth/address-limiter.js';
import { adminRoutes } from './auth/admin-routes.js';
import { installAuditHook } from './auth/audit-hook.js';
import { auditRoutes } from './auth/audit-routes.js';
import { authRoutes } from './auth/auth-routes.js';
import { cookieValue, installGuard, SESSION_COOKIE } from './auth/guard.js';
import type { IdentityStore } from './auth/identity-store.js';
import type { SignInLimiter } from './auth/sign-in-limiter.js';
import type { Checks } from './checks.js';
import { sendError } from './errors.js';
import type { Intake } from './intake/intake-service.js';
import type { OutboxDeps } from './intake/outbox.js';
import type { CaseFeed } from './live/case-feed.js';
import type { Metrics } from './metrics.js';
import { refuseNul } from './no-nul.js';
import { alertRoutes } from './routes/alerts.js';
import { caseRoutes } from './routes/cases.js';
import { codecRoutes } from './routes/codec.js';
import { consoleRoutes } from './routes/console.js';
import { consoleSettingsRoutes } from './routes/console-settings.js';
import { directoryRoutes } from './routes/directory.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { intakeReviewRoutes } from './routes/intake-review.js';
import { policyRoutes } from './routes/policies.js';
import { reportRoutes } from './routes/reports.js';
import { stepRoutes } from './routes/steps.js';
import { CaseStateSchema, ErrorSchemaRef } from './schemas-registry.js';

export interface AppDeps {
  db: Db;
  /** Seals and opens personal fields in PostgreSQL (lib/field-crypto.ts). */
  fields: FieldCrypto;
  cases: CaseClient;
  intake: Intake;
  outbox: OutboxDeps;
  checks: Checks;
  metrics: Metrics;
  auth: {
    identities: IdentityStore;
    cookieSecure: boolean;
    /** Requests per minute one identity (or, unauthenticated, one address) may make, after the guard. */
    rateLimitPerMinute: number;
    /** Per address, before the guard, so refusals count (api/auth/address-limiter.ts). */
    addressLimits?: AddressLimits;
    /** TRUST_PROXY: the proxies whose X-Forwarded-For gives the client's address (Fastify's trustProxy). */
    trustProxy?: string | boolean;
    /** Sign-in back-off per (address, username) (api/auth/sign-in-limiter.ts). */
    signIns: SignInLimiter;
  };
  /** Temporal's payload codec, served to Temporal UI for decoding only (api/routes/codec.ts). */
  codec: { codec: Pick<PayloadCodec, 'decode'>; uiOrigin?: string };
  /** Case changes from PostgreSQL (LISTEN), fanned out as the console's live updates (GET /events). */
  caseFeed: CaseFeed;
  /** GET /console/settings: where the case page links to a workflow in Temporal's UI. */
  consoleSettings: { temporalUiUrl: string | null; temporalNamespace: string };
  /** The built console (console/dist by default). */
  consoleDir?: string;
}

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
  await app.register(swaggerUi, { routePrefix: '/docs' });

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
  installAuditHook(app, deps.db, (error) => app.log.error({ err: { name: (error as Error)?.name } }, 'audit write failed'));

  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  refuseNul(app);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}`, requestId: request.id } }),
  );

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    deps.metrics.requests.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  await app.register(authRoutes(deps));
  await app.register(adminRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(healthRoutes(deps));
  await app.register(alertRoutes(deps));
  await app.register(caseRoutes(deps));
  await app.register(stepRoutes(deps));
  await app.register(intakeReviewRoutes(deps));
  await app.register(directoryRoutes(deps));
  await app.register(policyRoutes(deps));
  await app.register(reportRoutes(deps));
  await app.register(codecRoutes(deps));
  await app.register(eventRoutes(deps));
  await app.register(consoleSettingsRoutes(deps));
  await app.register(consoleRoutes({ dir: deps.consoleDir }));
  app.get(
    '/metrics',
    { config: { access: ACCESS.metrics }, schema: { tags: ['operations'], summary: 'Prometheus metrics (scrape with an API token)' } },
    async (_request, reply) => {
      reply.header('content-type', deps.metrics.registry.contentType);
      return deps.metrics.registry.metrics();
    },
  );
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
