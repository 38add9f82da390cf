// The audit log's hash chain: each row's hash covers its own fields and the previous
// row's hash, so changing, removing or reordering any row breaks every hash after it.
// Writes are serialised by an advisory lock so the chain has exactly one order.
import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { auditLog } from '../db/schema.js';

export interface AuditEntry {
  actorId: string | null;
  actorRole: string | null;
  action: string;
  caseId?: string | null;
  outcome: 'ok' | 'refused' | 'invalid' | 'failed' | 'unknown';
  status?: number | null;
  ip?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown> | null;
}

export const GENESIS = '0'.repeat(64);
const AUDIT_LOCK = 7263312;

type Row = typeof auditLog.$inferSelect;

/** JSON with object keys sorted at every level: PostgreSQL's jsonb does not keep key order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Canonical text of a row's content (fixed field order, ISO time, sorted JSON). */
function canonical(r: Omit<Row, 'seq' | 'hash'>): string {
  return stable([r.at.toISOString(), r.actorId, r.actorRole, r.action, r.caseId, r.outcome, r.status, r.ip, r.requestId, r.details ?? null, r.prevHash]);
}

export function hashOf(r: Omit<Row, 'seq' | 'hash'>): string {
  return createHash('sha256').update(canonical(r)).digest('hex');
}

export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
    const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    const row = {
      at: new Date(),
      actorId: entry.actorId,
      actorRole: entry.actorRole,
      action: entry.action,
      caseId: entry.caseId ?? null,
      outcome: entry.outcome,
      status: entry.status ?? null,
      ip: entry.ip ?? null,
      requestId: entry.requestId ?? null,
      details: entry.details ?? null,
      prevHash: last?.hash ?? GENESIS,
    };
    await tx.insert(auditLog).values({ ...row, hash: hashOf(row) });
  });
}

export interface ChainReport {
  rows: number;
  ok: boolean;
  /** The first row whose hash or link does not match, and why. */
  brokenAt?: { seq: number; reason: string };
}

/** Walks the whole chain in order, in pages. */
export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  let prev = GENESIS;
  let after = 0;
  let rows = 0;
  for (;;) {
    const page = await db.select().from(auditLog).where(gt(auditLog.seq, after)).orderBy(asc(auditLog.seq)).limit(5000);
    if (page.length === 0) return { rows, ok: true };
    for (const r of page) {
      rows += 1;
      if (r.prevHash !== prev)
        return { rows, ok: false, brokenAt: { seq: r.seq, reason: 'link to the previous row does not match (a row was removed or reordered)' } };
      const { seq: _seq, hash, ...content } = r;
      if (hashOf(content) !== hash) return { rows, ok: false, brokenAt: { seq: r.seq, reason: 'content does not match its hash (the row was changed)' } };
      prev = hash;
      after = r.seq;
    }
  }
}
