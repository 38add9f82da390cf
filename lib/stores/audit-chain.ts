// The audit log's hash chain: each row's hash is an HMAC (keyed by AUDIT_CHAIN_KEY) over its
// own fields and the previous row's hash, so changing, removing or reordering any row breaks
// every hash after it, and without the key no one can recompute the chain after a change.
// Cutting off the tail leaves a valid chain: the head is anchored outside the database
// (auditAnchor, in the daily digest and the log) and verifyAuditChain compares with it.
// Writes are serialised by an advisory lock so the chain has exactly one order, and
// group-committed: entries appended together share one lock, one INSERT and one COMMIT.
import { createHmac } from 'node:crypto';
import { asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';

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
  return stable([
    r.at.toISOString(),
    r.actorId,
    r.actorRole,
    r.action,
    r.caseId,
    r.outcome,
    r.status,
    r.ip,
    r.requestId,
    r.details ?? null,
    r.prevHash,
  ]);
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
  const [last] = await db
    .select({ seq: auditLog.seq, hash: auditLog.hash, at: auditLog.at })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return last && { seq: last.seq, hash: last.hash, at: last.at.toISOString() };
}

/** `<seq>:<hash>`, as the digest prints an anchor and `audit:verify --anchor` takes it. */
export const anchorText = (a: Pick<AuditAnchor, 'seq' | 'hash'>) => `${a.seq}:${a.hash}`;
export function parseAnchor(text: string): Pick<AuditAnchor, 'seq' | 'hash'> | undefined {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: m[2] } : undefined;
}

/**
 * Appends one entry, resolving once it is committed. Entries written at the same time are
 * group-committed: one lock, one multi-row INSERT and one COMMIT per batch, in the order the
 * calls were made, so concurrent requests wait together for one commit and none answers
 * before its row is durable. Inside a caller's transaction (`tx`) the entry is written there.
 */
export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  if (isTransaction(db)) return writeBatch(db, [entry]);
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = auditBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher.append(entry);
}

/** Resolves when every entry appended on this database so far is committed (programs call it on shutdown). */
export async function flushAudit(db: Db): Promise<void> {
  await batchers.get(db)?.flushed();
}

/** Most entries in one INSERT, and most waiting before appends wait for room (memory stays bounded). */
const BATCH_MAX = 200;
const QUEUE_MAX = 5_000;

const batchers = new WeakMap<Db, ReturnType<typeof auditBatcher>>();
const isTransaction = (db: Db) => typeof (db as unknown as { rollback?: unknown }).rollback === 'function';

interface Pending {
  entry: AuditEntry;
  done: (error?: unknown) => void;
}

function auditBatcher(db: Db) {
  const queue: Pending[] = [];
  let running: Promise<void> | undefined;
  const roomWaiters: (() => void)[] = [];

  const run = async () => {
    while (queue.length > 0) {
      const batch = queue.splice(0, BATCH_MAX);
      for (const wake of roomWaiters.splice(0)) wake();
      try {
        await writeBatch(
          db,
          batch.map((p) => p.entry),
        );
        for (const p of batch) p.done();
      } catch {
        // One entry the database refuses must not fail its neighbours: write them one by one.
        for (const p of batch) await writeBatch(db, [p.entry]).then(() => p.done(), p.done);
      }
    }
    running = undefined;
  };

  return {
    async append(entry: AuditEntry): Promise<void> {
      while (queue.length >= QUEUE_MAX) await new Promise<void>((wake) => roomWaiters.push(wake));
      const committed = new Promise<void>((resolve, reject) =>
        queue.push({ entry, done: (e) => (e ? reject(e) : resolve()) }),
      );
      running ??= run();
      return committed;
    },
    async flushed(): Promise<void> {
      while (running) await running;
    },
  };
}

/** One transaction: the chain's lock, its head, then the entries in order, each linked to the one before. */
async function writeBatch(db: Db, entries: AuditEntry[]): Promise<void> {
  const write = async (tx: Db) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
    const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    let prevHash = last?.hash ?? GENESIS;
    const at = new Date();
    const rows = entries.map((entry) => {
      const row = {
        at,
        actorId: entry.actorId,
        actorRole: entry.actorRole,
        action: entry.action,
        caseId: entry.caseId ?? null,
        outcome: entry.outcome,
        status: entry.status ?? null,
        ip: entry.ip ?? null,
        requestId: entry.requestId ?? null,
        details: entry.details ?? null,
        prevHash,
      };
      const hash = hashOf(row);
      prevHash = hash;
      return { ...row, hash };
    });
    // One multi-row INSERT: PostgreSQL takes the VALUES rows, and their seq, in this order.
    await tx.insert(auditLog).values(rows);
  };
  if (isTransaction(db)) await write(db);
  else await db.transaction((tx) => write(tx as unknown as Db));
}

export interface ChainReport {
  rows: number;
  ok: boolean;
  /** The first row whose hash or link does not match, and why. */
  brokenAt?: { seq: number; reason: string };
}

/** Walks the whole chain in order, in pages; with an anchor, the row it names must still be there, unchanged. */
export async function verifyAuditChain(
  db: Db,
  opts: { anchor?: Pick<AuditAnchor, 'seq' | 'hash'> } = {},
): Promise<ChainReport> {
  const report = await walk(db);
  if (!report.ok || !opts.anchor) return report;
  const { seq, hash } = opts.anchor;
  const [row] = await db.select({ hash: auditLog.hash }).from(auditLog).where(eq(auditLog.seq, seq));
  if (!row)
    return {
      ...report,
      ok: false,
      brokenAt: { seq, reason: 'the anchored entry is gone: the chain was cut short after it was anchored' },
    };
  if (row.hash !== hash)
    return {
      ...report,
      ok: false,
      brokenAt: { seq, reason: 'the anchored entry has another hash: the chain was rewritten' },
    };
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
        return {
          rows,
          ok: false,
          brokenAt: { seq: r.seq, reason: 'link to the previous row does not match (a row was removed or reordered)' },
        };
      const { seq: _seq, hash, ...content } = r;
      if (hashOf(content) !== hash)
        return {
          rows,
          ok: false,
          brokenAt: { seq: r.seq, reason: 'content does not match its hash (the row was changed)' },
        };
      prev = hash;
      after = r.seq;
    }
  }
}
