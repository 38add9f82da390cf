// Issue 16: the case page's lookups stay flat as the years pile up, because each is served by
// an index. Asserted on PostgreSQL's plan (EXPLAIN), never on a time; sequential scans are
// priced out so the plan shows what the planner can use, whatever the table's size now.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../helpers/db.js';

let db: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db?.close());

async function plan(query: string, params: unknown[]): Promise<string> {
  const client = await db.db.$client.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL enable_seqscan = off');
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${query}`, params);
    await client.query('ROLLBACK');
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    client.release();
  }
}

describe('query plans of the case page', () => {
  it("reads a case's own identities through case_identities_case_idx (earlier cases, erasure)", async () => {
    const p = await plan('SELECT kind, hash FROM case_identities WHERE case_id = $1', ['JV-2026-000001']);
    expect(p).toMatch(
      /Index (Only )?Scan using case_identities_case_idx|Bitmap Index Scan on case_identities_case_idx/,
    );
    expect(p).not.toMatch(/Seq Scan/);
  });

  it('matches the same person by (kind, hash) through the primary key', async () => {
    const p = await plan(
      'SELECT case_id, kind FROM case_identities WHERE case_id <> $1 AND ((kind = $2 AND hash = $3) OR (kind = $4 AND hash = $5))',
      ['JV-2026-000001', 'phone', 'a', 'email', 'b'],
    );
    expect(p).toMatch(
      /Index Scan on case_identities_kind_hash_case_id_pk|Index Scan using case_identities_kind_hash_case_id_pk/,
    );
    expect(p).not.toMatch(/Seq Scan/);
  });
});
