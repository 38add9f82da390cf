// Users and API tokens, managed by admins. A token's secret is shown once, at creation.
// The rules that keep an admin from becoming someone else are in user-admin.ts; every
// change's audit entry names its target.
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { desc, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { apiTokens, users } from '../../db/schema.js';
import { ACCESS, type Identity } from '../auth/access.js';
import { createUser, isMachine, issueTokenAs, updateUser } from '../auth/user-admin.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';

const ROLE_NAMES = [
  'smc_operator',
  'smc_supervisor',
  'district_officer',
  'senior_officer',
  'auditor',
  'admin',
] as const;
const RoleList = Type.Array(Type.String({ enum: [...ROLE_NAMES] }), { minItems: 1, maxItems: 6, uniqueItems: true });
const Districts = Type.Array(Type.String({ pattern: '^[A-Z]{3}$' }), { maxItems: 75, uniqueItems: true });
const UserOut = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(Type.String()),
  districts: Type.Array(Type.String()),
  active: Type.Boolean(),
  machine: Type.Boolean({ description: 'A machine account: no password, API tokens only.' }),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
});
const IdParam = Type.Object({ id: Type.String({ format: 'uuid' }) });

type UserRow = typeof users.$inferSelect;
const userOut = ({ passwordHash, ...u }: UserRow) => ({
  ...u,
  machine: isMachine({ passwordHash }),
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
});
const actorOf = (request: FastifyRequest) => (request.identity as Identity).userId;

export const adminRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/users',
      {
        config: { access: ACCESS.users },
        schema: { tags: ['admin'], summary: 'Users', response: { 200: Type.Object({ items: Type.Array(UserOut) }) } },
      },
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
              password: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
              machine: Type.Optional(
                Type.Boolean({ description: 'An account for a program: no password, API tokens only.' }),
              ),
              roles: RoleList,
              districts: Districts,
            },
            { additionalProperties: false },
          ),
          response: { 201: UserOut },
        },
      },
      async (request, reply) => {
        const row = await createUser(deps, request.body);
        request.auditDetails = { targetUserId: row.id, roles: row.roles, machine: isMachine(row) };
        return reply.status(201).send(userOut(row));
      },
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
        request.auditDetails = { targetUserId: request.params.id, changed: Object.keys(request.body).sort() };
        const { row } = await updateUser(deps, actorOf(request), request.params.id, request.body);
        // Roles, districts, activity or password changed: no cached credential may outlive it.
        deps.auth.identities.forget();
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
        schema: {
          tags: ['admin'],
          summary: 'API tokens (never their secrets)',
          response: { 200: Type.Object({ items: Type.Array(TokenOut) }) },
        },
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
          summary: 'Create an API token for yourself or a machine account; the token is shown only in this answer',
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
        request.auditDetails = { targetUserId: request.body.userId };
        const token = await issueTokenAs(
          deps,
          actorOf(request),
          request.body.userId,
          request.body.name,
          request.body.expiresInDays,
        );
        request.auditDetails = { targetUserId: request.body.userId, tokenId: token.row.id };
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
        const [row] = await deps.db
          .update(apiTokens)
          .set({ revokedAt: new Date() })
          .where(eq(apiTokens.id, request.params.id))
          .returning();
        deps.auth.identities.forget();
        if (!row) throw new ApiError(404, 'not_found', 'no such token');
        request.auditDetails = { targetUserId: row.userId, tokenId: row.id };
        return tokenOut(row);
      },
    );
  };
