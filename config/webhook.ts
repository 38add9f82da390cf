// The outbound webhook's settings (docs/webhooks.md). Off unless WEBHOOK_URL is set; then a
// secret of its own is required, the address must be https (plain http only to a loopback
// address, or with WEBHOOK_ALLOW_HTTP=true for development), and WEBHOOK_EVENTS picks the events.
import { WEBHOOK_EVENTS, type WebhookEvent } from '../contract/webhook-events.js';
import { ConfigError, type Env, reader } from './env.js';
import { refusePublished } from './published-secrets.js';

export interface WebhookConfig {
  url: string;
  /** WEBHOOK_SECRET: the HMAC-SHA256 key of the Jeevan-Signature header. */
  secret: Buffer;
  /** The events new cases send (default: all). */
  events: WebhookEvent[];
}

const URL_EXAMPLE = 'https://dispatch.example.org/jeevan';
const MIN_SECRET_BYTES = 32;

const isLoopback = (hostname: string) =>
  hostname === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname) || hostname === '[::1]';

/** WEBHOOK_URL, checked: undefined when the webhook is off. */
function webhookUrl(env: Env): string | undefined {
  const r = reader(env);
  const url = r.url('WEBHOOK_URL', ['https', 'http'], URL_EXAMPLE);
  if (url === undefined) return undefined;
  const parsed = new URL(url);
  if (parsed.username || parsed.password)
    throw new ConfigError('WEBHOOK_URL', 'must not carry a user or password: receivers check the Jeevan-Signature');
  if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname) && !r.bool('WEBHOOK_ALLOW_HTTP', false))
    throw new ConfigError(
      'WEBHOOK_URL',
      `must be an https URL like ${URL_EXAMPLE} (plain http only to a loopback address, or with WEBHOOK_ALLOW_HTTP=true in development)`,
    );
  return url;
}

/** WEBHOOK_EVENTS: comma-separated, from notified, overdue, arrived, closed; default all. */
function webhookEvents(env: Env): WebhookEvent[] {
  const raw = reader(env).optional('WEBHOOK_EVENTS');
  if (raw === undefined) return [...WEBHOOK_EVENTS];
  const events = raw.split(',').map((e) => e.trim().toLowerCase());
  if (events.some((e) => !WEBHOOK_EVENTS.includes(e as WebhookEvent)) || events.length === 0)
    throw new ConfigError('WEBHOOK_EVENTS', `must be a comma-separated list of ${WEBHOOK_EVENTS.join(', ')}`);
  return WEBHOOK_EVENTS.filter((e) => events.includes(e));
}

/** The worker's webhook: undefined when WEBHOOK_URL is unset. */
export function readWebhookConfig(env: Env = process.env): WebhookConfig | undefined {
  const url = webhookUrl(env);
  if (url === undefined) return undefined;
  const secret = reader(env).optional('WEBHOOK_SECRET');
  if (!secret)
    throw new ConfigError(
      'WEBHOOK_SECRET',
      `is required when WEBHOOK_URL is set: at least ${MIN_SECRET_BYTES} random bytes, e.g. $(openssl rand -base64 32)`,
    );
  refusePublished('WEBHOOK_SECRET', secret);
  if (Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES)
    throw new ConfigError(
      'WEBHOOK_SECRET',
      `must be at least ${MIN_SECRET_BYTES} bytes (generate one with \`openssl rand -base64 32\`)`,
    );
  return { url, secret: Buffer.from(secret, 'utf8'), events: webhookEvents(env) };
}

/**
 * The API's part: which events new cases send, none when WEBHOOK_URL is unset. The API checks
 * the address and the events but never holds the secret; the worker signs and sends.
 */
export function readWebhookEvents(env: Env = process.env): WebhookEvent[] {
  return webhookUrl(env) === undefined ? [] : webhookEvents(env);
}
