// Authentication and authorization for every request, before validation and handlers:
// who is calling (session cookie + CSRF header, or bearer token), may their role use this
// route, and may they reach this case's district. Refusals never reveal whether a case
// in another district exists (404, as for an unknown case).

import { eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isCaseId } from '../../contract/ids.js';
import type { Db } from '../../db/client.js';
import { cases } from '../../db/schema.js';
import { ApiError } from '../errors.js';
import { type Access, actingRole, type HumanRole, type Identity, mayReachDistrict } from './access.js';
import { sameHash, sha256 } from './credentials.js';
import type { IdentityStore } from './identity-store.js';

export const SESSION_COOKIE = 'jeevan_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    identity?: Identity;
    actingRole?: HumanRole;
    /** The case a case-scoped route names, as the guard read it: the handler reuses it (one read, not two). */
    caseHead?: CaseHead;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k !== name) continue;
    try {
      return decodeURIComponent(v.join('='));
    } catch {
      return undefined; // not percent-encoding: no cookie we ever set, so no session
    }
  }
  return undefined;
}

async function authenticate(
  request: FastifyRequest,
  store: IdentityStore,
  access: Access | undefined,
): Promise<Identity | undefined> {
  const auth = request.headers.authorization;
  if (auth) {
    const match = /^Bearer\s+(jv_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43})$/.exec(auth);
    const identity = match ? await store.byToken(match[1]) : undefined;
    if (!identity) throw new ApiError(401, 'unauthenticated', 'the API token is not valid, expired or revoked');
    return identity;
  }
  const secret = cookieValue(request, SESSION_COOKIE);
  if (!secret) return undefined;
  const session = await store.bySession(secret);
  if (!session) throw new ApiError(401, 'unauthenticated', 'your session has ended; sign in again');
  if (UNSAFE.has(request.method) && access?.csrf !== 'origin-checked') {
    const csrf = request.headers[CSRF_HEADER];
    if (typeof csrf !== 'string' || !sameHash(sha256(csrf), session.csrfHash)) {
      throw new ApiError(403, 'forbidden', `missing or wrong ${CSRF_HEADER} header`);
    }
  }
  const { csrfHash: _csrf, ...identity } = session;
  return identity;
}

export interface RouteEntry {
  method: string;
  url: string;
  access?: Access;
  /** The route's params and querystring schemas (the matrix test fills them with other districts). */
  schema?: { params?: unknown; querystring?: unknown };
  /** Served without a rule: one of the documentation plugin's own routes. */
  open?: boolean;
}

/** The columns of a case the guard and the case routes' handlers need: never the sealed snapshot. */
export const CASE_HEAD = {
  id: cases.id,
  districtCode: cases.districtCode,
  stage: cases.stage,
  openedAt: cases.openedAt,
  drill: cases.drill,
  erasedAt: cases.erasedAt,
  workflowStartedAt: cases.workflowStartedAt,
};
export type CaseHead = { [K in keyof typeof CASE_HEAD]: (typeof cases.$inferSelect)[K] };

/** Where api/app.ts mounts the OpenAPI document and its UI. */
export const DOCS_PREFIX = '/docs';
const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/** Every route of an app with its access rule, as registered (the authorization matrix test reads it). */
export function routeTable(app: FastifyInstance): RouteEntry[] {
  return tables.get(app) ?? [];
}

export function installGuard(app: FastifyInstance, deps: { db: Db; identities: IdentityStore }) {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  const openUrls = new Set<string>();
  app.addHook('onRoute', (route) => {
    // Only routes the documentation plugin registers under its prefix; a route of ours that
    // merely starts with "/docs" (say /docs-export) is closed like any other without a rule.
    const open =
      !route.config?.access &&
      route.prefix === DOCS_PREFIX &&
      (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`));
    if (open) openUrls.add(route.url);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        table.push({
          method,
          url: route.url,
          access: route.config?.access,
          schema: route.schema as RouteEntry['schema'],
          open,
        });
    }
  });
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (!access) {
      // Docs and the not-found handler need no rule. Any other route without one is closed to
      // everyone (and the authorization matrix test fails until it declares one).
      const url = request.routeOptions.url;
      if (url === undefined || openUrls.has(url)) return;
      throw new ApiError(
        403,
        'forbidden',
        'this route declares no access rule: add config: { access } (api/auth/access.ts)',
      );
    }
    // A network route's caller is a peer Jeevan, proven by its signature once the body is read.
    if (access.peer) return;
    const identity = await authenticate(request, deps.identities, access);
    request.identity = identity;
    if (access.roles.length === 0) return;
    if (!identity)
      throw new ApiError(401, 'unauthenticated', 'sign in, or send an API token (Authorization: Bearer …)');
    const role = actingRole(identity, access);
    if (!role) throw new ApiError(403, 'forbidden', `this needs one of the roles: ${access.roles.join(', ')}`);
    request.actingRole = role;
    if (access.scope === 'case') {
      const id = (request.params as { id?: string }).id;
      if (typeof id !== 'string' || !isCaseId(id)) return; // validation answers 400
      const [row] = await deps.db.select(CASE_HEAD).from(cases).where(eq(cases.id, id));
      if (row && !mayReachDistrict(identity, role, row.districtCode))
        throw new ApiError(404, 'not_found', `no case ${id}`);
      if (row) request.caseHead = row;
    }
  });
}
