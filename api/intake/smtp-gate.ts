// Who may hand the intake listener an alert. Without this anyone who reaches the port could
// forge "Meta" alerts, pre-send a genuine alert's reference, or bury a real mail under junk.
// The gate turns the allow-lists, SMTP AUTH, STARTTLS, the connection limit and per-address
// throttling into smtp-server options; every refusal happens before DATA, so nothing a
// refused sender writes is stored.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BlockList, isIPv4 } from 'node:net';
import type { SMTPServerOptions, SMTPServerSession } from 'smtp-server';
import type { IntakeSmtpConfig } from '../../config/intake-smtp.js';

export type IntakeAccess = Pick<IntakeSmtpConfig, 'allowedClients' | 'allowedSenders' | 'auth' | 'tls'> &
  Partial<Pick<IntakeSmtpConfig, 'requireTls' | 'maxClients' | 'perMinute'>>;

type Log = (event: string, fields: Record<string, unknown>) => void;

/** An SMTP error reply; smtp-server sends responseCode and the message. */
export const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

/** Counts per key in one-minute windows; old windows are dropped as they pass. */
function throttle(perMinute: number, now: () => number = Date.now) {
  let windowStart = now();
  let counts = new Map<string, number>();
  return (keys: string[]): boolean => {
    if (now() - windowStart >= 60_000) {
      windowStart = now();
      counts = new Map();
    }
    if (keys.some((k) => (counts.get(k) ?? 0) >= perMinute)) return false;
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
    return true;
  };
}

function clientList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [ip, bits] = entry.split('/');
    const type = isIPv4(ip) ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(ip, type);
    else list.addSubnet(ip, Number(bits), type);
  }
  return list;
}

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is checked as the IPv4 address it carries. */
function allowedClient(list: BlockList, address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  return list.check(ip, isIPv4(ip) ? 'ipv4' : 'ipv6');
}

export function senderAllowed(allowed: string[], address: string): boolean {
  const a = address.toLowerCase();
  return allowed.some((entry) => (entry.startsWith('@') ? a.endsWith(entry) && a.length > entry.length : a === entry));
}

/** smtp-server options for the gate, without onData. */
export function gateOptions(access: IntakeAccess, log: Log): SMTPServerOptions {
  const clients = clientList(access.allowedClients);
  const allowMore = throttle(access.perMinute ?? 60);
  const requireTls = Boolean(access.tls) && access.requireTls !== false;
  const refuse = (stage: string, reason: string, session: SMTPServerSession, code: number, reply: string) => {
    // The relay's address and the refusal only: a forged sender may be anything, even personal.
    log('intake.smtp.refused', { stage, reason, client: session.remoteAddress });
    return smtpError(code, reply);
  };
  return {
    banner: 'Jeevan alert intake',
    logger: false, // smtp-server's own log would include addresses and headers
    maxClients: access.maxClients ?? 20,
    authOptional: !access.auth,
    authMethods: ['PLAIN', 'LOGIN'],
    // Without TLS the password crosses in clear: allowed only when no certificate is configured.
    allowInsecureAuth: !access.tls,
    disabledCommands: [...(access.tls ? [] : ['STARTTLS']), ...(access.auth ? [] : ['AUTH'])],
    ...(access.tls ? { key: readFileSync(access.tls.keyFile), cert: readFileSync(access.tls.certFile) } : {}),
    onConnect(session, callback) {
      if (allowedClient(clients, session.remoteAddress)) return callback();
      callback(
        refuse(
          'connect',
          'client not allowed',
          session,
          554,
          'Connection refused: this address may not send alerts here',
        ),
      );
    },
    onAuth(auth, session, callback) {
      const account = access.auth;
      if (account && same(auth.username ?? '', account.user) && same(auth.password ?? '', account.password))
        return callback(null, { user: account.user });
      callback(refuse('auth', 'bad credentials', session, 535, 'Authentication failed'));
    },
    onMailFrom(from, session, callback) {
      if (requireTls && !session.secure)
        return callback(refuse('mail_from', 'tls required', session, 530, 'Must issue a STARTTLS command first'));
      if (!senderAllowed(access.allowedSenders, from.address)) {
        return callback(
          refuse('mail_from', 'sender not allowed', session, 550, 'Sender not allowed to send alerts here'),
        );
      }
      if (!allowMore([`client:${session.remoteAddress}`, `sender:${from.address.toLowerCase()}`])) {
        return callback(
          refuse('mail_from', 'throttled', session, 451, 'Too many messages from this address; try again later'),
        );
      }
      callback();
    },
  };
}
