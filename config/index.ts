import { resolve } from 'node:path';
import type { WebhookEvent } from '../contract/webhook-events.js';
import type { StateProfile } from '../domain/profiles/index.js';
import { ConfigError, type Env, reader } from './env.js';
import { type IntakeSmtpConfig, readIntakeSmtpConfig } from './intake-smtp.js';
import { type PeerConfig, readPeers } from './peers.js';
import { refusePublished } from './published-secrets.js';
import { readStateProfile } from './state-code.js';
import { readWebhookConfig, readWebhookEvents, type WebhookConfig } from './webhook.js';

export { ConfigError } from './env.js';
export type { PeerConfig } from './peers.js';
export type { WebhookConfig } from './webhook.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /**
   * CODEC_ACCEPT_LEGACY_PAYLOADS: let unencrypted payloads through the codec (lib/temporal/codec.ts); off by default.
   */
  acceptLegacyPayloads: boolean;
}

export interface CommonConfig {
  databaseUrl: string;
  temporal: TemporalConfig;
  logLevel: LogLevel;
  /** Base URL of the API as people reach it; e-mails link to cases under it. */
  publicUrl: string;
  /** AUDIT_CHAIN_KEY: the HMAC key of the audit log's chain (lib/stores/audit-chain.ts). */
  auditChainKey: Buffer;
  /** JEEVAN_STATE: the state's profile (domain/profiles/<code>/): its districts, names, titles, languages. */
  profile: StateProfile;
  /** JEEVAN_PEERS: the other states' Jeevans (config/peers.ts, docs/network.md); empty: none. */
  peers: PeerConfig[];
}

/** Encryption keys by ID; `current` encrypts, all decrypt (so keys can be rotated). */
export interface Keyring {
  current: string;
  keys: Map<string, Buffer>;
}

export interface WorkerConfig extends CommonConfig {
  smtpUrl: string;
  /** SMTP_REQUIRE_TLS: refuse to send unless the relay upgrades the connection with STARTTLS. */
  smtpRequireTls: boolean;
  mailFrom: string;
  maxCachedWorkflows: number;
  maxConcurrentActivities: number;
  maxConcurrentWorkflowTasks: number;
  /** Encrypts Temporal payloads (lib/temporal/codec.ts). */
  keyring: Keyring;
  /** Personal fields of cases closed longer than this are erased by the daily retention Schedule. */
  retentionDays: number;
  /** A case open longer than this many days is reported to the SMC supervisor by the daily run. */
  openCaseReportDays: number;
  /** RECONCILE_INTERVAL_MINUTES: how often the reconcile Schedule looks for case workflows stopped from outside. */
  reconcileIntervalMinutes: number;
  /** The outbound webhook (config/webhook.ts, docs/webhooks.md); unset: off. */
  webhook?: WebhookConfig;
}

export interface ApiConfig extends CommonConfig {
  host: string;
  port: number;
  temporalUiUrl: string;
  /** Inbound SMTP listener for alert e-mails (config/intake-smtp.ts); off unless a port is set. */
  intakeSmtp?: IntakeSmtpConfig;
  outboxIntervalMs: number;
  /** Key of the HMAC that turns phone numbers, accounts and e-mails into matchable hashes. */
  identityKey: Buffer;
  /** Requests per minute one identity (or, unauthenticated, one address) may make. */
  rateLimitPerMinute: number;
  /** Before the guard, per client address: all requests, and unauthenticated refusals (api/auth/address-limiter.ts). */
  addressLimits: { perMinute: number; refusalsPerMinute: number };
  /** TRUST_PROXY: false, true, or the proxies' addresses/CIDRs (comma-separated) whose X-Forwarded-For is believed. */
  trustProxy: boolean | string;
  /** Encrypts Temporal payloads (lib/temporal/codec.ts) and serves the codec endpoint for Temporal's UI. */
  keyring: Keyring;
  /** WEBHOOK_URL and WEBHOOK_EVENTS: the events each new case sends to the webhook (none when unset). */
  webhookEvents: WebhookEvent[];
}

/** What `npm start` and `npm test` need to bring the local system up. */
export interface DevConfig {
  dataDir: string;
  /** Set: use that database. Unset: start an embedded PostgreSQL under dataDir. */
  databaseUrl?: string;
  embeddedPgPort: number;
  /** Set: use that Temporal server. Unset: start a dev server under dataDir. */
  temporalAddress?: string;
  temporalPort: number;
  temporalUiPort: number;
  temporalCliPath?: string;
  /** Set: deliver mail there. Unset: start the local mail sink. */
  smtpUrl?: string;
  mailSinkSmtpPort: number;
  mailSinkHttpPort: number;
  /** The API's alert e-mail listener under `npm start` (INTAKE_SMTP_PORT, on by default there). */
  intakeSmtpPort: number;
  apiHost: string;
  apiPort: number;
}

/** `npm start`'s alert e-mail port: its own, beside the mail sink's 2525 (escalations go out there). */
export const DEV_INTAKE_SMTP_PORT = 2526;

