// The signature of a request between peer Jeevans (docs/network.md): HMAC-SHA256, keyed with
// the secret the two states agreed for that direction, over the method, the path, the
// timestamp and the SHA-256 of the body. The receiver refuses a timestamp more than 5 minutes
// off and a signature it has already taken (api/network/peer-auth.ts), so a request that was
// overheard cannot be sent again, and a signed body cannot be put on another route.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { PEER_HEADER, PEER_SIGNATURE_HEADER, PEER_SIGNATURE_TOLERANCE_S } from '../../contract/network.js';

export const bodyHash = (body: string) => createHash('sha256').update(body, 'utf8').digest('hex');

/** What is signed: one line each for the method, the path (with any query), the timestamp, the body's hash. */
export function signedText(method: string, path: string, timestamp: number, body: string): string {
  return `${method.toUpperCase()}\n${path}\n${timestamp}\n${bodyHash(body)}`;
}

export function peerSignature(secret: Buffer, method: string, path: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret)
    .update(signedText(method, path, timestamp, body))
    .digest('hex');
}

/** The two headers of a signed request from `fromState`. */
export function peerHeaders(
  fromState: string,
  secret: Buffer,
  method: string,
  path: string,
  body: string,
  nowS = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    [PEER_HEADER]: fromState,
    [PEER_SIGNATURE_HEADER]: `t=${nowS},v1=${peerSignature(secret, method, path, nowS, body)}`,
  };
}

export type SignatureCheck = { ok: true; signature: string; timestamp: number } | { ok: false; reason: string };

/** Checks a signature header against the expected secret: its form, its age, its value. */
export function checkPeerSignature(
  secret: Buffer,
  header: string | undefined,
  request: { method: string; path: string; body: string },
  nowS = Math.floor(Date.now() / 1000),
): SignatureCheck {
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return { ok: false, reason: `missing or malformed ${PEER_SIGNATURE_HEADER} header` };
  const timestamp = Number(m[1]);
  if (Math.abs(nowS - timestamp) > PEER_SIGNATURE_TOLERANCE_S)
    return { ok: false, reason: `the signature's timestamp is more than ${PEER_SIGNATURE_TOLERANCE_S} s off` };
  const expected = Buffer.from(peerSignature(secret, request.method, request.path, timestamp, request.body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(m[2], 'hex')))
    return { ok: false, reason: 'the signature does not match' };
  return { ok: true, signature: m[2], timestamp };
}
