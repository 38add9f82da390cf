// The API's one LISTEN connection to PostgreSQL: every change of a case's projection row
// (trigger in db/sql/case-notify.sql) reaches the subscribers (the console's event streams,
// api/routes/events.ts). When the connection is lost (database restarted, network), it
// reconnects with backoff and then tells subscribers to `resync`: changes may have been
// missed meanwhile. It never takes the API down: without it, only live updates pause.
import type pg from 'pg';

export const CASE_CHANNEL = 'jeevan_case';
export const LIVE_APPLICATION = 'jeevan-api-live';

/** What a notification carries: no personal data. */
export interface CaseChange {
  id: string;
  stage: string;
  districtCode: string | null;
  version: number;
}

export type FeedEvent = { kind: 'case'; change: CaseChange } | { kind: 'resync' };

export interface CaseFeed {
  /** Starts listening (idempotent). The API starts it at launch; the event route also does, on first use. */
  start(): void;
  /** Listening right now. */
  readonly connected: boolean;
  subscribe(listener: (event: FeedEvent) => void): () => void;
  close(): Promise<void>;
}

export interface CaseFeedOptions {
  log?: (event: string, fields: Record<string, unknown>) => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often the idle connection is checked (a silently dead socket otherwise goes unnoticed). */
  pingMs?: number;
}

export function parseCaseChange(payload: string | undefined): CaseChange | undefined {
  try {
    const v = JSON.parse(payload ?? '');
    if (
      typeof v?.id === 'string' &&
      typeof v.stage === 'string' &&
      (v.districtCode === null || typeof v.districtCode === 'string') &&
      Number.isInteger(v.version)
    ) {
      return { id: v.id, stage: v.stage, districtCode: v.districtCode, version: v.version };
    }
  } catch {}
  return undefined;
}

/** Listens on a client checked out of `pool` for good (one connection of the pool's maximum). */
export function createCaseFeed(pool: pg.Pool, opts: CaseFeedOptions = {}): CaseFeed {
  const log = opts.log ?? (() => {});
  const minBackoff = opts.minBackoffMs ?? 500;
  const maxBackoff = opts.maxBackoffMs ?? 15_000;
  const listeners = new Set<(event: FeedEvent) => void>();
  let client: pg.PoolClient | undefined;
  let started = false;
  let closed = false;
  let connecting = false;
  let failures = 0;
  let retry: NodeJS.Timeout | undefined;
  let ping: NodeJS.Timeout | undefined;
  const released = new WeakSet<pg.PoolClient>();

  const emit = (event: FeedEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch {}
    }
  };
  const release = (c: pg.PoolClient) => {
    if (released.has(c)) return;
    released.add(c);
    try {
      c.release(true); // destroy: never hand a LISTENing connection back to the pool
    } catch {}
  };
  const onNotification = (message: pg.Notification) => {
    if (message.channel !== CASE_CHANNEL) return;
    const change = parseCaseChange(message.payload);
    if (change) emit({ kind: 'case', change });
  };

  const scheduleRetry = () => {
    if (closed || retry) return;
    const delay = Math.min(maxBackoff, minBackoff * 2 ** Math.min(failures, 10)) * (0.75 + Math.random() * 0.25);
    failures += 1;
    retry = setTimeout(() => {
      retry = undefined;
      void connect();
    }, delay);
    retry.unref();
  };

  const lost = (c: pg.PoolClient, reason: string) => {
    if (client !== c) return;
    client = undefined;
    release(c);
    log('case feed lost', { reason });
    scheduleRetry();
  };

  async function connect() {
    if (closed || client || connecting) return;
    connecting = true;
    let c: pg.PoolClient | undefined;
    try {
      c = await pool.connect();
      const mine = c;
      mine.on('notification', onNotification);
      mine.on('error', (error) => lost(mine, error.message));
      mine.on('end', () => lost(mine, 'connection ended'));
      // Named, so operators (and tests) can tell it apart in pg_stat_activity.
      await mine.query(`SET application_name = '${LIVE_APPLICATION}'; LISTEN ${CASE_CHANNEL}`);
      if (closed) return release(mine);
      client = mine;
      if (failures > 0) log('case feed listening again', { after: failures });
      failures = 0;
      // Anything may have changed while nobody listened: subscribers refetch.
      emit({ kind: 'resync' });
    } catch (error) {
      if (c) release(c);
      if (failures === 0) log('case feed cannot listen; retrying with backoff', { reason: (error as Error).message });
      scheduleRetry();
    } finally {
      connecting = false;
    }
  }

  const pingOnce = async () => {
    const c = client;
    if (!c) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        c.query('SELECT 1'),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no answer to ping')), 5000))),
      ]);
    } catch (error) {
      lost(c, (error as Error).message);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    start() {
      if (started || closed) return;
      started = true;
      ping = setInterval(() => void pingOnce(), opts.pingMs ?? 20_000);
      ping.unref();
      void connect();
    },
    get connected() {
      return client !== undefined;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      clearInterval(ping);
      listeners.clear();
      const c = client;
      client = undefined;
      if (c) release(c);
    },
  };
}