const DB_EXAMPLE = 'postgres://user:password@localhost:5432/jeevan';
const SMTP_EXAMPLE = 'smtp://localhost:2525';

/**
 * ENCRYPTION_KEYS: `id:key[,id:key…]`, each key 32 bytes as base64 or hex; the first encrypts.
 * Used for Temporal payloads (codec) and personal fields in PostgreSQL.
 */
export function readKeyring(env: Env = process.env): Keyring {
  const raw = reader(env).optional('ENCRYPTION_KEYS');
  const example = 'e.g. ENCRYPTION_KEYS=k2026a:$(openssl rand -base64 32)';
  if (!raw)
    throw new ConfigError(
      'ENCRYPTION_KEYS',
      `is required: id:key pairs separated by commas, the first encrypts (${example})`,
    );
  const keys = new Map<string, Buffer>();
  for (const part of raw.split(',')) {
    const [id, value, ...rest] = part.trim().split(':');
    if (!id || !/^[A-Za-z0-9_-]{1,20}$/.test(id) || !value || rest.length > 0) {
      throw new ConfigError(
        'ENCRYPTION_KEYS',
        `must be id:key pairs separated by commas; ids are 1-20 letters, digits, - or _ (${example})`,
      );
    }
    const key = secretKey(value, 'ENCRYPTION_KEYS');
    if (key.length !== 32) throw new ConfigError('ENCRYPTION_KEYS', `key ${id} must be exactly 32 bytes (AES-256)`);
    if (keys.has(id)) throw new ConfigError('ENCRYPTION_KEYS', `key id ${id} appears twice`);
    keys.set(id, key);
  }
  return { current: [...keys.keys()][0], keys };
}

function common(env: Env): Omit<CommonConfig, 'auditChainKey'> {
  const profile = readStateProfile(env);
  const peers = readPeers(env);
  const r = reader(env);
  const databaseUrl = urlWithOwnPassword('DATABASE_URL', r.url('DATABASE_URL', ['postgres', 'postgresql'], DB_EXAMPLE));
  if (!databaseUrl) throw new ConfigError('DATABASE_URL', `is required, e.g. ${DB_EXAMPLE}`);
  const port = r.port('API_PORT', 3000);
  return {
    peers,
    databaseUrl,
    profile,
    temporal: {
      address: r.hostPort('TEMPORAL_ADDRESS') ?? 'localhost:7233',
      namespace: r.string('TEMPORAL_NAMESPACE', 'default'),
      taskQueue: r.string('TEMPORAL_TASK_QUEUE', 'jeevan-cases'),
      acceptLegacyPayloads: r.bool('CODEC_ACCEPT_LEGACY_PAYLOADS', false),
    },
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    publicUrl: (
      r.url('PUBLIC_URL', ['http', 'https'], 'https://jeevan.example.org') ?? `http://localhost:${port}`
    ).replace(/\/$/, ''),
  };
}

export function readWorkerConfig(env: Env = process.env): WorkerConfig {
  const r = reader(env);
  const smtpUrl = urlWithOwnPassword('SMTP_URL', r.url('SMTP_URL', ['smtp', 'smtps'], SMTP_EXAMPLE));
  if (!smtpUrl) throw new ConfigError('SMTP_URL', `is required, e.g. ${SMTP_EXAMPLE}`);
  return {
    ...common(env),
    smtpUrl,
    smtpRequireTls: r.bool('SMTP_REQUIRE_TLS', false),
    mailFrom: r.string('MAIL_FROM', 'Jeevan SMC <jeevan@smc.example.org>'),
    maxCachedWorkflows: r.int('WORKER_MAX_CACHED_WORKFLOWS', 1000, 0, 1_000_000),
    maxConcurrentActivities: r.int('WORKER_MAX_CONCURRENT_ACTIVITIES', 100, 1, 10_000),
    maxConcurrentWorkflowTasks: r.int('WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', 40, 2, 10_000),
    keyring: readKeyring(env),
    retentionDays: r.int('RETENTION_DAYS', 365, 1, 36_500),
    openCaseReportDays: r.int('OPEN_CASE_REPORT_DAYS', 90, 1, 36_500),
    reconcileIntervalMinutes: r.int('RECONCILE_INTERVAL_MINUTES', 5, 1, 1440),
    auditChainKey: readAuditChainKey(env),
    webhook: readWebhookConfig(env),
  };
}

