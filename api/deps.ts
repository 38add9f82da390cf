// Builds the API's dependencies from live connections; server.ts and the tests share it.
import type { Client } from '@temporalio/client';
import type { EscalationPolicy } from '../contract/policy.js';
import type { Db } from '../db/client.js';
import { caseClient } from '../lib/case-client.js';
import type { AppDeps } from './app.js';
import { identityStore } from './auth/identity-store.js';
import { readinessChecks } from './checks.js';
import { createIntake } from './intake/intake-service.js';
import { createMetrics } from './metrics.js';

export interface ApiDepsInput {
  db: Db;
  client: Client;
  taskQueue: string;
  identityKey: Buffer;
  policy: () => EscalationPolicy | Promise<EscalationPolicy>;
  log: (event: string, fields: Record<string, unknown>) => void;
  /** How long the API waits for a worker to answer a step. */
  stepTimeoutMs?: number;
  /** How long intake waits to hand a new case to Temporal before answering 202 (queued). */
  handOverTimeoutMs?: number;
  /** Send the session cookie only over HTTPS (false only for plain-HTTP local development). */
  cookieSecure?: boolean;
  rateLimitPerMinute?: number;
}

export function createApiDeps(input: ApiDepsInput): AppDeps {
  const cases = caseClient(input.client, { taskQueue: input.taskQueue, stepTimeoutMs: input.stepTimeoutMs });
  return {
    db: input.db,
    cases,
    intake: createIntake({ db: input.db, identityKey: input.identityKey, policy: input.policy }),
    // The first hand-over to Temporal is attempted while the client waits: keep it short.
    outbox: { db: input.db, cases, log: input.log, timeoutMs: input.handOverTimeoutMs ?? 3000 },
    checks: readinessChecks(input.db, input.client, input.taskQueue),
    metrics: createMetrics(input.db),
    auth: { identities: identityStore(input.db), cookieSecure: input.cookieSecure ?? true, rateLimitPerMinute: input.rateLimitPerMinute ?? 600 },
  };
}
