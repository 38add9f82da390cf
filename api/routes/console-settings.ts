// What the console needs to know about its surroundings: where Temporal's Web UI is, so a
// case page can link to its workflow (`${temporalUiUrl}/namespaces/${ns}/workflows/${caseWorkflowId(id)}`,
// caseWorkflowId from contract/ids.ts).
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ACCESS } from '../auth/access.js';
import type { AppDeps } from '../deps.js';

export const ConsoleSettingsSchema = Type.Object({
  temporalUiUrl: Type.Union([Type.String(), Type.Null()], {
    description: 'Temporal Web UI as browsers reach it (no trailing slash); null when not configured.',
  }),
  temporalNamespace: Type.String(),
});

export const consoleSettingsRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/console/settings',
      {
        config: { access: ACCESS.consoleSettings },
        schema: {
          tags: ['operations'],
          summary: "The console's settings: Temporal Web UI and namespace",
          response: { 200: ConsoleSettingsSchema },
        },
      },
      async () => deps.consoleSettings,
    );
  };
