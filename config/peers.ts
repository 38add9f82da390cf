// JEEVAN_PEERS: the other states' Jeevans this instance hands cases to and takes cases from
// (docs/network.md). A JSON list of {state, url, presents, expects}: `presents` is the secret
// this instance signs its requests to that peer with, `expects` the one that peer signs its
// requests to us with. Secrets have no defaults; a peer's URL must be https (plain http only
// to a loopback address, or with PEERS_ALLOW_HTTP=true in development); a peer may not be the
// instance's own state. Unset: no peers, every transfer goes by e-mail as before.
import { ConfigError, type Env, reader } from './env.js';
import { refusePublished } from './published-secrets.js';
import { readStateCode } from './state-code.js';

export interface PeerConfig {
  /** The peer's two-letter state code. */
  state: string;
  /** Base URL of the peer's API (no trailing slash). */
  url: string;
  /** The HMAC key this instance signs its requests to the peer with. */
  presents: Buffer;
  /** The HMAC key the peer signs its requests to this instance with. */
  expects: Buffer;
}

const NAME = 'JEEVAN_PEERS';
const EXAMPLE = '[{"state":"UK","url":"https://jeevan.uk.example.org","presents":"…","expects":"…"}]';
export const MIN_PEER_SECRET_BYTES = 32;

const isLoopback = (hostname: string) =>
  hostname === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) || hostname === '[::1]';

/** JEEVAN_PEERS, checked; an empty list when unset. */
export function readPeers(env: Env = process.env): PeerConfig[] {
  const r = reader(env);
  const raw = r.optional(NAME);
  if (raw === undefined) return [];
  const own = readStateCode(env);
  const allowHttp = r.bool('PEERS_ALLOW_HTTP', false);
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw new ConfigError(NAME, `must be a JSON list like ${EXAMPLE} (the value set does not parse as JSON)`);
  }
  if (!Array.isArray(list)) throw new ConfigError(NAME, `must be a JSON list like ${EXAMPLE}`);
  const seen = new Set<string>();
  return list.map((item, i) => {
    const at = `entry ${i + 1}`;
    if (!item || typeof item !== 'object' || Array.isArray(item))
      throw new ConfigError(NAME, `${at} must be an object {state, url, presents, expects}`);
    const { state, url, presents, expects, ...rest } = item as Record<string, unknown>;
    const extra = Object.keys(rest);
    if (extra.length > 0) throw new ConfigError(NAME, `${at} has unknown fields: ${extra.join(', ')}`);
    if (typeof state !== 'string' || !/^[A-Z]{2}$/.test(state))
      throw new ConfigError(NAME, `${at}: state must be a two-letter state code such as UK`);
    if (state === own)
      throw new ConfigError(
        NAME,
        `${at}: ${state} is this instance's own state (JEEVAN_STATE); a peer is another state`,
      );
    if (seen.has(state)) throw new ConfigError(NAME, `${at}: the state ${state} appears twice`);
    seen.add(state);
    return {
      state,
      url: peerUrl(url, `${at} (${state})`, allowHttp),
      presents: peerSecret(presents, `${at} (${state}): presents`),
      expects: peerSecret(expects, `${at} (${state}): expects`),
    };
  });
}

function peerUrl(value: unknown, at: string, allowHttp: boolean): string {
  let parsed: URL;
  try {
    parsed = new URL(String(value));
  } catch {
    throw new ConfigError(NAME, `${at}: url must be the peer's API base URL, like https://jeevan.uk.example.org`);
  }
  if (typeof value !== 'string' || !['https:', 'http:'].includes(parsed.protocol) || !parsed.hostname)
    throw new ConfigError(NAME, `${at}: url must be an https URL like https://jeevan.uk.example.org`);
  if (parsed.username || parsed.password || parsed.search || parsed.hash)
    throw new ConfigError(NAME, `${at}: url must carry no user, password, query or fragment`);
  if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname) && !allowHttp)
    throw new ConfigError(
      NAME,
      `${at}: url must be https (plain http only to a loopback address, or with PEERS_ALLOW_HTTP=true in development)`,
    );
  return value.replace(/\/+$/, '');
}

function peerSecret(value: unknown, at: string): Buffer {
  const hint = `at least ${MIN_PEER_SECRET_BYTES} random bytes, e.g. $(openssl rand -base64 32), agreed with that state`;
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigError(NAME, `${at} is required: ${hint}`);
  refusePublished(NAME, value);
  if (Buffer.byteLength(value, 'utf8') < MIN_PEER_SECRET_BYTES) throw new ConfigError(NAME, `${at} must be ${hint}`);
  return Buffer.from(value, 'utf8');
}
