// The requests drafted from a case (domain/requests.ts): the emergency disclosure request an
// operator pastes into the platform's law-enforcement portal. Reading it is audited as a read
// of personal data (it names the account). Filing it is the step filePlatformRequest.
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { OPS } from '../../contract/roles.js';
import { platformDraft } from '../../domain/requests.js';
import type { Access } from '../auth/access.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { CaseIdParams } from '../schemas.js';
import { findCase } from './cases.js';

export const REQUEST_ACCESS = {
  platformDraft: { roles: OPS, scope: 'case', personal: true, action: 'case.request.platform_draft' },
} satisfies Record<string, Access>;

const Window = Type.Object({ from: Type.String({ format: 'date-time' }), to: Type.String({ format: 'date-time' }) });

export const PlatformDraftSchema = Type.Object({
  caseId: Type.String(),
  platform: Type.String({ description: 'The platform of the first alert.' }),
  subject: Type.String(),
  text: Type.String({ description: 'The request, to paste into the portal (English).' }),
  identifiers: Type.Array(Type.Object({ label: Type.String(), value: Type.String() }), {
    description: 'The account identifiers the alerts gave: handle, profile URL, the alert reference.',
  }),
  window: Window,
});

export const requestRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/cases/:id/requests/platform-draft',
      {
        config: { access: REQUEST_ACCESS.platformDraft },
        schema: {
          tags: ['cases'],
          summary: 'The emergency disclosure request to the platform, drafted from the case (to file on its portal)',
          params: CaseIdParams,
          response: { 200: PlatformDraftSchema },
        },
      },
      async (request) => {
        const row = await findCase(deps, request.params.id, request);
        if (row.erasedAt) throw new ApiError(409, 'step_refused', `case ${row.id} was erased after retention`);
        if (row.stage === 'closed') throw new ApiError(409, 'step_refused', `case ${row.id} is closed`);
        const identity = request.identity as NonNullable<typeof request.identity>;
        const state = await deps.cases.state(row.id, 3000);
        const draft = platformDraft(state, {
          now: new Date().toISOString(),
          desk: `SMC duty desk (${identity.username})`,
          requestingAgency: deps.profile.requestingAgency,
        });
        return { caseId: row.id, ...draft };
      },
    );
  };
