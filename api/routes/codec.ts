// Temporal's remote codec protocol, for its Web UI and CLI: POST /codec/decode takes and
// returns {payloads: [{metadata: {key: base64}, data: base64}]}. Decoding reveals a person's
// crisis, phone and address, so only auditors and supervisors may (every call is a POST,
// hence audited), and a browser may call it only from Temporal UI's origin (TEMPORAL_UI_URL).
//
// There is no /codec/encode: sealing a payload is what makes Temporal's workflows take it
// (lib/temporal/codec.ts refuses plaintext), so an encode endpoint would let its callers start cases,
// send signals and take steps straight in Temporal, round the API's rules and audit
// (docs/security.md, "Temporal"). The UI's start and signal forms are not for Jeevan's cases.
//
// CORS is written out here rather than with @fastify/cors: that plugin adds a catch-all
// OPTIONS route without an access rule, which the guard closes and the authorization
// matrix rejects. Two explicit preflight routes say exactly what is allowed.
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import type { Payload } from '@temporalio/common';
import { Type } from 'typebox';
import { ACCESS, PUBLIC } from '../auth/access.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';

const Base64 = Type.String({ pattern: '^[A-Za-z0-9+/_=-]*$' });
// Extra fields (newer servers add some) are accepted and ignored, as Temporal's own codec servers do.
const JsonPayload = Type.Object({
  metadata: Type.Optional(Type.Record(Type.String(), Base64)),
  data: Type.Optional(Base64),
});
const Payloads = Type.Object({ payloads: Type.Array(JsonPayload, { maxItems: 1000 }) });
type JsonPayloadT = { metadata?: Record<string, string>; data?: string };

const fromJson = (p: JsonPayloadT): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayloadT => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? []).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? []).toString('base64'),
});

export const codecRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const { codec, uiOrigin } = deps.codec;
    const allowed = (origin: string | undefined) => uiOrigin !== undefined && origin === uiOrigin;

    // A browser always sends Origin; only the UI's is served. Clients without one (the
    // Temporal CLI with --codec-auth, curl) are not browsers and must bring their own token.
    app.addHook('onRequest', async (request) => {
      const origin = request.headers.origin;
      if (origin !== undefined && !allowed(origin))
        throw new ApiError(403, 'forbidden', 'this origin may not use the codec endpoint');
    });
    // On every answer to the UI's origin, refusals included, so the UI can tell a 401 from a network error.
    app.addHook('onSend', async (request, reply) => {
      reply.header('vary', 'Origin');
      if (!allowed(request.headers.origin)) return;
      reply.header('access-control-allow-origin', request.headers.origin);
      reply.header('access-control-allow-credentials', 'true');
    });

    app.options('/codec/decode', { config: { access: PUBLIC }, schema: { hide: true } }, async (request, reply) => {
      if (!allowed(request.headers.origin) || request.headers['access-control-request-method'] !== 'POST') {
        throw new ApiError(403, 'forbidden', 'only a CORS preflight from Temporal UI for POST is answered here');
      }
      reply.header('access-control-allow-methods', 'POST');
      reply.header('access-control-allow-headers', 'content-type, x-namespace, authorization');
      reply.header('access-control-max-age', '600');
      return reply.status(204).send();
    });

    app.post(
      '/codec/decode',
      {
        config: { access: ACCESS.codec },
        // Temporal accepts payloads up to 2 MB; base64 makes them a third larger.
        bodyLimit: 4 * 1024 * 1024,
        schema: {
          tags: ['operations'],
          summary: 'Temporal remote codec: decode payloads (Temporal UI and CLI; auditors and supervisors)',
          body: Payloads,
          response: { 200: Payloads },
        },
      },
      async (request) => {
        const payloads = request.body.payloads.map(fromJson);
        try {
          const result = await codec.decode(payloads);
          return { payloads: result.map(toJson) };
        } catch (error) {
          // The codec's messages name key IDs only, never data.
          throw new ApiError(
            400,
            'validation_failed',
            error instanceof Error ? error.message : 'the payloads could not be converted',
          );
        }
      },
    );
  };
