// Issue 16: audit appends are group-committed. Entries appended together share one lock and
// one commit, keep the order of the calls, each caller resolves only once its row is
// committed, and an entry the database refuses fails alone. A real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, flushAudit, verifyAuditChain } from '../../lib/stores/audit-chain.js';
import { createTestDb } from '../helpers/db.js';

let db: Awaited<ReturnType<typeof createTestDb>>;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db?.close());

const q = async <T>(text: string, values: unknown[] = []) => (await db.db.$client.query(text, values)).rows as T[];
const entry = (n: number) => ({
  actorId: `u${n}`,
  actorRole: 'auditor',
  action: 'case.read',
  outcome: 'ok' as const,
  details: { n },
});

describe('audit group commit', () => {
  it('commits 300 concurrent appends in far fewer transactions, in call order, each resolved after its commit, the chain intact', async () => {
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: 300 }, (_, n) =>
        appendAudit(db.db, entry(n)).then(async () => {
          // Resolved means committed: another connection already sees the row.
          const [row] = await q<{ n: string }>("SELECT details->>'n' AS n FROM audit_log WHERE actor_id = $1", [
            `u${n}`,
          ]);
          expect(row?.n).toBe(String(n));
          seen.push(n);
        }),
      ),
    );
    expect(seen).toHaveLength(300);
    const rows = await q<{ n: string; at: Date }>(
      "SELECT details->>'n' AS n, at FROM audit_log WHERE action = 'case.read' ORDER BY seq",
    );
    expect(rows.map((r) => Number(r.n))).toEqual(Array.from({ length: 300 }, (_, n) => n));
    // Each batch stamps its rows with one time: far fewer commits than entries.
    const commits = new Set(rows.map((r) => r.at.getTime())).size;
    expect(commits).toBeLessThan(300 / 5);
    expect(await verifyAuditChain(db.db)).toMatchObject({ ok: true, rows: 300 });
  });

  it('an entry the database refuses fails alone; its neighbours in the batch are written', async () => {
    const bad = { ...entry(-1), details: { text: 'a\u0000b' } }; // jsonb cannot hold NUL
    const results = await Promise.allSettled([
      appendAudit(db.db, entry(1000)),
      appendAudit(db.db, bad),
      appendAudit(db.db, entry(1001)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await flushAudit(db.db);
    const rows = await q<{ n: string }>(
      "SELECT details->>'n' AS n FROM audit_log WHERE details ? 'n' AND (details->>'n')::int >= 1000 ORDER BY seq",
    );
    expect(rows.map((r) => r.n)).toEqual(['1000', '1001']);
    expect((await verifyAuditChain(db.db)).ok).toBe(true);
  });
});
