// One route per human step of a case. The table is the single list of steps the API
// exposes (the authorization matrix and the OpenAPI tests iterate over it).
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Actor, Role } from '../../contract/case.js';
import type { UpdateStep } from '../../contract/messages.js';
import { type StepName, StepSchemas } from '../../contract/steps.js';
import { stepAccess } from '../auth/access.js';
import { auditStepAttempt } from '../auth/audit-hook.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { deliverPendingFor } from '../intake/outbox.js';
import { CaseIdParams, CaseResponseSchema } from '../schemas.js';
import { findCase } from './cases.js';

export interface StepRoute {
  step: StepName;
  path: string;
  summary: string;
  /** Signals are fire-and-forget facts (202); updates answer with the new state (200). */
  kind: 'update' | 'signal';
}

export const STEP_ROUTES: StepRoute[] = [
  {
    step: 'startLocating',
    path: '/locating/start',
    summary: 'An operator takes the case and starts (or resumes) locating',
    kind: 'update',
  },
  {
    step: 'openEnquiry',
    path: '/enquiries',
    summary: 'Open a line of enquiry (telecom lookup, Meta data, emergency request, family, post clues)',
    kind: 'update',
  },
  { step: 'reportEnquiry', path: '/enquiries/result', summary: "Report an enquiry's result", kind: 'update' },
  { step: 'locationHint', path: '/location-hints', summary: 'Add a location hint', kind: 'signal' },
  { step: 'markLocated', path: '/located', summary: 'Confirm the district and police station', kind: 'update' },
  {
    step: 'markNotLocated',
    path: '/not-located',
    summary: 'Record that the person could not be located, and why',
    kind: 'update',
  },
  { step: 'transfer', path: '/transfer', summary: "Transfer to another state's nodal officer", kind: 'update' },
  {
    step: 'acknowledgeTransfer',
    path: '/transfer/acknowledge',
    summary: 'The other state acknowledged the transfer',
    kind: 'update',
  },
  {
    step: 'notifyDistrict',
    path: '/notify',
    summary: 'Notify the district control room and police station (sends the e-mail)',
    kind: 'update',
  },
  {
    step: 'acknowledge',
    path: '/acknowledge',
    summary: 'The control room or police station acknowledges',
    kind: 'update',
  },
  { step: 'dispatch', path: '/dispatch', summary: 'A named officer or vehicle is on the way', kind: 'update' },
  { step: 'arrive', path: '/arrive', summary: 'An officer arrived at the place', kind: 'update' },
  { step: 'contactMade', path: '/contact', summary: 'An officer is with the person', kind: 'update' },
  { step: 'recordOutcome', path: '/outcome', summary: 'Record the outcome, demographics and referral', kind: 'update' },
  {
    step: 'signOff',
    path: '/sign-off',
    summary: "A supervisor's sign-off (closes, or starts the welfare checks)",
    kind: 'update',
  },
  { step: 'completeFollowUp', path: '/follow-ups', summary: 'A welfare check was done', kind: 'update' },
  {
    step: 'changeDeadline',
    path: '/deadline',
    summary: 'A supervisor extends or shortens the running deadline, with a reason',
    kind: 'update',
  },
  {
    step: 'raiseSeverity',
    path: '/severity',
    summary: 'A supervisor raises the severity (shortens every deadline)',
    kind: 'update',
  },
  { step: 'addNote', path: '/notes', summary: 'Add a note to the timeline', kind: 'signal' },
];

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
          // A closed case's workflow has completed: say so plainly instead of "not found".
          if (row.stage === 'closed' && route.step !== 'addNote')
            throw new ApiError(409, 'step_refused', `case ${row.id} is closed`);
          if (!row.workflowStartedAt && !(await deliverPendingFor(deps.outbox, row.id))) {
            throw new ApiError(
              503,
              'temporal_unavailable',
              'the case is stored but its workflow has not started yet (Temporal unreachable); try again shortly',
            );
          }
          const args = { by, body: request.body as never };
          await auditStepAttempt(deps.db, request, `case.step.${route.step}`, row.id);
          if (route.kind === 'signal') {
            await deps.cases.signal(row.id, route.step as 'addNote' | 'locationHint', args);
            return reply.status(202).send({ accepted: true, caseId: row.id });
          }
          const state = await deps.cases.step(row.id, route.step as UpdateStep, args);
          deps.metrics.steps.inc({ step: route.step });
          return { case: state, source: 'workflow' };
        },
      );
    }
  };
