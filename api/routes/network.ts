// The network routes (docs/network.md): what another state's Jeevan may call, and nothing
// else it may. Each request is signed by the peer (api/network/peer-auth.ts); a person's
// session or token is refused here, and the peer's signature opens no other route.
// - POST /network/transfers: a packet opens a case here (idempotent on the sender's case).
// - POST /network/transfers/:id/events: the peer's answer about our case :id, which we sent it.
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { CASE_ID_PATTERN } from '../../contract/ids.js';
import { PeerEventSchema, TransferPacketSchema, TransferReceiptSchema } from '../../contract/network.js';
import { cases } from '../../db/schema.js';
import type { Access } from '../auth/access.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { handOverNow } from '../intake/hand-over.js';
import { authenticatePeer } from '../network/peer-auth.js';
import { sentTo } from '../network/receive.js';

export const NETWORK_ACCESS = {
  packet: { roles: [], peer: true, action: 'network.packet.received' } satisfies Access,
  event: { roles: [], peer: true, action: 'network.event.received' } satisfies Access,
} as const;

const EventAnswer = Type.Object({ caseId: Type.String(), stage: Type.String() }, { additionalProperties: false });

export const networkRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const { network } = deps;
    // In this plugin only: the body is kept as it came, since the signature covers its bytes.
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      request.rawBody = body as string;
      try {
        done(null, (body as string).length === 0 ? undefined : JSON.parse(body as string));
      } catch {
        done(new ApiError(400, 'validation_failed', 'the body is not valid JSON'), undefined);
      }
    });
    const peerOnly = async (request: Parameters<typeof authenticatePeer>[0]) => {
      request.peer = await authenticatePeer(request, { db: deps.db, peers: network.peers });
    };

    app.post(
      '/network/transfers',
      {
        config: { access: NETWORK_ACCESS.packet },
        preValidation: peerOnly,
        schema: {
          tags: ['network'],
          summary: "A peer Jeevan's transfer packet: opens a case here (the same packet again: the same case)",
          body: TransferPacketSchema,
          response: { 200: TransferReceiptSchema, 201: TransferReceiptSchema, 401: Type.Ref('Error') },
        },
      },
      async (request, reply) => {
        const from = request.peer as string;
        const result = await network.receive(from, request.body);
        request.auditDetails = { peer: from, peerCaseId: request.body.sender.caseId, caseId: result.caseId };
        if (result.status === 'duplicate')
          return reply.status(200).send({ caseId: result.caseId, status: 'duplicate' });
        // Temporal unreachable: the outbox starts the case as soon as it is back; the packet is taken either way.
        const { bookkeeping } = await handOverNow(deps.outbox, result.handOver);
        void bookkeeping();
        request.log.info({ caseId: result.caseId, peer: from }, 'transfer received');
        return reply.status(201).send({ caseId: result.caseId, status: 'created' });
      },
    );

    app.post(
      '/network/transfers/:id/events',
      {
        config: { access: NETWORK_ACCESS.event },
        preValidation: peerOnly,
        schema: {
          tags: ['network'],
          summary: "A peer's answer about a case this Jeevan transferred to it: acknowledged, arrived, outcome",
          params: Type.Object({ id: Type.String({ pattern: CASE_ID_PATTERN }) }, { additionalProperties: false }),
          body: PeerEventSchema,
          response: { 200: EventAnswer, 401: Type.Ref('Error'), 404: Type.Ref('Error') },
        },
      },
      async (request) => {
        const from = request.peer as string;
        const { id } = request.params;
        request.auditDetails = { peer: from, kind: request.body.kind, peerCaseId: request.body.caseId };
        // Only about a case this Jeevan sent to that very peer: anything else is refused (and audited).
        if (!(await sentTo(deps.db, from, id))) {
          request.auditDetails.refused = 'not a case transferred to this peer';
          throw new ApiError(404, 'not_found', `no case ${id} was transferred to ${from}`);
        }
        // A case closed here (its desk acknowledged by hand and signed off) takes no more: the answer
        // is taken (so the peer stops retrying) and audited, and changes nothing.
        const [row] = await deps.db.select({ stage: cases.stage }).from(cases).where(eq(cases.id, id));
        if (row?.stage === 'closed') {
          request.auditDetails.ignored = 'the case is closed';
          return { caseId: id, stage: 'closed' };
        }
        const state = await deps.cases.peerEvent(id, { from, event: request.body });
        return { caseId: id, stage: state.stage };
      },
    );
  };
