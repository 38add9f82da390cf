// Limits per client address that run before the guard, so refused requests count too: a
// loop of bad tokens or cookies is answered 429 after a few refusals a minute, before any
// token lookup or audit write. Behind a proxy the address is the client's only when
// TRUST_PROXY names that proxy (api/app.ts); otherwise every client shares one address, so
// the limits are generous. In memory, per API process, in fixed one-minute windows.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';

export interface AddressLimits {
  /** Requests of any kind one address may make a minute. */
  perMinute: number;
  /** Unauthenticated refusals (401, or 403 without an identity) one address may collect a minute. */
  refusalsPerMinute: number;
}

const WINDOW_MS = 60_000;
/** Past this many addresses in one window the table starts over (it must not grow without bound). */
const MAX_ADDRESSES = 100_000;

export function installAddressLimiter(app: FastifyInstance, limits: AddressLimits) {
  let windowStart = Date.now();
  let seen = new Map<string, { requests: number; refusals: number }>();
  const entry = (request: FastifyRequest) => {
    if (Date.now() - windowStart >= WINDOW_MS || seen.size >= MAX_ADDRESSES) {
      windowStart = Date.now();
      seen = new Map();
    }
    let e = seen.get(request.ip);
    if (!e) {
      e = { requests: 0, refusals: 0 };
      seen.set(request.ip, e);
    }
    return e;
  };
  app.addHook('onRequest', async (request, reply) => {
    const e = entry(request);
    e.requests += 1;
    if (e.refusals >= limits.refusalsPerMinute || e.requests > limits.perMinute) {
      reply.header('retry-after', String(Math.ceil((windowStart + WINDOW_MS - Date.now()) / 1000)));
      throw new ApiError(
        429,
        'rate_limited',
        'too many requests, or too many refused ones, from this address: wait a minute',
      );
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    if (!request.identity && (reply.statusCode === 401 || reply.statusCode === 403)) entry(request).refusals += 1;
  });
}
