// Issue 12 item 9: with SMTP_REQUIRE_TLS a production relay that does not offer STARTTLS is
// refused before a person's details cross the wire; one that does gets the mail encrypted.
// Real SMTP conversations with smtp-server, one relay without STARTTLS and one with it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkerConfig } from '../../config/index.js';
import { createTransport } from '../../lib/mail/mailer.js';

const scratch = mkdtempSync(join(tmpdir(), 'jeevan-mailer-tls-'));
const keyFile = join(scratch, 'key.pem');
const certFile = join(scratch, 'cert.pem');
const received: { relay: string; secure: boolean; text: string }[] = [];

function relay(name: string, tls: boolean): SMTPServer {
  return new SMTPServer({
    authOptional: true,
    disabledCommands: tls ? [] : ['STARTTLS'],
    ...(tls ? { key: readFileSync(keyFile), cert: readFileSync(certFile) } : {}),
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ relay: name, secure: session.secure, text: Buffer.concat(chunks).toString() });
        done();
      });
    },
  });
}

const servers: Record<string, { server: SMTPServer; port: number }> = {};

beforeAll(async () => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    {
      stdio: 'ignore',
    },
  );
  for (const [name, tls] of [
    ['plain', false],
    ['tls', true],
  ] as const) {
    const server = relay(name, tls);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers[name] = { server, port: (server.server.address() as AddressInfo).port };
  }
});
afterAll(async () => {
  for (const { server } of Object.values(servers)) await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(scratch, { recursive: true, force: true });
});

const mail = {
  from: 'jeevan@smc.example.org',
  to: 'sp@district.example.org',
  subject: 'Case JV-2026-000001',
  text: 'Person at Sikandra',
};

describe('the mailer and a relay without STARTTLS', () => {
  it('SMTP_REQUIRE_TLS=true: refuses to send, and the relay receives nothing', async () => {
    const config = readWorkerConfig({
      DATABASE_URL: 'postgres://jeevan:Own-pw-1@db.internal:5432/jeevan',
      SMTP_URL: `smtp://127.0.0.1:${servers.plain.port}`,
      SMTP_REQUIRE_TLS: 'true',
      ENCRYPTION_KEYS: `k1:${'ab'.repeat(32)}`,
      AUDIT_CHAIN_KEY: 'cd'.repeat(32),
    });
    expect(config.smtpRequireTls).toBe(true);
    const transport = createTransport(config.smtpUrl, { requireTls: config.smtpRequireTls });
    await expect(transport.sendMail(mail)).rejects.toThrow(/STARTTLS/i);
    transport.close();
    expect(received.filter((r) => r.relay === 'plain')).toEqual([]);
  });

  it('unset (the local mail sink): sends in clear, as before', async () => {
    const transport = createTransport(`smtp://127.0.0.1:${servers.plain.port}`);
    await transport.sendMail(mail);
    transport.close();
    expect(received.filter((r) => r.relay === 'plain').map((r) => r.secure)).toEqual([false]);
  });
});

describe('the mailer and a relay that offers STARTTLS', () => {
  it('SMTP_REQUIRE_TLS=true: the mail goes over the upgraded connection', async () => {
    // The test relay's certificate is self-signed, so it is given as the CA; a production relay's is checked as usual.
    const transport = createTransport(`smtp://localhost:${servers.tls.port}`, {
      requireTls: true,
      ca: readFileSync(certFile),
    });
    await transport.sendMail(mail);
    transport.close();
    const got = received.filter((r) => r.relay === 'tls');
    expect(got.map((r) => r.secure)).toEqual([true]);
    expect(got[0].text).toContain('Person at Sikandra');
  });
});
