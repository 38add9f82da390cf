// Sessions (browsers) and API tokens (machines) to identities, and logins with an
// account-wide back-off: failures are counted atomically in the database, and after many of
// them an address that has itself failed for this account waits (sign-in-limiter.ts keeps
// the per-address count), while a fresh address still gets its password checked.
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiTokens, sessions, users } from '../../db/schema.js';
import type { HumanRole, Identity } from './access.js';
import { decoyHash, newSecret, sha256, verifyPassword } from './credentials.js';

export const SESSION_HOURS = 12; // one shift
/**
 * A session or token, once resolved, is served from memory this long: a plain read then
 * writes nothing and reads no row. A revocation in this process (sign-out, an admin's change
 * or revoke) takes effect at once; one made by another API process, within this delay.
 */
export const IDENTITY_CACHE_MS = 5_000;
/** last_seen_at and last_used_at are written at most this often per credential. */
const TOUCH_MS = 60_000;
const CACHE_MAX = 10_000;
/** Account-wide failures before the back-off starts, and its longest wait. */
const BACK_OFF_AFTER = 10;
const MAX_BACK_OFF_MS = 60_000;
/** An address with this many failures of its own for the account is held by the account's back-off. */
export const HELD_AFTER_OWN_FAILURES = 3;

type User = typeof users.$inferSelect;
const identityOf = (u: User, via: Identity['via']): Identity => ({
  userId: u.id,
  username: u.username,
  roles: u.roles as HumanRole[],
  districts: u.districts,
  via,
  language: u.language,
});

interface Cached<T> {
  value: T;
  until: number;
  touchedAt: number;
}

/** A small time-bounded map of resolved credentials, keyed by the secret's hash. */
function credentialCache<T>(ttlMs: number) {
  const entries = new Map<string, Cached<T>>();
  return {
    get(key: string): Cached<T> | undefined {
      const hit = entries.get(key);
      if (hit && hit.until > Date.now()) return hit;
      if (hit) entries.delete(key);
      return undefined;
    },
    /** Kept until the cache delay passes or the credential expires, whichever is first. */
    set(key: string, value: T, touchedAt: number, expiresAt: Date) {
      if (ttlMs <= 0) return;
      // Oldest first out when full: a flood of distinct secrets cannot grow it without bound.
      if (entries.size >= CACHE_MAX) entries.delete(entries.keys().next().value as string);
      entries.set(key, { value, until: Math.min(Date.now() + ttlMs, expiresAt.getTime()), touchedAt });
    },
    clear: () => entries.clear(),
  };
}

export function identityStore(db: Db, opts: { cacheMs?: number } = {}) {
  const cacheMs = opts.cacheMs ?? IDENTITY_CACHE_MS;
  const sessionCache = credentialCache<Identity & { csrfHash: string }>(cacheMs);
  const tokenCache = credentialCache<{ identity: Identity; id: string }>(cacheMs);
  return {
    /** Drops every cached credential: after a sign-out, a revocation or a change to a user. */
    forget(): void {
      sessionCache.clear();
      tokenCache.clear();
    },

    async bySession(secret: string): Promise<(Identity & { csrfHash: string }) | undefined> {
      const key = sha256(secret);
      const hit = sessionCache.get(key);
      if (hit) {
        if (Date.now() - hit.touchedAt > TOUCH_MS) {
          hit.touchedAt = Date.now();
          await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.idHash, key));
        }
        return hit.value;
      }
      const [row] = await db
        .select({
          user: users,
          csrfHash: sessions.csrfHash,
          lastSeenAt: sessions.lastSeenAt,
          expiresAt: sessions.expiresAt,
        })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(
          and(
            eq(sessions.idHash, sha256(secret)),
            isNull(sessions.revokedAt),
            gt(sessions.expiresAt, new Date()),
            eq(users.active, true),
          ),
        );
      if (!row) return undefined;
      let touchedAt = row.lastSeenAt.getTime();
      if (Date.now() - touchedAt > TOUCH_MS) {
        touchedAt = Date.now();
        await db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.idHash, key));
      }
      const identity = { ...identityOf(row.user, 'session'), csrfHash: row.csrfHash };
      sessionCache.set(key, identity, touchedAt, row.expiresAt);
      return identity;
    },

    async byToken(token: string): Promise<Identity | undefined> {
      const key = sha256(token);
      const hit = tokenCache.get(key);
      if (hit) {
        if (Date.now() - hit.touchedAt > TOUCH_MS) {
          hit.touchedAt = Date.now();
          await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, hit.value.id));
        }
        return hit.value.identity;
      }
      const [row] = await db
        .select({ user: users, id: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(
          and(
            eq(apiTokens.secretHash, key),
            isNull(apiTokens.revokedAt),
            gt(apiTokens.expiresAt, new Date()),
            eq(users.active, true),
          ),
        );
      if (!row) return undefined;
      // Written at most once a minute: every call used to rewrite this one row.
      let touchedAt = row.lastUsedAt?.getTime() ?? 0;
      if (Date.now() - touchedAt > TOUCH_MS) {
        touchedAt = Date.now();
        await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id));
      }
      const identity = identityOf(row.user, 'token');
      tokenCache.set(key, { identity, id: row.id }, touchedAt, row.expiresAt);
      return identity;
    },

    /**
     * Checks a password. One answer, 'invalid', for an unknown user, a wrong password and an
     * account in back-off; `ownFailures` are the caller's address's recent failures for it.
     */
    async login(
      username: string,
      password: string,
      ownFailures = 0,
    ): Promise<
      | { ok: true; identity: Identity; session: string; csrf: string }
      | { ok: false; reason: 'invalid' | 'backing_off'; userId?: string }
    > {
      const [user] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
      if (!user?.active) {
        await verifyPassword(await decoyHash(), password);
        return { ok: false, reason: 'invalid' };
      }
      if (user.lockedUntil && user.lockedUntil > new Date() && ownFailures >= HELD_AFTER_OWN_FAILURES)
        return { ok: false, reason: 'backing_off', userId: user.id };
      if (!(await verifyPassword(user.passwordHash, password))) {
        // One statement: parallel guesses are each counted.
        await db
          .update(users)
          .set({
            failedLogins: sql`${users.failedLogins} + 1`,
            lockedUntil: sql`CASE WHEN ${users.failedLogins} + 1 >= ${BACK_OFF_AFTER}
              THEN now() + least(${MAX_BACK_OFF_MS}, 1000 * power(2, ${users.failedLogins} + 1 - ${BACK_OFF_AFTER})) * interval '1 millisecond'
              ELSE NULL END`,
          })
          .where(eq(users.id, user.id));
        return { ok: false, reason: 'invalid', userId: user.id };
      }
      const session = newSecret();
      const csrf = newSecret();
      await db.insert(sessions).values({
        idHash: sha256(session),
        userId: user.id,
        csrfHash: sha256(csrf),
        expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000),
      });
      await db
        .update(users)
        .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() })
        .where(eq(users.id, user.id));
      return { ok: true, identity: identityOf(user, 'session'), session, csrf };
    },

    async setLanguage(userId: string, language: string): Promise<void> {
      await db.update(users).set({ language }).where(eq(users.id, userId));
      sessionCache.clear();
      tokenCache.clear();
    },

    async logout(secret: string): Promise<void> {
      await db
        .update(sessions)
        .set({ revokedAt: new Date() })
        .where(eq(sessions.idHash, sha256(secret)));
      sessionCache.clear();
    },
  };
}

export type IdentityStore = ReturnType<typeof identityStore>;

export { randomUUID };
