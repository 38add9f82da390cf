// One route per human step of a case, from the step table (contract/steps.ts): its path,
// body schema, roles and message (the authorization matrix and the OpenAPI tests iterate over it).
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Actor, Role } from '../../contract/case.js';
import {
  type SignalStep,
  STEP_LIST,
  type StepName,
  StepSchemas,
  stageAllows,
  type UpdateStep,
} from '../../contract/steps.js';
import { stepAccess } from '../auth/access.js';
import { auditStepAttempt } from '../auth/audit-hook.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { deliverPendingFor } from '../intake/outbox.js';
import { CaseIdParams, CaseResponseSchema } from '../schemas.js';
import { findCase } from './cases.js';
import { stepCheck } from './step-checks.js';

export interface StepRoute {
  step: StepName;
  path: string;
  summary: string;
  /** Signals are fire-and-forget facts (202); updates answer with the new state (200). */
  kind: 'update' | 'signal';
}

/** The routes of the step table (contract/steps.ts), in its order. */
export const STEP_ROUTES: StepRoute[] = STEP_LIST.map(({ name, path, summary, kind }) => ({
  step: name,
  path,
  summary,
  kind,
}));

export const stepRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    for (const route of STEP_ROUTES) {
      app.post(
        `/cases/:id${route.path}`,
        {
          config: { access: stepAccess(route.step) },
          schema: {
            tags: ['steps'],
            summary: route.summary,
            params: CaseIdParams,
            body: StepSchemas[route.step],
            response:
              route.kind === 'update'
                ? { 200: CaseResponseSchema }
                : { 202: Type.Object({ accepted: Type.Boolean(), caseId: Type.String() }) },
          },
        },
        async (request, reply) => {
          const identity = request.identity as NonNullable<typeof request.identity>;
          const by: Actor = { id: identity.userId, name: identity.username, role: request.actingRole as Role };
          const row = await findCase(deps, request.params.id, request);
          // A closed case's workflow has completed: say so plainly instead of "not found" (a note is
          // the one step the table allows on a closed case).
          if (row.stage === 'closed' && !stageAllows(route.step, 'closed'))
            throw new ApiError(409, 'step_refused', `case ${row.id} is closed`);
          if (!row.workflowStartedAt && !(await deliverPendingFor(deps.outbox, row.id))) {
            throw new ApiError(
              503,
              'temporal_unavailable',
              'the case is stored but its workflow has not started yet (Temporal unreachable); try again shortly',
            );
          }
          const args = { by, body: request.body as never };
          const problem = await stepCheck(deps, route.step, args.body);
          if (problem) throw new ApiError(409, 'step_refused', problem);
          await auditStepAttempt(deps.db, request, `case.step.${route.step}`, row.id);
          if (route.kind === 'signal') {
            await deps.cases.signal(row.id, route.step as SignalStep, args);
            return reply.status(202).send({ accepted: true, caseId: row.id });
          }
          const state = await deps.cases.step(row.id, route.step as UpdateStep, args);
          deps.metrics.steps.inc({ step: route.step });
          return { case: state, source: 'workflow' };
        },
      );
    }
  };
