// Settings of the inbound SMTP listener for alert e-mails, kept apart from config/index.ts
// because they are many. The listener is closed by default: who may connect (relay
// addresses) and who may send (envelope senders) must be named before it starts, since
// anyone who can reach an open listener can open, suppress or hijack alerts.
import { isIP } from 'node:net';
import { ConfigError, type Env, reader } from './env.js';
import { refusePublished } from './published-secrets.js';

export interface IntakeSmtpConfig {
  host: string;
  port: number;
  /** Relay addresses allowed to connect: IPs or CIDR ranges. */
  allowedClients: string[];
  /** Envelope senders allowed at MAIL FROM: full addresses or `@domain`. */
  allowedSenders: string[];
  /** Set: SMTP AUTH (PLAIN/LOGIN) with this account is required before MAIL FROM. */
  auth?: { user: string; password: string };
  /** Set: STARTTLS is offered with this certificate (PEM files). */
  tls?: { certFile: string; keyFile: string };
  /** With TLS configured: refuse MAIL FROM until STARTTLS is done (default true). */
  requireTls: boolean;
  /** Connections at once; more are answered 421. */
  maxClients: number;
  /** Messages per minute from one relay address, and from one envelope sender; more get 451. */
  perMinute: number;
}

const SENDER = /^(?:[^@\s]+@|@)[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function validClient(entry: string): boolean {
  const [ip, bits, ...rest] = entry.split('/');
  const family = isIP(ip);
  if (!family || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** Undefined when INTAKE_SMTP_PORT is unset (no listener). */
export function readIntakeSmtpConfig(env: Env): IntakeSmtpConfig | undefined {
  const r = reader(env);
  if (r.optional('INTAKE_SMTP_PORT') === undefined) return undefined;
  const port = r.port('INTAKE_SMTP_PORT', 0);
  const allowedClients = list(r.optional('INTAKE_SMTP_ALLOWED_CLIENTS') ?? '127.0.0.1,::1');
  const bad = allowedClients.find((c) => !validClient(c));
  if (bad !== undefined)
    throw new ConfigError(
      'INTAKE_SMTP_ALLOWED_CLIENTS',
      `must be IP addresses or CIDR ranges separated by commas (got ${JSON.stringify(bad)})`,
    );
  const allowedSenders = list(r.optional('INTAKE_SMTP_ALLOWED_SENDERS')).map((s) => s.toLowerCase());
  if (allowedSenders.length === 0) {
    throw new ConfigError(
      'INTAKE_SMTP_ALLOWED_SENDERS',
      'is required with INTAKE_SMTP_PORT: the envelope senders alerts come from, e.g. alerts@meta.example,@relay.example',
    );
  }
  const badSender = allowedSenders.find((s) => !SENDER.test(s));
  if (badSender !== undefined)
    throw new ConfigError(
      'INTAKE_SMTP_ALLOWED_SENDERS',
      `must be e-mail addresses or @domain entries (got ${JSON.stringify(badSender)})`,
    );
  const user = r.optional('INTAKE_SMTP_AUTH_USER');
  const password = r.optional('INTAKE_SMTP_AUTH_PASSWORD');
  if (Boolean(user) !== Boolean(password)) {
    const [set, missing] = user
      ? ['INTAKE_SMTP_AUTH_USER', 'INTAKE_SMTP_AUTH_PASSWORD']
      : ['INTAKE_SMTP_AUTH_PASSWORD', 'INTAKE_SMTP_AUTH_USER'];
    throw new ConfigError(set, `is set, so ${missing} must be set too`);
  }
  if (password) refusePublished('INTAKE_SMTP_AUTH_PASSWORD', password, 'password');
  if (password && password.length < 16)
    throw new ConfigError(
      'INTAKE_SMTP_AUTH_PASSWORD',
      'must be at least 16 characters (e.g. `openssl rand -base64 24`)',
    );
  const certFile = r.optional('INTAKE_SMTP_TLS_CERT_FILE');
  const keyFile = r.optional('INTAKE_SMTP_TLS_KEY_FILE');
  if (Boolean(certFile) !== Boolean(keyFile)) {
    const [set, missing] = certFile
      ? ['INTAKE_SMTP_TLS_CERT_FILE', 'INTAKE_SMTP_TLS_KEY_FILE']
      : ['INTAKE_SMTP_TLS_KEY_FILE', 'INTAKE_SMTP_TLS_CERT_FILE'];
    throw new ConfigError(set, `is set, so ${missing} must be set too`);
  }
  return {
    host: r.string('INTAKE_SMTP_HOST', '127.0.0.1'),
    port,
    allowedClients,
    allowedSenders,
    ...(user && password ? { auth: { user, password } } : {}),
    ...(certFile && keyFile ? { tls: { certFile, keyFile } } : {}),
    requireTls: r.bool('INTAKE_SMTP_REQUIRE_TLS', true),
    maxClients: r.int('INTAKE_SMTP_MAX_CLIENTS', 20, 1, 10_000),
    perMinute: r.int('INTAKE_SMTP_MAX_PER_MINUTE', 60, 1, 100_000),
  };
}
