// Who is calling a network route (docs/network.md): another state's Jeevan, proven by a
// request signed with the secret this instance expects from that state (JEEVAN_PEERS). The
// signature covers the method, the path, a timestamp and the body's hash; one more than 5
// minutes off is refused, and so is a signature already taken (kept in PostgreSQL for the
// window, so every API process sees it). Nothing else is a credential here: a session or an
// API token on a network route is refused, and a peer's signature opens no other route.
import { lt, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { PeerConfig } from '../../config/peers.js';
import { PEER_HEADER, PEER_SIGNATURE_HEADER, PEER_SIGNATURE_TOLERANCE_S } from '../../contract/network.js';
import type { Db } from '../../db/client.js';
import { peerRequestSignatures } from '../../db/schema.js';
import { checkPeerSignature } from '../../lib/network/peer-signature.js';
import { ApiError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The peer state whose signed request this is (network routes only). */
    peer?: string;
    /** The body as it came, for the signature (network routes only). */
    rawBody?: string;
  }
}

/** Checks a network route's request and returns the calling peer's state; throws 401 otherwise. */
export async function authenticatePeer(
  request: FastifyRequest,
  deps: { db: Db; peers: readonly PeerConfig[]; nowS?: () => number },
): Promise<string> {
  const refuse = (why: string): never => {
    throw new ApiError(401, 'unauthenticated', `network routes take only a peer Jeevan's signed request: ${why}`);
  };
  if (request.headers.authorization || request.headers.cookie)
    refuse('a session or an API token is not a peer credential');
  const state = request.headers[PEER_HEADER];
  if (typeof state !== 'string' || !/^[A-Z]{2}$/.test(state)) refuse(`missing or malformed ${PEER_HEADER} header`);
  const peer = deps.peers.find((p) => p.state === state);
  if (!peer) refuse(`${String(state).slice(0, 2)} is not a peer of this Jeevan`);
  const nowS = (deps.nowS ?? (() => Math.floor(Date.now() / 1000)))();
  const header = request.headers[PEER_SIGNATURE_HEADER];
  const check = checkPeerSignature(
    (peer as PeerConfig).expects,
    typeof header === 'string' ? header : undefined,
    { method: request.method, path: request.url, body: request.rawBody ?? '' },
    nowS,
  );
  if (!check.ok) return refuse(check.reason);
  // Taken once: a second request with the same signature inside the window is a replay.
  const inserted = await deps.db
    .insert(peerRequestSignatures)
    .values({ signature: check.signature, peerState: state as string })
    .onConflictDoNothing()
    .returning({ signature: peerRequestSignatures.signature });
  if (inserted.length === 0) refuse('this signed request was already received (a replay)');
  // Older signatures cannot pass the timestamp check any more: forget them, now and then.
  if (Math.random() < 0.05)
    await deps.db
      .delete(peerRequestSignatures)
      .where(lt(peerRequestSignatures.seenAt, sql`now() - make_interval(secs => ${PEER_SIGNATURE_TOLERANCE_S * 3})`))
      .catch(() => {});
  return state as string;
}
