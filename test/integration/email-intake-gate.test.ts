// The intake listener's gate over real SMTP (nodemailer and raw sockets against the real
// listener): a forged sender, a relay not on the list, a wrong or missing password, plain
// text where TLS is required, too many connections and too many messages are each refused
// before DATA, so nothing they send is stored. The STARTTLS certificate is made here.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IntakeAccess } from '../../api/intake/smtp-gate.js';
import { type IntakeSmtp, startIntakeSmtp } from '../../api/intake/smtp-listener.js';
import { sample } from '../fixtures/alert-emails/build.js';
import { freePort } from '../helpers/ports.js';

const META = 'alerts@meta-relay.example.org';
const scratch = mkdtempSync(join(tmpdir(), 'jeevan-intake-tls-'));
const tls = { certFile: join(scratch, 'cert.pem'), keyFile: join(scratch, 'key.pem') };
let stored: string[] = [];
let refused: Record<string, unknown>[] = [];
let listener: IntakeSmtp | undefined;

beforeAll(() => {
  // A throw-away self-signed certificate: no private key is ever committed.
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
      tls.keyFile,
      '-out',
      tls.certFile,
    ],
    {
      stdio: 'ignore',
    },
  );
});
afterEach(async () => {
  await listener?.close();
  listener = undefined;
  stored = [];
  refused = [];
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function listen(access: Partial<IntakeAccess>): Promise<IntakeSmtp> {
  listener = await startIntakeSmtp({
    host: '127.0.0.1',
    port: await freePort(),
    access: { allowedClients: ['127.0.0.1'], allowedSenders: [META], ...access },
    accept: async (alert) => {
      stored.push(alert.sourceRef);
      return { caseId: 'JV-2024-000001' };
    },
    reject: async (_raw, reason) => void stored.push(`rejected: ${reason}`),
    log: (event, fields) => event === 'intake.smtp.refused' && refused.push(fields),
  });
  return listener;
}

function send(smtp: IntakeSmtp, from: string, opts: SMTPTransport.Options = {}) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    ...opts,
  });
  return transport
    .sendMail({ envelope: { from, to: ['smc-alerts@smc.example.org'] }, raw: sample('minimal') })
    .finally(() => transport.close());
}
const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: { responseCode?: number; command?: string }) => e,
  );

/** Opens a raw connection and resolves with the server's first reply line. */
function greeting(port: number): Promise<{ line: string; end: () => void }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.setEncoding('utf8');
    socket.once('data', (line: string) => resolve({ line, end: () => socket.destroy() }));
    socket.once('error', reject);
  });
}

describe('the intake gate, over SMTP', () => {
  it('refuses a forged sender at MAIL FROM and stores nothing; the allowed sender gets through', async () => {
    const smtp = await listen({});
    for (const forged of ['alerts@meta-relay.example.org.evil.example', 'security@facebookmail.com', 'x@example.org']) {
      expect(await failure(send(smtp, forged))).toMatchObject({ responseCode: 550, command: 'MAIL FROM' });
    }
    expect(stored).toEqual([]);
    expect(refused.map((r) => r.reason)).toEqual(['sender not allowed', 'sender not allowed', 'sender not allowed']);
    expect((await send(smtp, META)).response).toMatch(/^250 /);
    expect(stored).toEqual(['LR-2024-0233-1044']);
  });

  it('takes a whole domain when listed as @domain, and not its look-alikes', async () => {
    const smtp = await listen({ allowedSenders: ['@meta-relay.example.org'] });
    expect((await send(smtp, 'other@meta-relay.example.org')).response).toMatch(/^250 /);
    expect(await failure(send(smtp, 'x@evilmeta-relay.example.org'))).toMatchObject({ responseCode: 550 });
  });

  it('refuses a relay address that is not on the list at connect', async () => {
    const smtp = await listen({ allowedClients: ['10.20.0.0/16', '::1'] });
    const error = await failure(send(smtp, META));
    expect(error).toMatchObject({ responseCode: 554 });
    expect(stored).toEqual([]);
    expect(refused).toEqual([expect.objectContaining({ stage: 'connect', reason: 'client not allowed' })]);
  });

  it('with SMTP AUTH set, refuses mail without it or with a wrong password', async () => {
    const auth = { user: 'meta-relay', password: 'a-long-relay-password-1234' };
    const smtp = await listen({ auth });
    expect(await failure(send(smtp, META))).toMatchObject({ responseCode: 530 });
    expect(
      await failure(send(smtp, META, { auth: { user: auth.user, pass: 'wrong-password-0000000' } })),
    ).toMatchObject({ responseCode: 535 });
    expect(stored).toEqual([]);
    expect((await send(smtp, META, { auth: { user: auth.user, pass: auth.password } })).response).toMatch(/^250 /);
    expect(stored).toHaveLength(1);
  });

  it('with a certificate, offers STARTTLS and refuses mail sent in clear', async () => {
    const smtp = await listen({ tls });
    expect(await failure(send(smtp, META))).toMatchObject({ responseCode: 530, command: 'MAIL FROM' });
    expect(stored).toEqual([]);
    const ca = readFileSync(tls.certFile);
    const info = await send(smtp, META, { ignoreTLS: false, requireTLS: true, tls: { ca, servername: 'localhost' } });
    expect(info.response).toMatch(/^250 /);
    expect(stored).toHaveLength(1);
  });

  it('answers 421 past the connection limit', async () => {
    const smtp = await listen({ maxClients: 2 });
    const open = [await greeting(smtp.port), await greeting(smtp.port)];
    expect(open.map((o) => o.line.slice(0, 3))).toEqual(['220', '220']);
    const third = await greeting(smtp.port);
    expect(third.line).toMatch(/^421 /);
    for (const o of [...open, third]) o.end();
  });

  it('throttles one address: past the per-minute limit the sender is told to retry later (451)', async () => {
    const smtp = await listen({ perMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await send(smtp, META)).response).toMatch(/^250 /);
    expect(await failure(send(smtp, META))).toMatchObject({ responseCode: 451 });
    expect(stored).toHaveLength(3);
    expect(refused.at(-1)).toMatchObject({ reason: 'throttled' });
  });
});
