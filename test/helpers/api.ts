import { randomBytes } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { type App, buildApp } from '../../api/app.js';
import { createUser, issueToken } from '../../api/auth/user-admin.js';
import type { AppDeps } from '../../api/deps.js';
import { createApiDeps } from '../../api/deps.js';
import type { PeerConfig } from '../../config/peers.js';
import type { AlertIntake } from '../../contract/alert.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import type { WebhookEvent } from '../../contract/webhook-events.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { districtsOf } from '../../domain/districts.js';
import { profileOf } from '../../domain/profiles/index.js';

const DISTRICTS = districtsOf('UP');

import type { Logger } from '../../lib/log/logger.js';
import { policyProvider } from '../../lib/stores/policy-store.js';
import { createTestEnv, type TestEnv, type TestEnvOptions } from './env.js';

export interface ApiTestEnv extends TestEnv {
  /** The app; a request without an Authorization header acts as an HQ user (operator, supervisor, auditor, admin). */
  app: App;
  deps: AppDeps;
  identityKey: Buffer;
  /** The Authorization header of a test user who has exactly this role (district roles cover every district). */
  as(role: string): Record<string, string>;
  /** Headers of no one: the request is unauthenticated. */
  anonymous: Record<string, string>;
}

export const TEST_ROLES = [
  'smc_operator',
  'smc_supervisor',
  'district_officer',
  'senior_officer',
  'auditor',
  'admin',
] as const;
export const TEST_PASSWORD = 'correct-horse-battery-staple';
/** Temporal UI's origin as the test apps know it (the one origin the codec endpoint serves). */
export const TEST_UI_URL = 'http://localhost:8233';

/** `policy: 'database'`: intake copies the policy published in the test's database, as in production. */
export interface ApiTestEnvOptions extends Omit<TestEnvOptions, 'policy' | 'maxCachedWorkflows'> {
  policy?: EscalationPolicy | 'database';
  stepTimeoutMs?: number;
  /** The app's pino logger (default: none). */
  logger?: Logger;
  /** Mark the session cookie Secure (default true, as in production; browser tests on plain http pass false). */
  cookieSecure?: boolean;
  /** Temporal UI's address, the one origin the codec endpoint serves (default TEST_UI_URL). */
  temporalUiUrl?: string;
  /** Requests per minute per caller (default the API's own, 600); the contract fuzz raises it. */
  rateLimitPerMinute?: number;
  /** WEBHOOK_EVENTS as the API copies them into each new case (default none: no webhook). */
  webhookEvents?: WebhookEvent[];
  /** JEEVAN_STATE and JEEVAN_PEERS as the API takes them (default UP, no peers). */
  stateCode?: string;
  peers?: PeerConfig[];
}

export async function createApiTestEnv(opts: ApiTestEnvOptions = {}): Promise<ApiTestEnv> {
  const fromDb = opts.policy === 'database';
  const policy = opts.policy === 'database' || !opts.policy ? scaledPolicy(60_000) : opts.policy;
  const {
    policy: _,
    stepTimeoutMs: __,
    logger,
    cookieSecure,
    temporalUiUrl,
    rateLimitPerMinute,
    webhookEvents,
    stateCode,
    peers,
    ...envOpts
  } = opts;
  const env = await createTestEnv({ ...envOpts, policy, stateCode });
  const identityKey = randomBytes(32);
  const deps = createApiDeps({
    db: env.db.db,
    client: env.client,
    taskQueue: env.taskQueue,
    identityKey,
    keyring: env.keyring,
    temporalUiUrl: temporalUiUrl ?? TEST_UI_URL,
    policy: fromDb ? policyProvider(env.db.db) : () => policy,
    log: opts.log ?? (() => {}),
    stepTimeoutMs: opts.stepTimeoutMs ?? 30_000,
    handOverTimeoutMs: 20_000,
    cookieSecure,
    rateLimitPerMinute,
    webhookEvents,
    profile: stateCode ? profileOf(stateCode) : undefined,
    peers,
  });
  const app = await buildApp(deps, { logger });
  await app.ready();

  const everywhere = DISTRICTS.map((d) => d.code);
  const tokens: Record<string, string> = {};
  for (const role of [...TEST_ROLES, 'hq'] as const) {
    const roles = role === 'hq' ? ['smc_supervisor', 'smc_operator', 'auditor', 'admin'] : [role];
    const scoped = role === 'district_officer' || role === 'senior_officer';
    const user = await createUser(deps, {
      username: `t-${role.replaceAll('_', '-')}`,
      displayName: role,
      password: TEST_PASSWORD,
      roles,
      districts: scoped ? everywhere : [],
    });
    tokens[role] = (await issueToken(deps, user.id, 'test', 1)).token;
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const rawInject = app.inject.bind(app) as (o: InjectOptions) => ReturnType<App['inject']>;
  // Tests that are not about who acts get an HQ identity; tests that are pass their own headers.
  (app as unknown as { inject: (o: InjectOptions) => unknown }).inject = (o: InjectOptions) => {
    const headers = (o.headers ?? {}) as Record<string, string>;
    return rawInject({
      ...o,
      headers: 'authorization' in headers || 'cookie' in headers ? headers : { ...bearer(tokens.hq), ...headers },
    });
  };

  const close = env.close;
  return Object.assign(env, {
    app,
    deps,
    identityKey,
    as: (role: string) => bearer(tokens[role] ?? 'unknown-role'),
    anonymous: { authorization: '' },
    close: async () => {
      await app.close();
      await close();
    },
  });
}

let refCounter = 0;
/** A plausible phone alert with unique reference, phone and handle. */
export function sampleAlert(overrides: Partial<AlertIntake> = {}): AlertIntake {
  refCounter += 1;
  const n = `${process.pid}${refCounter}${randomBytes(2).readUInt16BE(0)}`.slice(-8).padStart(8, '0');
  return {
    sourceRef: `LR-TEST-${randomBytes(4).toString('hex')}-${refCounter}`,
    channel: 'phone',
    platform: 'instagram',
    contentKind: 'post',
    handle: `@user_${n}`,
    phone: `+91 9${n.slice(0, 4)} ${n.slice(4)}0`,
    description: 'Post says goodbye',
    ...overrides,
  };
}

/** A user with these roles and an API token for them, in any Jeevan database; returns the Authorization header. */
export async function tokenFor(
  deps: Pick<AppDeps, 'db'>,
  roles: string[],
  districts: string[] = [],
): Promise<Record<string, string>> {
  const user = await createUser(deps, {
    username: `u-${randomBytes(4).toString('hex')}`,
    displayName: roles.join('+'),
    password: TEST_PASSWORD,
    roles,
    districts,
  });
  return { authorization: `Bearer ${(await issueToken(deps, user.id, 'test', 1)).token}` };
}
