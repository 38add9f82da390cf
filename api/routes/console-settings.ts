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
  state: Type.String({ description: "This Jeevan's state (JEEVAN_STATE)." }),
  peers: Type.Array(Type.String(), {
    description:
      'States whose Jeevan takes transfers from this one (JEEVAN_PEERS): the transfer form offers them first.',
  }),
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
          summary: "The console's settings: Temporal Web UI and namespace, this state and its peers",
          response: { 200: ConsoleSettingsSchema },
        },
      },
      async () => ({
        ...deps.consoleSettings,
        state: deps.profile.code,
        peers: deps.network.peers.map((p) => p.state),
      }),
    );
  };
