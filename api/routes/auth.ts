// Sign-in for people: a session cookie (HttpOnly, SameSite=Strict, Secure) plus a CSRF
// token that the browser echoes in the x-csrf-token header on every change.
import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appendAudit } from '../../lib/stores/audit-chain.js';
import { ACCESS, PUBLIC } from '../auth/access.js';
import { cookieValue, SESSION_COOKIE } from '../auth/guard.js';
import { SESSION_HOURS } from '../auth/identity-store.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';

/** The console's languages (console/src/lib/i18n.ts). */
export const SIGN_IN_REFUSED =
  'wrong username or password (after repeated failures, wait a minute before trying again)';

export const LANGUAGES = ['en', 'hi'] as const;

const Me = Type.Object({
  userId: Type.String(),
  username: Type.String(),
  roles: Type.Array(Type.String()),
  districts: Type.Array(Type.String()),
  via: Type.String(),
  language: Type.String({ enum: [...LANGUAGES], description: "The console's language this person chose." }),
  state: Type.String({
    description: "The instance's state (JEEVAN_STATE): the console shows its districts and names.",
  }),
});

export const authRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    const cookie = (name: string, value: string, opts: { httpOnly: boolean; maxAge: number }) =>
      `${name}=${encodeURIComponent(value)}; Path=/; SameSite=Strict; Max-Age=${opts.maxAge}${opts.httpOnly ? '; HttpOnly' : ''}${deps.auth.cookieSecure ? '; Secure' : ''}`;

    app.post(
      '/auth/login',
      {
        config: { access: PUBLIC, rateLimit: { max: 10, timeWindow: '1 minute' } },
        schema: {
          tags: ['auth'],
          summary: 'Sign in; sets the session cookie and returns the CSRF token',
          body: Type.Object(
            {
              username: Type.String({ minLength: 1, maxLength: 100 }),
              password: Type.String({ minLength: 1, maxLength: 200 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ user: Me, csrfToken: Type.String() }) },
        },
      },
      async (request, reply) => {
        const { username, password } = request.body;
        const limiter = deps.auth.signIns;
        const waiting = limiter.waiting(request.ip, username);
        const result = waiting
          ? ({ ok: false, reason: 'backing_off' } as const)
          : await deps.auth.identities.login(username, password, limiter.failures(request.ip, username));
        if (!result.ok) {
          limiter.failed(request.ip, username);
          await appendAudit(deps.db, {
            actorId: null,
            actorRole: null,
            action: 'auth.login_failed',
            outcome: 'refused',
            status: 401,
            ip: request.ip,
            requestId: request.id,
            // Never the text typed as a username: the audit log is kept for good, and people type
            // passwords there. An account that exists is named by its ID; any other text is not kept.
            details: {
              reason: result.reason,
              ...('userId' in result && result.userId ? { userId: result.userId } : {}),
            },
          });
          // One answer for all: whether an account exists or is backing off is never told.
          throw new ApiError(401, 'unauthenticated', SIGN_IN_REFUSED);
        }
        limiter.succeeded(request.ip, username);
        await appendAudit(deps.db, {
          actorId: result.identity.userId,
          actorRole: result.identity.roles[0],
          action: 'auth.login',
          outcome: 'ok',
          status: 200,
          ip: request.ip,
          requestId: request.id,
        });
        const maxAge = SESSION_HOURS * 3600;
        reply.header('set-cookie', [
          cookie(SESSION_COOKIE, result.session, { httpOnly: true, maxAge }),
          cookie('jeevan_csrf', result.csrf, { httpOnly: false, maxAge }),
        ]);
        return { user: { ...result.identity, state: deps.profile.code }, csrfToken: result.csrf };
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { access: ACCESS.self },
        schema: {
          tags: ['auth'],
          summary: 'Sign out (ends the session)',
          response: { 200: Type.Object({ ok: Type.Boolean() }) },
        },
      },
      async (request, reply) => {
        const secret = cookieValue(request, SESSION_COOKIE);
        if (secret) await deps.auth.identities.logout(secret);
        reply.header('set-cookie', [
          cookie(SESSION_COOKIE, '', { httpOnly: true, maxAge: 0 }),
          cookie('jeevan_csrf', '', { httpOnly: false, maxAge: 0 }),
        ]);
        return { ok: true };
      },
    );

    app.get(
      '/auth/me',
      {
        config: { access: ACCESS.self },
        schema: { tags: ['auth'], summary: 'Who is signed in', response: { 200: Me } },
      },
      async (request) => {
        return { ...(request.identity as NonNullable<typeof request.identity>), state: deps.profile.code };
      },
    );

    app.put(
      '/auth/me/language',
      {
        config: { access: { ...ACCESS.self, action: 'auth.language' } },
        schema: {
          tags: ['auth'],
          summary: "Remember the signed-in person's console language",
          body: Type.Object({ language: Type.String({ enum: [...LANGUAGES] }) }, { additionalProperties: false }),
          response: { 200: Type.Object({ language: Type.String() }) },
        },
      },
      async (request) => {
        const identity = request.identity as NonNullable<typeof request.identity>;
        await deps.auth.identities.setLanguage(identity.userId, request.body.language);
        return { language: request.body.language };
      },
    );
  };