export function readApiConfig(env: Env = process.env): ApiConfig {
  const r = reader(env);
  return {
    ...common(env),
    host: r.string('API_HOST', '127.0.0.1'),
    port: r.port('API_PORT', 3000),
    temporalUiUrl: (
      r.url('TEMPORAL_UI_URL', ['http', 'https'], 'http://localhost:8233') ?? 'http://localhost:8233'
    ).replace(/\/$/, ''),
    intakeSmtp: readIntakeSmtpConfig(env),
    outboxIntervalMs: r.int('OUTBOX_INTERVAL_MS', 2000, 100, 600_000),
    identityKey: secretKey(r.optional('IDENTITY_HASH_KEY'), 'IDENTITY_HASH_KEY'),
    rateLimitPerMinute: r.int('RATE_LIMIT_PER_MINUTE', 600, 10, 1_000_000),
    addressLimits: {
      perMinute: r.int('RATE_LIMIT_PER_ADDRESS_PER_MINUTE', 6000, 10, 10_000_000),
      refusalsPerMinute: r.int('RATE_LIMIT_REFUSALS_PER_MINUTE', 30, 1, 1_000_000),
    },
    trustProxy: trustProxyOf(r.optional('TRUST_PROXY')),
    keyring: readKeyring(env),
    auditChainKey: readAuditChainKey(env),
    webhookEvents: readWebhookEvents(env),
  };
}

/** TRUST_PROXY: true/false, or comma-separated IP addresses or CIDRs of the proxies in front of the API. */
function trustProxyOf(value: string | undefined): boolean | string {
  if (value === undefined || /^(false|no|off|0)$/i.test(value)) return false;
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (!value.split(',').every((part) => /^[0-9A-Fa-f.:]+(\/\d{1,3})?$/.test(part.trim())))
    throw new ConfigError(
      'TRUST_PROXY',
      'must be false, true, or comma-separated IP addresses or CIDRs of the proxies in front of the API (e.g. 10.0.0.5,10.1.0.0/16)',
    );
  return value;
}

/**
 * A secret key of exactly 32 bytes, written canonically: 64 hex digits, or base64 that
 * round-trips (44 characters ending in one `=`). Lenient base64 would take any long
 * passphrase as a key. A value published in the repository is refused by name. Never echoed.
 */
export function secretKey(value: string | undefined, name: string): Buffer {
  const hint = 'must be 32 random bytes as 64 hex digits or base64 (generate one with `openssl rand -base64 32`)';
  if (!value) throw new ConfigError(name, `is required: it ${hint}`);
  refusePublished(name, value);
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32 || key.toString('base64') !== value) throw new ConfigError(name, hint);
  return key;
}

/** A database or SMTP URL whose password is a published example is refused like a key. */
function urlWithOwnPassword(name: string, url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const password = decodeURIComponent(new URL(url).password);
  if (password) refusePublished(name, password, 'password');
  return url;
}

/** Only DATABASE_URL: what the migrate command needs. */
export function readDatabaseUrl(env: Env = process.env): string {
  const url = urlWithOwnPassword(
    'DATABASE_URL',
    reader(env).url('DATABASE_URL', ['postgres', 'postgresql'], DB_EXAMPLE),
  );
  if (!url) throw new ConfigError('DATABASE_URL', `is required, e.g. ${DB_EXAMPLE}`);
  return url;
}

/** AUDIT_CHAIN_KEY: required, no default (`npm start` generates a local one). */
export function readAuditChainKey(env: Env = process.env): Buffer {
  return secretKey(reader(env).optional('AUDIT_CHAIN_KEY'), 'AUDIT_CHAIN_KEY');
}

/** MIGRATION_DATABASE_URL: the database owner's URL, for the migrate command (unset: DATABASE_URL). */
export function readMigrationDatabaseUrl(env: Env = process.env): string | undefined {
  return urlWithOwnPassword(
    'MIGRATION_DATABASE_URL',
    reader(env).url('MIGRATION_DATABASE_URL', ['postgres', 'postgresql'], DB_EXAMPLE),
  );
}

export function readDevConfig(env: Env = process.env, cwd = process.cwd()): DevConfig {
  const r = reader(env);
  return {
    dataDir: resolve(cwd, r.string('JEEVAN_DATA_DIR', 'data')),
    databaseUrl: urlWithOwnPassword('DATABASE_URL', r.url('DATABASE_URL', ['postgres', 'postgresql'], DB_EXAMPLE)),
    embeddedPgPort: r.port('EMBEDDED_PG_PORT', 54329),
    temporalAddress: r.hostPort('TEMPORAL_ADDRESS'),
    temporalPort: r.port('TEMPORAL_DEV_PORT', 7233),
    temporalUiPort: r.port('TEMPORAL_UI_PORT', 8233),
    temporalCliPath: r.optional('TEMPORAL_CLI_PATH'),
    smtpUrl: urlWithOwnPassword('SMTP_URL', r.url('SMTP_URL', ['smtp', 'smtps'], SMTP_EXAMPLE)),
    mailSinkSmtpPort: r.port('MAIL_SINK_SMTP_PORT', 2525),
    mailSinkHttpPort: r.port('MAIL_SINK_HTTP_PORT', 8025),
    intakeSmtpPort: r.port('INTAKE_SMTP_PORT', DEV_INTAKE_SMTP_PORT),
    apiHost: r.string('API_HOST', '127.0.0.1'),
    apiPort: r.port('API_PORT', 3000),
  };
}

/** Run a program's start, turning a ConfigError into one line on stderr and exit code 2. */
export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
