// What the API's routes need (AppDeps), and how to build it from live connections; server.ts
// and the tests share it. Routes import the type from here, never from app.ts, which imports them.
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Keyring, PeerConfig } from '../config/index.js';
import { readStateProfile } from '../config/state-code.js';
import type { EscalationPolicy } from '../contract/policy.js';
import type { WebhookEvent } from '../contract/webhook-events.js';
import type { Db } from '../db/client.js';
import type { StateProfile } from '../domain/profiles/index.js';
import { createFieldCrypto, type FieldCrypto } from '../lib/crypto/field-crypto.js';
import { type CaseClient, caseClient } from '../lib/temporal/case-client.js';
import { EncryptionCodec } from '../lib/temporal/codec.js';
import type { AddressLimits } from './auth/address-limiter.js';
import { type IdentityStore, identityStore } from './auth/identity-store.js';
import { type SignInLimiter, signInLimiter } from './auth/sign-in-limiter.js';
import { type Checks, readinessChecks } from './checks.js';
import { createIntake, type Intake } from './intake/intake-service.js';
import type { OutboxDeps } from './intake/outbox.js';
import { type CaseFeed, createCaseFeed } from './live/case-feed.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createTransferIntake, type TransferIntake } from './network/receive.js';

export interface AppDeps {
  db: Db;
  /** Seals and opens personal fields in PostgreSQL (lib/crypto/field-crypto.ts). */
  fields: FieldCrypto;
  cases: CaseClient;
  intake: Intake;
  outbox: OutboxDeps;
  checks: Checks;
  metrics: Metrics;
  auth: {
    identities: IdentityStore;
    cookieSecure: boolean;
    /** Requests per minute one identity (or, unauthenticated, one address) may make, after the guard. */
    rateLimitPerMinute: number;
    /** Per address, before the guard, so refusals count (api/auth/address-limiter.ts). */
    addressLimits?: AddressLimits;
    /** TRUST_PROXY: the proxies whose X-Forwarded-For gives the client's address (Fastify's trustProxy). */
    trustProxy?: string | boolean;
    /** Sign-in back-off per (address, username) (api/auth/sign-in-limiter.ts). */
    signIns: SignInLimiter;
  };
  /** Temporal's payload codec, served to Temporal UI for decoding only (api/routes/codec.ts). */
  codec: { codec: Pick<PayloadCodec, 'decode'>; uiOrigin?: string };
  /** Case changes from PostgreSQL (LISTEN), fanned out as the console's live updates (GET /events). */
  caseFeed: CaseFeed;
  /** GET /console/settings: where the case page links to a workflow in Temporal's UI. */
  consoleSettings: { temporalUiUrl: string | null; temporalNamespace: string };
  /** The built console (console/dist by default). */
  consoleDir?: string;
  /** JEEVAN_STATE: the instance's state profile (its districts, names, default policy). */
  profile: StateProfile;
  /** The network of Jeevans (docs/network.md): this state, its peers, and the intake of their packets. */
  network: { peers: readonly PeerConfig[]; receive: TransferIntake };
}

export interface ApiDepsInput {
  db: Db;
  client: Client;
  taskQueue: string;
  identityKey: Buffer;
  /** ENCRYPTION_KEYS: personal fields in PostgreSQL are sealed with a sub-key of it (lib/crypto/field-crypto.ts). */
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
  /** WEBHOOK_URL and WEBHOOK_EVENTS: the events each new case sends to the outbound webhook (default none). */
  webhookEvents?: readonly WebhookEvent[];
  /** The instance's state profile (default: JEEVAN_STATE). */
  profile?: StateProfile;
  /** JEEVAN_PEERS: the other states' Jeevans whose signed requests the network routes take (default none). */
  peers?: readonly PeerConfig[];
}

export function createApiDeps(input: ApiDepsInput): AppDeps {
  const cases = caseClient(input.client, { taskQueue: input.taskQueue, stepTimeoutMs: input.stepTimeoutMs });
  const fields = createFieldCrypto(input.keyring);
  const profile = input.profile ?? readStateProfile();
  return {
    db: input.db,
    profile,
    fields,
    cases,
    intake: createIntake({
      db: input.db,
      fields,
      identityKey: input.identityKey,
      policy: input.policy,
      webhookEvents: input.webhookEvents,
      profile,
    }),
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
    network: {
      peers: input.peers ?? [],
      receive: createTransferIntake({
        db: input.db,
        fields,
        profile,
        policy: input.policy,
        webhookEvents: input.webhookEvents,
      }),
    },
    consoleSettings: {
      temporalUiUrl: input.temporalUiUrl?.replace(/\/$/, '') ?? null,
      temporalNamespace: input.client.options.namespace,
    },
  };
}
