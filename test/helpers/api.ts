import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../../api/app.js';
import { type App, buildApp } from '../../api/app.js';
import { createApiDeps } from '../../api/deps.js';
import type { AlertIntake } from '../../contract/alert.js';
import type { EscalationPolicy } from '../../contract/policy.js';
import { createTestEnv, type TestEnv } from './env.js';
import { scaledPolicy } from './policy.js';

export interface ApiTestEnv extends TestEnv {
  app: App;
  deps: AppDeps;
  identityKey: Buffer;
  /** Headers of a signed-in person (until issue 5's sessions: the actor headers). */
  as(role: string, id?: string): Record<string, string>;
}

export async function createApiTestEnv(opts: { policy?: EscalationPolicy; stepTimeoutMs?: number } = {}): Promise<ApiTestEnv> {
  const policy = opts.policy ?? scaledPolicy(60_000);
  const env = await createTestEnv({ policy });
  const identityKey = randomBytes(32);
  const deps = createApiDeps({
    db: env.db.db,
    client: env.client,
    taskQueue: env.taskQueue,
    identityKey,
    policy: () => policy,
    log: () => {},
    stepTimeoutMs: opts.stepTimeoutMs,
  });
  const app = await buildApp(deps);
  await app.ready();
  const close = env.close;
  return Object.assign(env, {
    app,
    deps,
    identityKey,
    as: (role: string, id = `${role}-1`) => ({ 'x-jeevan-actor': id, 'x-jeevan-role': role }),
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
