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

export function identityStore(db: Db) {
  return {
    async bySession(secret: string): Promise<(Identity & { csrfHash: string }) | undefined> {
      const [row] = await db
        .select({ user: users, csrfHash: sessions.csrfHash, lastSeenAt: sessions.lastSeenAt })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.idHash, sha256(secret)), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date()), eq(users.active, true)));
      if (!row) return undefined;
      if (Date.now() - row.lastSeenAt.getTime() > 60_000) {
        await db
          .update(sessions)
          .set({ lastSeenAt: new Date() })
          .where(eq(sessions.idHash, sha256(secret)));
      }
      return { ...identityOf(row.user, 'session'), csrfHash: row.csrfHash };
    },

    async byToken(token: string): Promise<Identity | undefined> {
      const [row] = await db
        .select({ user: users, id: apiTokens.id })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(and(eq(apiTokens.secretHash, sha256(token)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, new Date()), eq(users.active, true)));
      if (!row) return undefined;
      await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.id));
      return identityOf(row.user, 'token');
    },

    /**
     * Checks a password. One answer, 'invalid', for an unknown user, a wrong password and an
     * account in back-off; `ownFailures` are the caller's address's recent failures for it.
     */
    async login(
      username: string,
      password: string,
      ownFailures = 0,
    ): Promise<{ ok: true; identity: Identity; session: string; csrf: string } | { ok: false; reason: 'invalid' | 'backing_off'; userId?: string }> {
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
      await db
        .insert(sessions)
        .values({ idHash: sha256(session), userId: user.id, csrfHash: sha256(csrf), expiresAt: new Date(Date.now() + SESSION_HOURS * 3600_000) });
      await db.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, user.id));
      return { ok: true, identity: identityOf(user, 'session'), session, csrf };
    },

    async setLanguage(userId: string, language: string): Promise<void> {
      await db.update(users).set({ language }).where(eq(users.id, userId));
    },

    async logout(secret: string): Promise<void> {
      await db
        .update(sessions)
        .set({ revokedAt: new Date() })
        .where(eq(sessions.idHash, sha256(secret)));
    },
  };
}

export type IdentityStore = ReturnType<typeof identityStore>;

export { randomUUID };
