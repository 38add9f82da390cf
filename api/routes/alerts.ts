import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AlertIntakeSchema } from '../../contract/alert.js';
import { ACCESS } from '../auth/access.js';
import type { AppDeps } from '../deps.js';
import { deliverNow } from '../intake/outbox.js';

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
          headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 200 })) }, { additionalProperties: true }),
          body: AlertIntakeSchema,
          response: { 200: IntakeResponse, 201: IntakeResponse, 202: IntakeResponse },
        },
      },
      async (request, reply) => {
        const result = await deps.intake(request.body, { idempotencyKey: request.headers['idempotency-key'] as string | undefined });
        if (result.status === 'duplicate' || result.outboxId === undefined) {
          return reply.status(200).send({ ...result, workflow: 'existing' });
        }
        const handed = await deliverNow(deps.outbox, result.outboxId);
        deps.metrics.alertsReceived.inc({ status: result.status, workflow: handed ? 'started' : 'queued' });
        request.log.info({ caseId: result.caseId, status: result.status, handed }, 'alert received');
        if (result.status === 'attached') return reply.status(200).send({ ...result, workflow: handed ? 'existing' : 'queued' });
        return reply.status(handed ? 201 : 202).send({ ...result, workflow: handed ? 'started' : 'queued' });
      },
    );
  };
