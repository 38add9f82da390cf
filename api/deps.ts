// Builds the API's dependencies from live connections; server.ts and the tests share it.
import type { Client } from '@temporalio/client';
import type { Keyring } from '../config/index.js';
import type { EscalationPolicy } from '../contract/policy.js';
import type { Db } from '../db/client.js';
import { caseClient } from '../lib/case-client.js';
import { EncryptionCodec } from '../lib/codec.js';
import { createFieldCrypto } from '../lib/field-crypto.js';
import type { AppDeps } from './app.js';
import { identityStore } from './auth/identity-store.js';
import { signInLimiter } from './auth/sign-in-limiter.js';
import { readinessChecks } from './checks.js';
import { createIntake } from './intake/intake-service.js';
import { createCaseFeed } from './live/case-feed.js';
import { createMetrics } from './metrics.js';

export interface ApiDepsInput {
  db: Db;
  client: Client;
  taskQueue: string;
  identityKey: Buffer;
  /** ENCRYPTION_KEYS: personal fields in PostgreSQL are sealed with a sub-key of it (lib/field-crypto.ts). */
  keyring: Keyring;
  policy: () => EscalationPolicy | Promise<EscalationPolicy>;
  log: (event: string, fields: Record<string, unknown>) => void;
  /** How long the API waits for a worker to answer a step. */
  stepTimeoutMs?: number;
  /** How long intake waits to hand a new case to Temporal before answering 202 (queued). */
  handOverTimeoutMs?: number;
  /** Send the session cookie only over HTTPS (false only for plain-HTTP local development). */
  cookieSecure?: boolean;
  rateLimitPerMinute?: number;
  addressLimits?: AppDeps['auth']['addressLimits'];
  trustProxy?: AppDeps['auth']['trustProxy'];
  /** Temporal UI as browsers reach it: the one origin allowed to call the codec endpoint. Unset: no browser may. */
  temporalUiUrl?: string;
}

export function createApiDeps(input: ApiDepsInput): AppDeps {
  const cases = caseClient(input.client, { taskQueue: input.taskQueue, stepTimeoutMs: input.stepTimeoutMs });
  const fields = createFieldCrypto(input.keyring);
  return {
    db: input.db,
    fields,
    cases,
    intake: createIntake({ db: input.db, fields, identityKey: input.identityKey, policy: input.policy }),
    // The first hand-over to Temporal is attempted while the client waits: keep it short.
    outbox: { db: input.db, fields, cases, log: input.log, timeoutMs: input.handOverTimeoutMs ?? 3000 },
    checks: readinessChecks(input.db, input.client, input.taskQueue),
    metrics: createMetrics(input.db),
    // The endpoint only shows payloads (it never hands one to a workflow): plaintext is shown as it is.
    codec: {
      codec: new EncryptionCodec(input.keyring, { plaintext: 'accept' }),
      uiOrigin: input.temporalUiUrl ? new URL(input.temporalUiUrl).origin : undefined,
    },
    auth: {
      identities: identityStore(input.db),
      cookieSecure: input.cookieSecure ?? true,
      rateLimitPerMinute: input.rateLimitPerMinute ?? 600,
      addressLimits: input.addressLimits,
      trustProxy: input.trustProxy,
      signIns: signInLimiter(),
    },
    // Connects on start() (server.ts at launch, or the first GET /events); app.close() closes it.
    caseFeed: createCaseFeed(input.db.$client, { log: input.log }),
    consoleSettings: { temporalUiUrl: input.temporalUiUrl?.replace(/\/$/, '') ?? null, temporalNamespace: input.client.options.namespace },
  };
}
