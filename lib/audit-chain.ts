// The audit log's hash chain: each row's hash is an HMAC (keyed by AUDIT_CHAIN_KEY) over its
// own fields and the previous row's hash, so changing, removing or reordering any row breaks
// every hash after it, and without the key no one can recompute the chain after a change.
// Cutting off the tail leaves a valid chain: the head is anchored outside the database
// (auditAnchor, in the daily digest and the log) and verifyAuditChain compares with it.
// Writes are serialised by an advisory lock so the chain has exactly one order.
import { createHmac } from 'node:crypto';
import { asc, desc, eq, gt, sql } from 'drizzle-orm';
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

let chainKey: Buffer | undefined;

/** Sets the chain's HMAC key, once at each program's start (AUDIT_CHAIN_KEY; tests set their own). */
export function useAuditChainKey(key: Buffer): void {
  chainKey = key;
}

export function hashOf(r: Omit<Row, 'seq' | 'hash'>): string {
  if (!chainKey) throw new Error('the audit chain key is not set (AUDIT_CHAIN_KEY; useAuditChainKey at start)');
  return createHmac('sha256', chainKey).update(canonical(r)).digest('hex');
}

/** The chain's head as it is now: what the daily digest and the log carry outside the database. */
export interface AuditAnchor {
  seq: number;
  hash: string;
  at: string;
}

export async function auditAnchor(db: Db): Promise<AuditAnchor | undefined> {
  const [last] = await db.select({ seq: auditLog.seq, hash: auditLog.hash, at: auditLog.at }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  return last && { seq: last.seq, hash: last.hash, at: last.at.toISOString() };
}

/** `<seq>:<hash>`, as the digest prints an anchor and `audit:verify --anchor` takes it. */
export const anchorText = (a: Pick<AuditAnchor, 'seq' | 'hash'>) => `${a.seq}:${a.hash}`;
export function parseAnchor(text: string): Pick<AuditAnchor, 'seq' | 'hash'> | undefined {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: m[2] } : undefined;
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

/** Walks the whole chain in order, in pages; with an anchor, the row it names must still be there, unchanged. */
export async function verifyAuditChain(db: Db, opts: { anchor?: Pick<AuditAnchor, 'seq' | 'hash'> } = {}): Promise<ChainReport> {
  const report = await walk(db);
  if (!report.ok || !opts.anchor) return report;
  const { seq, hash } = opts.anchor;
  const [row] = await db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.seq, seq));
  if (!row) return { ...report, ok: false, brokenAt: { seq, reason: 'the anchored entry is gone: the chain was cut short after it was anchored' } };
  if (row.hash !== hash) return { ...report, ok: false, brokenAt: { seq, reason: 'the anchored entry has another hash: the chain was rewritten' } };
  return report;
}

async function walk(db: Db): Promise<ChainReport> {
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
