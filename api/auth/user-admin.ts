// The rules of managing people and machine accounts, shared by the admin API and the admin
// command. An admin never becomes someone else: no change to their own roles, tokens only
// for themselves or machine accounts (which have no password and never sign in), and a
// user's sessions and tokens end when their password, roles or active flag change.

import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { readStateCode } from '../../config/state-code.js';
import type { Db } from '../../db/client.js';
import { apiTokens, sessions, users } from '../../db/schema.js';
import { districtByCode } from '../../domain/districts.js';
import { ApiError } from '../errors.js';
import { hashPassword, MACHINE_PASSWORD_HASH, newApiToken, passwordProblem, sha256 } from './credentials.js';

type UserRow = typeof users.$inferSelect;
export const isMachine = (u: Pick<UserRow, 'passwordHash'>) => u.passwordHash === MACHINE_PASSWORD_HASH;

/** The rules a user record must keep, beyond its schema. */
export function userProblem(
  roles: readonly string[],
  districts: readonly string[],
  homeState = readStateCode(),
): string | undefined {
  const unknown = districts.find((d) => !districtByCode(d, homeState));
  if (unknown) return `unknown district code ${unknown}`;
  const scoped = roles.some((r) => r === 'district_officer' || r === 'senior_officer');
  if (scoped && districts.length === 0) return 'district and senior officers need at least one district';
  return undefined;
}

export interface NewUser {
  username: string;
  displayName: string;
  /** Required for a person; a machine account has none. */
  password?: string;
  machine?: boolean;
  roles: string[];
  districts: string[];
}

export async function createUser(deps: { db: Db }, input: NewUser) {
  const { password, machine, ...fields } = input;
  const passwordRule = machine
    ? password === undefined
      ? undefined
      : 'a machine account has no password (it uses API tokens)'
    : password === undefined
      ? 'a password is required (or machine: true for an account that only uses API tokens)'
      : passwordProblem(password);
  const problem = passwordRule ?? userProblem(input.roles, input.districts);
  if (problem) throw new ApiError(400, 'validation_failed', problem);
  const [existing] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (existing) throw new ApiError(409, 'conflict', `username ${input.username} is taken`);
  const passwordHash = machine ? MACHINE_PASSWORD_HASH : await hashPassword(password as string);
  const [row] = await deps.db
    .insert(users)
    .values({ id: randomUUID(), ...fields, passwordHash })
    .returning();
  return row;
}

export interface UserChanges {
  displayName?: string;
  roles?: string[];
  districts?: string[];
  active?: boolean;
  password?: string;
}

/** Applies an admin's change to a user; returns the row and the names of the fields changed. */
export async function updateUser(deps: { db: Db }, actorId: string, id: string, body: UserChanges) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, id));
  if (!user) throw new ApiError(404, 'not_found', 'no such user');
  if (id === actorId && (body.roles || body.districts || body.active === false))
    throw new ApiError(
      403,
      'forbidden',
      'you cannot change your own roles, districts or active flag: another admin must',
    );
  const { password, ...changes } = body;
  if (password && isMachine(user))
    throw new ApiError(400, 'validation_failed', 'a machine account has no password (it uses API tokens)');
  const problem =
    (password ? passwordProblem(password) : undefined) ??
    userProblem(changes.roles ?? user.roles, changes.districts ?? user.districts);
  if (problem) throw new ApiError(400, 'validation_failed', problem);
  const revoke = Boolean(password) || body.roles !== undefined || body.active === false;
  const row = await deps.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(users)
      .set({
        ...changes,
        ...(password ? { passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null } : {}),
      })
      .where(eq(users.id, user.id))
      .returning();
    if (revoke) await revokeAccess(tx as unknown as Db, user.id);
    return updated;
  });
  return { row, changed: Object.keys(body).sort() };
}

/** Ends every session and API token of a user (after a credential or role change). */
export async function revokeAccess(db: Db, userId: string): Promise<void> {
  const now = new Date();
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
  await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
}

/** A token for a user, unchecked: the admin command's way (it runs with the database's own powers). */
export async function issueToken(deps: { db: Db }, userId: string, name: string, expiresInDays: number) {
  const [user] = await deps.db.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (!user) throw new ApiError(404, 'not_found', 'no such user');
  const { token, prefix } = newApiToken();
  const [row] = await deps.db
    .insert(apiTokens)
    .values({
      id: randomUUID(),
      userId,
      name,
      prefix,
      secretHash: sha256(token),
      expiresAt: new Date(Date.now() + expiresInDays * 86_400_000),
    })
    .returning();
  return { token, row };
}

/** The API's way: an admin mints tokens for themselves or a machine account, never for a person. */
export async function issueTokenAs(
  deps: { db: Db },
  actorId: string,
  userId: string,
  name: string,
  expiresInDays: number,
) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new ApiError(404, 'not_found', 'no such user');
  if (userId !== actorId && !isMachine(user))
    throw new ApiError(
      403,
      'forbidden',
      'tokens are for yourself or a machine account only: a person signs in as themselves',
    );
  return issueToken(deps, userId, name, expiresInDays);
}
