import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AlertIntakeSchema } from '../../contract/alert.js';
import { ACCESS } from '../auth/access.js';
import type { AppDeps } from '../deps.js';
import { handOverNow } from '../intake/hand-over.js';

const IntakeResponse = Type.Object({
  status: Type.String({
    enum: ['created', 'attached', 'duplicate'],
    description: 'A new case, joined to an open case of the same person, or an alert already received.',
  }),
  caseId: Type.String(),
  alertId: Type.String(),
  repeatOf: Type.Optional(
    Type.String({
      description:
        'Set when the reference was already received with different content: the first alert of that reference. This alert is kept on its case, marked, never dropped.',
    }),
  ),
  workflow: Type.String({
    enum: ['started', 'queued', 'existing'],
    description: '"queued": the case is safely stored and its workflow starts as soon as Temporal is reachable.',
  }),
});

export const alertRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    // The hand-over's bookkeeping runs once the answer is sent, off the alert's critical path.
    const afterReply = new WeakMap<object, () => Promise<void>>();
    const running = new Set<Promise<void>>();
    app.addHook('onResponse', async (request) => {
      const later = afterReply.get(request);
      if (!later) return;
      const write = later();
      running.add(write);
      void write.finally(() => running.delete(write));
    });
    app.addHook('onClose', async () => {
      await Promise.all(running);
    });

    app.post(
      '/alerts',
      {
        config: { access: ACCESS.intake },
        schema: {
          tags: ['intake'],
          summary: 'Receive an alert (phone alerts typed in by an operator, or machine intake)',
          description:
            'The alert is committed to PostgreSQL before the answer. 201: new case, workflow started. 202: stored, workflow queued (Temporal unreachable). ' +
            '200: the same alert again (same source reference or Idempotency-Key), or joined to an open case of the same person.',
          headers: Type.Object(
            { 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 200 })) },
            { additionalProperties: true },
          ),
          body: AlertIntakeSchema,
          response: { 200: IntakeResponse, 201: IntakeResponse, 202: IntakeResponse },
        },
      },
      async (request, reply) => {
        const result = await deps.intake(request.body, {
          idempotencyKey: request.headers['idempotency-key'] as string | undefined,
        });
        const { handOver, ...answer } = result;
        if (result.status === 'duplicate' || !handOver) {
          return reply.status(200).send({ ...answer, workflow: 'existing' });
        }
        const { handed, bookkeeping } = await handOverNow(deps.outbox, handOver);
        afterReply.set(request, bookkeeping);
        deps.metrics.alertsReceived.inc({ status: result.status, workflow: handed ? 'started' : 'queued' });
        request.log.info({ caseId: result.caseId, status: result.status, handed }, 'alert received');
        if (result.status === 'attached')
          return reply.status(200).send({ ...answer, workflow: handed ? 'existing' : 'queued' });
        return reply.status(handed ? 201 : 202).send({ ...answer, workflow: handed ? 'started' : 'queued' });
      },
    );
  };
