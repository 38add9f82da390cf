// Sessions (browsers) and API tokens (machines) to identities, and logins with lockout.
import { randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiTokens, sessions, users } from '../../db/schema.js';
import type { HumanRole, Identity } from './access.js';
import { decoyHash, newSecret, sha256, verifyPassword } from './credentials.js';

export const SESSION_HOURS = 12; // one shift
const LOCK_AFTER = 5;
const LOCK_MINUTES = 15;

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

    /** Checks a password; counts failures and locks the account for a while after too many. */
    async login(
      username: string,
      password: string,
    ): Promise<{ ok: true; identity: Identity; session: string; csrf: string } | { ok: false; reason: 'invalid' | 'locked' }> {
      const [user] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
      if (!user?.active) {
        await verifyPassword(await decoyHash(), password);
        return { ok: false, reason: 'invalid' };
      }
      if (user.lockedUntil && user.lockedUntil > new Date()) return { ok: false, reason: 'locked' };
      if (!(await verifyPassword(user.passwordHash, password))) {
        const failed = user.failedLogins + 1;
        await db
          .update(users)
          .set({ failedLogins: failed, lockedUntil: failed >= LOCK_AFTER ? new Date(Date.now() + LOCK_MINUTES * 60_000) : null })
          .where(eq(users.id, user.id));
        return { ok: false, reason: 'invalid' };
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
