// The worker's side of the network of Jeevans (docs/network.md): the transfer packet posted
// to a peer, and a received case's answers posted back to its sender. Each request is signed
// (lib/network/peer-signature.ts); no answer, a 5xx, or a refusal that a fix on either side can
// end (401, 403, 404, 408, 429) throws, and Temporal retries with back-off until the peer takes
// it (workflows/network-watch.ts), so a peer that is down delays nothing and loses nothing.
// A 400 or 409 is the peer refusing this very request, which no retry changes: it fails for good.
import { ApplicationFailure } from '@temporalio/common';
import { and, eq } from 'drizzle-orm';
import type { PeerConfig } from '../config/peers.js';
import type { PeerEvent, TransferReceipt } from '../contract/network.js';
import type { Db } from '../db/client.js';
import { peerTransfers } from '../db/schema.js';
import { type PacketDraft, packetFrom } from '../domain/network.js';
import { peerHeaders } from '../lib/network/peer-signature.js';
import { appendAudit } from '../lib/stores/audit-chain.js';

export interface NetworkDeps {
  db: Db;
  /** JEEVAN_STATE: this instance's state, as it signs its requests. */
  stateCode: string;
  /** JEEVAN_PEERS (config/peers.ts); empty: every transfer goes by e-mail. */
  peers: readonly PeerConfig[];
  log: (event: string, fields: Record<string, unknown>) => void;
}

export const PEER_TIMEOUT_MS = 10_000;
export const PEER_REFUSED = 'PeerRefused';

export type TransferSendResult = { peer: false } | { peer: true; caseId: string; status: TransferReceipt['status'] };

export interface PeerEventInput {
  toState: string;
  senderCaseId: string;
  event: PeerEvent;
}

/** A signed POST to a peer; the status and the parsed answer (a 2xx's), or a throw Temporal retries. */
async function post(deps: NetworkDeps, peer: PeerConfig, path: string, payload: unknown, fields: object) {
  const body = JSON.stringify(payload);
  let response: Response;
  try {
    response = await fetch(`${peer.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Jeevan-Peer/1',
        ...peerHeaders(deps.stateCode, peer.presents, 'POST', path, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(PEER_TIMEOUT_MS),
    });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : '';
    deps.log('peer_unreachable', { ...fields, peer: peer.state, reason: reason.slice(0, 200) });
    throw new Error(`${peer.state}'s Jeevan did not answer: ${reason.slice(0, 200) || 'no answer'}`);
  }
  const text = (await response.text().catch(() => '')).slice(0, 4000);
  if (response.status >= 200 && response.status < 300) {
    try {
      return { status: response.status, answer: JSON.parse(text) as unknown };
    } catch {
      return { status: response.status, answer: undefined };
    }
  }
  const detail = (() => {
    try {
      return String((JSON.parse(text) as { message?: unknown }).message ?? '').slice(0, 300);
    } catch {
      return '';
    }
  })();
  deps.log('peer_refused', { ...fields, peer: peer.state, status: response.status, detail });
  if (response.status === 400 || response.status === 409 || response.status === 422)
    throw ApplicationFailure.nonRetryable(
      `${peer.state}'s Jeevan refused the request: HTTP ${response.status}${detail ? ` (${detail})` : ''}`,
      PEER_REFUSED,
    );
  throw new Error(`${peer.state}'s Jeevan answered HTTP ${response.status}${detail ? ` (${detail})` : ''}`);
}

/** Sends a transfer packet to the peer of that state; `{peer: false}` at once when the state is not a peer. */
export async function sendTransferPacket(
  deps: NetworkDeps,
  input: { toState: string; packet: PacketDraft },
): Promise<TransferSendResult> {
  const peer = deps.peers.find((p) => p.state === input.toState);
  if (!peer) return { peer: false };
  const packet = packetFrom(input.packet, deps.stateCode);
  const caseId = packet.sender.caseId;
  // Written before the packet goes: the peer's first answer may come before this activity returns.
  await deps.db
    .insert(peerTransfers)
    .values({ direction: 'sent', peerState: peer.state, localCaseId: caseId })
    .onConflictDoNothing();
  const fields = { caseId, peer: peer.state };
  const { status, answer } = await post(deps, peer, '/network/transfers', packet, fields);
  const receipt = answer as Partial<TransferReceipt> | undefined;
  if (typeof receipt?.caseId !== 'string')
    throw new Error(`${peer.state}'s Jeevan answered ${status} without its case`);
  const theirs = receipt.caseId;
  const outcome = receipt.status === 'duplicate' ? 'duplicate' : 'created';
  await deps.db.transaction(async (tx) => {
    await tx
      .update(peerTransfers)
      .set({ remoteCaseId: theirs, deliveredAt: new Date() })
      .where(
        and(
          eq(peerTransfers.direction, 'sent'),
          eq(peerTransfers.peerState, peer.state),
          eq(peerTransfers.localCaseId, caseId),
        ),
      );
    await appendAudit(tx as unknown as Db, {
      actorId: 'system:network',
      actorRole: 'system',
      action: 'network.packet.sent',
      caseId,
      outcome: 'ok',
      status,
      details: { peer: peer.state, peerCaseId: theirs, receipt: outcome },
    });
  });
  deps.log('peer_packet_sent', { ...fields, peerCaseId: theirs, receipt: outcome });
  return { peer: true, caseId: theirs, status: outcome };
}

/** Posts a received case's answer (acknowledged, arrived, outcome) back to the Jeevan that sent it. */
export async function sendPeerEvent(deps: NetworkDeps, input: PeerEventInput): Promise<void> {
  const peer = deps.peers.find((p) => p.state === input.toState);
  const fields = { caseId: input.event.caseId, peer: input.toState, kind: input.event.kind };
  if (!peer) {
    // The sender is no longer a peer here: the answer waits (retried) until it is configured again.
    deps.log('peer_not_configured', fields);
    throw new Error(`${input.toState} is not among this worker's JEEVAN_PEERS`);
  }
  const path = `/network/transfers/${encodeURIComponent(input.senderCaseId)}/events`;
  const { status } = await post(deps, peer, path, input.event, fields);
  await appendAudit(deps.db, {
    actorId: 'system:network',
    actorRole: 'system',
    action: 'network.event.sent',
    caseId: input.event.caseId,
    outcome: 'ok',
    status,
    details: { peer: peer.state, peerCaseId: input.senderCaseId, kind: input.event.kind },
  });
  deps.log('peer_event_sent', { ...fields, status });
}
