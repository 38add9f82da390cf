import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client.js';

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh, migrated database of this test's own (a clone of the template the global setup migrated). */
export async function createTestDb(): Promise<DbHandle & { url: string; name: string }> {
  const admin = inject('pgAdminUrl');
  const name = `jeevan_t_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDb')}"`);
  } finally {
    await client.end();
  }
  const url = withDatabase(admin, name);
  const handle = connectDb(url, { max: 10, application: 'jeevan-test' });
  // Case numbers become workflow IDs on the one shared Temporal server: each test database
  // numbers its cases from its own random offset so two files never share a workflow.
  const offset = 1_000_000 + (randomBytes(4).readUInt32BE(0) % 1_000_000_000);
  await handle.pool.query(`ALTER SEQUENCE case_number_seq RESTART WITH ${offset}`);
  return {
    ...handle,
    url,
    name,
    close: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      await c.end();
    },
  };
}
