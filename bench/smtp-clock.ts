// The SMTP server escalation lateness is measured at: it notes when each message's data
// has fully arrived, before any parsing (dev/mail-sink.ts parses every message first, which
// under a burst of a thousand e-mails would add the bench's own delay to the lateness).
// Only the few headers the bench matches on are read.
import { SMTPServer } from 'smtp-server';

export interface Arrival {
  at: number;
  /** X-Jeevan-Case, X-Jeevan-Step, X-Jeevan-Level, or X-Bench-Timer. */
  caseId?: string;
  step?: string;
  level?: number;
  timer?: string;
}

export interface SmtpClock {
  url: string;
  arrivals: Arrival[];
  close(): Promise<void>;
}

const header = (head: string, name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(head)?.[1]?.trim();

export async function startSmtpClock(): Promise<SmtpClock> {
  const arrivals: Arrival[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const at = Date.now();
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = raw.slice(0, Math.max(0, raw.indexOf('\r\n\r\n')) || raw.length);
        const level = header(head, 'X-Jeevan-Level');
        arrivals.push({
          at,
          caseId: header(head, 'X-Jeevan-Case'),
          step: header(head, 'X-Jeevan-Step'),
          level: level === undefined ? undefined : Number(level),
          timer: header(head, 'X-Bench-Timer'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    arrivals,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
