// GET /metrics: Prometheus's scrape of the API's counters and the projection's gauges, for a
// machine account's API token (ACCESS.metrics).
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { ACCESS } from '../auth/access.js';
import type { AppDeps } from '../deps.js';

export const metricsRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/metrics',
      {
        config: { access: ACCESS.metrics },
        schema: { tags: ['operations'], summary: 'Prometheus metrics (scrape with an API token)' },
      },
      async (_request, reply) => {
        reply.header('content-type', deps.metrics.registry.contentType);
        return deps.metrics.registry.metrics();
      },
    );
  };
