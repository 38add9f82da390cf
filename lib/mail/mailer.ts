import nodemailer from 'nodemailer';

/**
 * A pooled SMTP transport with short timeouts, so a dead mail server fails an attempt fast and Temporal retries it.
 * `requireTls` (SMTP_REQUIRE_TLS, for production relays): an smtp:// relay that does not offer STARTTLS is refused
 * rather than sent a person's details in clear; the attempt fails and Temporal retries it.
 */
export function createTransport(smtpUrl: string, opts: { requireTls?: boolean; ca?: Buffer } = {}) {
  return nodemailer.createTransport({
    url: smtpUrl,
    requireTLS: opts.requireTls ?? false,
    ...(opts.ca ? { tls: { ca: opts.ca } } : {}),
    pool: true,
    maxConnections: 5,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as unknown as Parameters<typeof nodemailer.createTransport>[0]);
}
