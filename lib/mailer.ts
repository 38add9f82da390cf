import nodemailer from 'nodemailer';

/** A pooled SMTP transport with short timeouts, so a dead mail server fails an attempt fast and Temporal retries it. */
export function createTransport(smtpUrl: string) {
  return nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 5,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  } as unknown as Parameters<typeof nodemailer.createTransport>[0]);
}
