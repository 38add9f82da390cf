// Users and API tokens, managed by admins. A token's secret is shown once, at creation.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { desc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { apiTokens, users } from '../../db/schema.js';
import { districtByCode } from '../../domain/districts.js';
import type { AppDeps } from '../app.js';
import { ApiError } from '../errors.js';
import { ACCESS } from './access.js';
import { hashPassword, newApiToken, passwordProblem, sha256 } from './credentials.js';

const ROLE_NAMES = ['smc_operator', 'smc_supervisor', 'district_officer', 'senior_officer', 'auditor', 'admin'] as const;
const RoleList = Type.Array(Type.String({ enum: [...ROLE_NAMES] }), { minItems: 1, maxItems: 6, uniqueItems: true });
const Districts = Type.Array(Type.String({ pattern: '^[A-Z]{3}$' }), { maxItems: 75, uniqueItems: true });
const UserOut = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  districts: Type.Array(Type.String()),
  active: Type.Boolean(),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
});
const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) });

type UserRow = typeof users.$inferSelect;
const userOut = (u: UserRow) => ({ ...u, lastLoginAt: u.lastLoginAt?.toISOString() ?? null });

/** The rules a user record must keep, beyond its schema. */
function userProblem(roles: readonly string[], districts: readonly string[]): string | undefined {
  const unknown = districts.find((d) => !districtByCode(d));
  if (unknown) return `unknown district code ${unknown}`;
  const scoped = roles.some((r) => r === 'district_officer' || r === 'senior_officer');
  if (scoped && districts.length === 0) return 'district and senior officers need at least one district';
  return undefined;
}

export async function createUser(
  deps: Pick<AppDeps, 'db'>,
  input: { username: string; displayName: string; password: string; roles: string[]; districts: string[] },
) {
  const problem = passwordProblem(input.password) ?? userProblem(input.roles, input.districts);
  if (problem) throw new ApiError(400, 'validation_failed', problem);
  const [existing] = await deps.db.select({ id: users.id }).from(users).where(eq(users.username, input.username));
  if (existing) throw new ApiError(409, 'conflict', `username ${input.username} is taken`);
  const [row] = await deps.db
    .insert(users)
    .values({ id: randomUUID(), ...input, passwordHash: await hashPassword(input.password) })
    .returning();
  return row;
}

export const adminRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/users',
      { config: { access: ACCESS.users }, schema: { tags: ['admin'], summary: 'Users', response: { 200: Type.Object({ items: Type.Array(UserOut) }) } } },
      async () => ({
        items: (await deps.db.select().from(users).orderBy(users.username)).map(userOut),
      }),
    );

    app.post(
      '/users',
      {
        config: { access: { ...ACCESS.users, action: 'users.create' } },
        schema: {
          tags: ['admin'],
          summary: 'Create a user',
          body: Type.Object(
            {
              username: Type.String({ pattern: '^[a-z0-9._-]{3,40}$' }),
              displayName: Type.String({ minLength: 1, maxLength: 100 }),
              password: Type.String({ minLength: 1, maxLength: 200 }),
              roles: RoleList,
              districts: Districts,
            },
            { additionalProperties: false },
          ),
          response: { 201: UserOut },
        },
      },
      async (request, reply) => reply.status(201).send(userOut(await createUser(deps, request.body))),
    );

    app.patch(
      '/users/:id',
      {
        config: { access: { ...ACCESS.users, action: 'users.update' } },
        schema: {
          tags: ['admin'],
          summary: 'Change roles, districts, name, password, or deactivate',
          params: IdParam,
          body: Type.Object(
            {
              displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
              roles: Type.Optional(RoleList),
              districts: Type.Optional(Districts),
              active: Type.Optional(Type.Boolean()),
              password: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            },
            { additionalProperties: false, minProperties: 1 },
          ),
          response: { 200: UserOut },
        },
      },
      async (request) => {
        const [user] = await deps.db.select().from(users).where(eq(users.id, request.params.id));
        if (!user) throw new ApiError(404, 'not_found', 'no such user');
        const { password, ...changes } = request.body;
        const problem = (password ? passwordProblem(password) : undefined) ?? userProblem(changes.roles ?? user.roles, changes.districts ?? user.districts);
        if (problem) throw new ApiError(400, 'validation_failed', problem);
        const [row] = await deps.db
          .update(users)
          .set({ ...changes, ...(password ? { passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null } : {}) })
          .where(eq(users.id, user.id))
          .returning();
        return userOut(row);
      },
    );

    const TokenOut = Type.Object({
      id: Type.String(),
      userId: Type.String(),
      name: Type.String(),
      prefix: Type.String(),
      expiresAt: Type.String(),
      revoked: Type.Boolean(),
      lastUsedAt: Type.Union([Type.String(), Type.Null()]),
    });
    type TokenRow = typeof apiTokens.$inferSelect;
    const tokenOut = (t: TokenRow) => ({
      ...t,
      expiresAt: t.expiresAt.toISOString(),
      revoked: t.revokedAt !== null,
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    });

    app.get(
      '/tokens',
      {
        config: { access: ACCESS.tokens },
        schema: { tags: ['admin'], summary: 'API tokens (never their secrets)', response: { 200: Type.Object({ items: Type.Array(TokenOut) }) } },
      },
      async () => ({
        items: (await deps.db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt))).map(tokenOut),
      }),
    );

    app.post(
      '/tokens',
      {
        config: { access: { ...ACCESS.tokens, action: 'tokens.create' } },
        schema: {
          tags: ['admin'],
          summary: 'Create an API token for a user; the token is shown only in this answer',
          body: Type.Object(
            {
              userId: Type.String({ format: 'uuid' }),
              name: Type.String({ minLength: 1, maxLength: 100 }),
              expiresInDays: Type.Integer({ minimum: 1, maximum: 365 }),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Intersect([TokenOut, Type.Object({ token: Type.String() })]) },
        },
      },
      async (request, reply) => {
        const token = await issueToken(deps, request.body.userId, request.body.name, request.body.expiresInDays);
        return reply.status(201).send({ ...tokenOut(token.row), token: token.token });
      },
    );

    app.delete(
      '/tokens/:id',
      {
        config: { access: { ...ACCESS.tokens, action: 'tokens.revoke' } },
        schema: { tags: ['admin'], summary: 'Revoke an API token', params: IdParam, response: { 200: TokenOut } },
      },
      async (request) => {
        const [row] = await deps.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, request.params.id)).returning();
        if (!row) throw new ApiError(404, 'not_found', 'no such token');
        return tokenOut(row);
      },
    );
  };

export async function issueToken(deps: Pick<AppDeps, 'db'>, userId: string, name: string, expiresInDays: number) {
  const [user] = await deps.db.select({ id: users.id }).from(users).where(eq(users.id, userId));
  if (!user) throw new ApiError(404, 'not_found', 'no such user');
  const { token, prefix } = newApiToken();
  const [row] = await deps.db
    .insert(apiTokens)
    .values({ id: randomUUID(), userId, name, prefix, secretHash: sha256(token), expiresAt: new Date(Date.now() + expiresInDays * 86_400_000) })
    .returning();
  return { token, row };
}
