import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDb, type DbHandle } from '../../db/client.js';
import { withAppRole } from '../../dev/embedded-postgres.js';
import { useAuditChainKey } from '../../lib/stores/audit-chain.js';

// The audit chain's key for the tests, and for the programs they spawn (which inherit process.env).
process.env.AUDIT_CHAIN_KEY ??= randomBytes(32).toString('base64');
useAuditChainKey(Buffer.from(process.env.AUDIT_CHAIN_KEY, 'base64'));

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * A fresh, migrated database of this test's own (a clone of the template the global setup
 * migrated), connected as the application's restricted role; `owner` runs what only the
 * database's owner may (a test playing someone who goes round the application).
 */
export async function createTestDb(): Promise<
  DbHandle & { url: string; ownerUrl: string; name: string; owner(sql: string): Promise<pg.QueryResult> }
> {
  const admin = inject('pgAdminUrl');
  const name = `jeevan_t_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}" TEMPLATE "${inject('templateDb')}"`);
  } finally {
    await client.end();
  }
  const ownerUrl = withDatabase(admin, name);
  const url = withAppRole(ownerUrl);
  const handle = connectDb(url, { max: 10, application: 'jeevan-test' });
  const owner = async (sql: string) => {
    const c = new pg.Client({ connectionString: ownerUrl });
    await c.connect();
    try {
      return await c.query(sql);
    } finally {
      await c.end();
    }
  };
  // Case numbers become workflow IDs on the one shared Temporal server: each test database
  // numbers its cases from its own random offset so two files never share a workflow.
  const offset = 1_000_000 + (randomBytes(4).readUInt32BE(0) % 1_000_000_000);
  await owner(`ALTER SEQUENCE case_number_seq RESTART WITH ${offset}`);
  return {
    ...handle,
    url,
    ownerUrl,
    name,
    owner,
    close: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      await c.end();
    },
  };
}
