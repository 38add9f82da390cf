// Unauthenticated refusals (bad or expired tokens, ended sessions, 429s of the address
// limiter) are aggregated in the audit log rather than one chained row each, so a loop of
// bad tokens cannot flood the log or hold its lock: per address and minute, the first
// refusal is written as it happens and the rest as one 'auth.refused_repeated' row with
// their count when the minute ends (or the API stops).
import type { FastifyRequest } from 'fastify';
import type { AuditEntry } from '../../lib/stores/audit-chain.js';

const WINDOW_MS = 60_000;
const MAX_ADDRESSES = 100_000;

interface Tally {
  since: Date;
  count: number;
  statuses: Record<string, number>;
}

export function refusalTally(write: (entry: AuditEntry) => Promise<void>) {
  let open = new Map<string, Tally>();
  let windowStart = Date.now();

  const flush = async () => {
    const closing = open;
    open = new Map();
    windowStart = Date.now();
    for (const [ip, t] of closing) {
      if (t.count === 0) continue;
      await write({
        actorId: null,
        actorRole: null,
        action: 'auth.refused_repeated',
        outcome: 'refused',
        ip,
        details: {
          count: t.count,
          since: t.since.toISOString(),
          until: new Date().toISOString(),
          statuses: t.statuses,
        },
      });
    }
  };
  const timer = setInterval(() => void flush().catch(() => {}), WINDOW_MS);
  timer.unref();

  return {
    /** Records a refusal; returns true when it is the address's first this minute (write it in full). */
    note(request: FastifyRequest, status: number): boolean {
      if (Date.now() - windowStart >= WINDOW_MS * 2 || open.size >= MAX_ADDRESSES) void flush().catch(() => {});
      const t = open.get(request.ip);
      if (!t) {
        open.set(request.ip, { since: new Date(), count: 0, statuses: {} });
        return true;
      }
      t.count += 1;
      t.statuses[status] = (t.statuses[status] ?? 0) + 1;
      return false;
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
