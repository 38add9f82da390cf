import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PUBLIC } from '../auth/access.js';
import type { AppDeps } from '../deps.js';

const Check = Type.Object({ ok: Type.Boolean(), detail: Type.Optional(Type.String()) });
const Ready = Type.Object({
  status: Type.String(),
  checks: Type.Object({
    database: Check,
    temporal: Check,
    worker: Check,
    live: Type.Optional(
      Type.Object(
        { ok: Type.Boolean(), detail: Type.Optional(Type.String()) },
        { description: 'Live updates (informational: not part of status).' },
      ),
    ),
  }),
});

/** Liveness (the process answers) and readiness (PostgreSQL, Temporal and a polling worker). */
export const healthRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/health/live',
      {
        config: { access: PUBLIC },
        schema: {
          tags: ['operations'],
          summary: 'The API process is up',
          response: { 200: Type.Object({ status: Type.String() }) },
        },
      },
      async () => ({ status: 'ok' }),
    );

    // `/health` is what a newcomer and most monitoring tools try first: the same answer as readiness.
    for (const url of ['/health/ready', '/health']) {
      app.get(
        url,
        {
          config: { access: PUBLIC },
          schema: {
            tags: ['operations'],
            summary: 'Database, Temporal and a worker are reachable',
            response: { 200: Ready, 503: Ready },
          },
        },
        async (_req, reply) => {
          const [database, temporal, worker] = await Promise.all([
            deps.checks.database(),
            deps.checks.temporal(),
            deps.checks.worker(),
          ]);
          const ok = database.ok && temporal.ok && worker.ok;
          // The console's live updates (LISTEN) pausing does not stop the API serving: shown, not counted.
          const live = deps.caseFeed.connected
            ? { ok: true }
            : { ok: false, detail: 'live updates paused: not listening to PostgreSQL (retrying)' };
          return reply
            .status(ok ? 200 : 503)
            .send({ status: ok ? 'ready' : 'not_ready', checks: { database, temporal, worker, live } });
        },
      );
    }
  };
