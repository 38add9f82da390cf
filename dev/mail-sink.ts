// A real SMTP server that keeps every message it accepts: in memory for tests, and as
// .eml files plus a small mailbox page for a person running `npm start`.
import { mkdirSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SunkMessage {
  seq: number;
  receivedAt: Date;
  envelopeTo: string[];
  messageId: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  raw: string;
}

/**
 * How the sink answers, so tests can make the mail system refuse, stall, or drop the
 * connection once the message is sent (before any answer, the message not kept).
 */
export type SinkMode =
  | { kind: 'accept' }
  | { kind: 'reject'; code: number; message: string }
  | { kind: 'stall' }
  | { kind: 'drop' };

export interface MailSink {
  port: number;
  url: string;
  messages: SunkMessage[];
  setMode(mode: SinkMode): void;
  waitFor(predicate: (m: SunkMessage) => boolean, count?: number, timeoutMs?: number): Promise<SunkMessage[]>;
  close(): Promise<void>;
}

/**
 * How long the local mailbox keeps a message (its .eml file and its row on the page): escalation e-mails name places.
 */
export const MAILBOX_KEEP_DAYS = 7;
const HOUR_MS = 3600_000;

/** Deletes the mailbox files older than `keepMs`; returns how many. */
export function pruneMailboxDir(dir: string, keepMs: number, now = Date.now()): number {
  let pruned = 0;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.eml')) continue;
    const path = join(dir, name);
    if (now - statSync(path).mtimeMs > keepMs) {
      unlinkSync(path);
      pruned += 1;
    }
  }
  return pruned;
}

export async function startMailSink(opts: { port?: number; dir?: string; keepDays?: number } = {}): Promise<MailSink> {
  const messages: SunkMessage[] = [];
  const waiters = new Set<() => void>();
  let mode: SinkMode = { kind: 'accept' };
  const keepMs = (opts.keepDays ?? MAILBOX_KEEP_DAYS) * 24 * HOUR_MS;
  const prune = () => {
    if (opts.dir) pruneMailboxDir(opts.dir, keepMs);
    const cut = messages.findIndex((m) => Date.now() - m.receivedAt.getTime() <= keepMs);
    messages.splice(0, cut === -1 ? messages.length : cut);
  };
  if (opts.dir) mkdirSync(opts.dir, { recursive: true });
  prune();
  // Numbering goes on from the files kept from earlier runs, so a restart overwrites none of them.
  let lastFile = opts.dir
    ? Math.max(0, ...readdirSync(opts.dir).map((n) => Number(/^(\d+)\.eml$/.exec(n)?.[1] ?? 0)))
    : 0;
  const pruning = setInterval(prune, HOUR_MS);
  pruning.unref();

  // Each client's socket by its port, so the 'drop' mode can cut the connection a message came on.
  const sockets = new Map<number, Socket>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', async () => {
        const current = mode;
        if (current.kind === 'stall') return; // never answer: the client times out
        if (current.kind === 'drop') {
          sockets.get(session.remotePort)?.destroy(); // the connection is gone: no answer, nothing kept
          return;
        }
        if (current.kind === 'reject') {
          const error = Object.assign(new Error(current.message), { responseCode: current.code });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = await simpleParser(raw);
        const headers: Record<string, string> = {};
        for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.key.length + 1).trim();
        const message: SunkMessage = {
          seq: (messages.at(-1)?.seq ?? 0) + 1,
          receivedAt: new Date(),
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          messageId: parsed.messageId ?? '',
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
          headers,
          raw,
        };
        messages.push(message);
        if (opts.dir) {
          lastFile += 1;
          writeFileSync(join(opts.dir, `${String(lastFile).padStart(5, '0')}.eml`), raw);
        }
        callback();
        for (const wake of waiters) wake();
      });
    },
  });
  server.server.on('connection', (socket: Socket) => {
    const port = socket.remotePort;
    if (port === undefined) return;
    sockets.set(port, socket);
    socket.once('close', () => sockets.delete(port));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  // A client that goes away mid-conversation (a SIGKILLed worker, a timed-out stall) is its own
  // business: without a listener, its ECONNRESET would take the whole process down.
  server.on('error', () => {});
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    setMode(next) {
      mode = next;
    },
    waitFor(predicate, count = 1, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.filter(predicate);
          if (found.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `mail sink: wanted ${count} matching message(s), have ${messages.filter(predicate).length} after ${timeoutMs} ms`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => {
      clearInterval(pruning);
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A read-only mailbox page over a sink, for people running the system locally. */
export async function serveMailbox(sink: MailSink, port: number): Promise<Server> {
  const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const http = createServer((req, res) => {
    const match = /^\/messages\/(\d+)$/.exec(req.url ?? '');
    if (match) {
      const message = sink.messages.find((m) => m.seq === Number(match[1]));
      res.writeHead(message ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(message ? message.raw : 'no such message');
      return;
    }
    const rows = [...sink.messages]
      .reverse()
      .map(
        (m) =>
          `<tr><td>${m.receivedAt.toISOString()}</td><td>${escapeHtml(m.envelopeTo.join(', '))}</td>` +
          `<td><a href="/messages/${m.seq}">${escapeHtml(m.subject)}</a></td></tr>`,
      )
      .join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><meta charset="utf-8"><title>Jeevan local mailbox</title>` +
        `<meta http-equiv="refresh" content="10"><h1>Jeevan local mailbox</h1>` +
        `<p>${sink.messages.length} message(s) since start, kept ${MAILBOX_KEEP_DAYS} days. Files are also written to the data folder.</p>` +
        `<table border="1" cellpadding="4"><tr><th>received</th><th>to</th><th>subject</th></tr>${rows}</table>`,
    );
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', () => resolve()));
  return http;
}
