import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.js';

export type Db = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export interface DbHandle {
  db: Db;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** One pool per process. Short connect and statement timeouts: a dead database must fail fast, not hang a request. */
export function connectDb(url: string, opts: { max?: number; application?: string } = {}): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 15_000,
    application_name: opts.application ?? 'jeevan',
  });
  // A client losing its connection (database restarted) must not crash the process: idle
  // clients report on the pool, checked-out ones on themselves; the query in flight still fails.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzle(pool, { schema }) as Db;
  return { db, pool, close: () => pool.end() };
}
