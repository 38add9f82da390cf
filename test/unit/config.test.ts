// The configuration readers: a malformed value stops the program with one line that names
// the variable and never repeats a secret; a missing optional value takes its default.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ConfigError as ConfigErrorType, reader } from '../../config/env.js';
import {
  ConfigError,
  exitOnConfigError,
  readApiConfig,
  readDatabaseUrl,
  readDevConfig,
  readWorkerConfig,
  secretKey,
} from '../../config/index.js';
import { DEFAULT_TASK_QUEUE } from '../../contract/ids.js';
import { UP } from '../../domain/profiles/UP/profile.js';

const SECRET = 'Canary-s3cret-pw';
const KEY = 'a'.repeat(64); // 32 bytes as hex
const DB = `postgres://jeevan:${SECRET}@db.internal:5432/jeevan`;
const KEYS = `k1:${KEY}`;
const worker = (env: Record<string, string>) =>
  readWorkerConfig({
    DATABASE_URL: DB,
    SMTP_URL: 'smtp://localhost:2525',
    ENCRYPTION_KEYS: KEYS,
    AUDIT_CHAIN_KEY: KEY,
    ...env,
  });
const api = (env: Record<string, string>) =>
  readApiConfig({ DATABASE_URL: DB, IDENTITY_HASH_KEY: KEY, ENCRYPTION_KEYS: KEYS, AUDIT_CHAIN_KEY: KEY, ...env });
/** The API with the intake listener on: its allow-list of senders is then required. */
const intake = (env: Record<string, string>) =>
  api({ INTAKE_SMTP_PORT: '2525', INTAKE_SMTP_ALLOWED_SENDERS: '@meta.example.org', ...env });
const dev = (env: Record<string, string>) => readDevConfig(env, '/srv/jeevan');
const database = (env: Record<string, string>) => readDatabaseUrl({ DATABASE_URL: DB, ...env });

/** Runs `read` and returns the ConfigError it must throw. */
function configError(read: () => unknown): ConfigErrorType {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigErrorType;
  }
  throw new Error('expected a ConfigError, but the value was accepted');
}

type Reader = (env: Record<string, string>) => unknown;
const BAD: [string, string, Reader[]][] = [
  ['DATABASE_URL', 'not a url', [worker, api, dev, database]],
  ['DATABASE_URL', `mysql://jeevan:${SECRET}@db:3306/jeevan`, [worker, api, dev, database]],
  ['DATABASE_URL', `jeevan:${SECRET}@localhost:5432/jeevan`, [worker, api, dev, database]],
  ['DATABASE_URL', `postgres://jeevan:${SECRET}@/jeevan`, [worker, api, dev, database]],
  ['DATABASE_URL', `postgres://jeevan:${SECRET}@db:99999/jeevan`, [worker, api, database]],
  ['API_PORT', '70000', [worker, api, dev]],
  ['API_PORT', '0', [api, dev]],
  ['API_PORT', 'http', [api]],
  ['API_PORT', '-1', [api]],
  ['API_PORT', '3000.5', [api]],
  ['TEMPORAL_ADDRESS', 'nohost', [worker, api, dev]],
  ['TEMPORAL_ADDRESS', 'localhost:99999', [worker, dev]],
  ['TEMPORAL_ADDRESS', `grpc://temporal:${SECRET}@temporal.internal:7233`, [worker, dev]],
  ['LOG_LEVEL', 'loud', [worker, api]],
  ['LOG_LEVEL', 'info\ndebug', [worker, api]],
  ['PUBLIC_URL', 'ftp://jeevan.example.org', [worker, api]],
  ['PUBLIC_URL', 'jeevan.example.org', [worker]],
  ['TEMPORAL_UI_URL', 'localhost:8233', [api]],
  ['SMTP_URL', `http://mailer:${SECRET}@mail.internal`, [worker, dev]],
  ['SMTP_URL', `smtp://mailer:${SECRET}@`, [worker, dev]],
  ['WORKER_MAX_CACHED_WORKFLOWS', 'lots', [worker]],
  ['WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', '1', [worker]],
  ['RETENTION_DAYS', '0', [worker]],
  ['RETENTION_DAYS', 'a year', [worker]],
  ['RECONCILE_INTERVAL_MINUTES', '0', [worker]],
  ['CODEC_ACCEPT_LEGACY_PAYLOADS', 'maybe', [worker, api]],
  ['WORKER_MAX_CONCURRENT_ACTIVITIES', '0', [worker]],
  ['OUTBOX_INTERVAL_MS', '50', [api]],
  ['INTAKE_SMTP_PORT', '65536', [api]],
  ['INTAKE_SMTP_ALLOWED_SENDERS', '', [intake]],
  ['INTAKE_SMTP_ALLOWED_SENDERS', 'meta', [intake]],
  ['INTAKE_SMTP_ALLOWED_CLIENTS', '10.0.0.0/33', [intake]],
  ['INTAKE_SMTP_ALLOWED_CLIENTS', 'relay.example.org', [intake]],
  ['INTAKE_SMTP_AUTH_PASSWORD', SECRET, [intake]],
  ['INTAKE_SMTP_TLS_CERT_FILE', '/etc/jeevan/cert.pem', [intake]],
  ['INTAKE_SMTP_MAX_CLIENTS', '0', [intake]],
  ['INTAKE_SMTP_MAX_PER_MINUTE', 'many', [intake]],
  ['INTAKE_SMTP_REQUIRE_TLS', 'maybe', [intake]],
  ['IDENTITY_HASH_KEY', 'too-short', [api]],
  ['ENCRYPTION_KEYS', `k1:${SECRET}`, [worker, api]],
  ['ENCRYPTION_KEYS', KEY, [worker, api]],
  ['ENCRYPTION_KEYS', `k 1:${KEY}`, [worker, api]],
  ['ENCRYPTION_KEYS', `k1:${KEY},k1:${KEY}`, [worker, api]],
  ['ENCRYPTION_KEYS', `k1:${'ab'.repeat(48)}`, [worker, api]],
  ['EMBEDDED_PG_PORT', 'five', [dev]],
  ['TEMPORAL_DEV_PORT', '65536', [dev]],
  ['MAIL_SINK_HTTP_PORT', '1e3', [dev]],
];

describe('a malformed value', () => {
  for (const [variable, value, readers] of BAD) {
    it(`${variable}=${JSON.stringify(value)} stops every reader that takes it, naming ${variable} in one line without the secret`, () => {
      for (const read of readers) {
        const error = configError(() => read({ [variable]: value }));
        expect(error.variable).toBe(variable);
        expect(error.message).toMatch(new RegExp(`^Configuration error: ${variable} `));
        expect(error.message).not.toMatch(/[\r\n]/);
        expect(error.message).not.toContain(SECRET);
      }
    });
  }

  it('a boolean must say yes or no', () => {
    const r = (value?: string) => reader({ FLAG: value });
    for (const yes of ['1', 'true', 'YES', ' on ']) expect(r(yes).bool('FLAG', false)).toBe(true);
    for (const no of ['0', 'False', 'no', 'off']) expect(r(no).bool('FLAG', true)).toBe(false);
    expect(r(undefined).bool('FLAG', true)).toBe(true);
    expect(r('').bool('FLAG', false)).toBe(false);
    const error = configError(() => r('maybe').bool('FLAG', false));
    expect(error.message).toMatch(/^Configuration error: FLAG must be true or false/);
  });

  it('a missing required value names the variable and gives an example', () => {
    expect(configError(() => readWorkerConfig({ SMTP_URL: 'smtp://localhost:2525' })).message).toMatch(
      /^Configuration error: DATABASE_URL is required, e\.g\. postgres:\/\//,
    );
    expect(configError(() => readWorkerConfig({ DATABASE_URL: DB })).message).toMatch(
      /^Configuration error: SMTP_URL is required, e\.g\. smtp:\/\//,
    );
    expect(configError(() => readApiConfig({ DATABASE_URL: DB })).variable).toBe('IDENTITY_HASH_KEY');
    expect(configError(() => readApiConfig({ DATABASE_URL: DB, IDENTITY_HASH_KEY: KEY })).variable).toBe(
      'ENCRYPTION_KEYS',
    );
    expect(configError(() => readWorkerConfig({ DATABASE_URL: DB, SMTP_URL: 'smtp://localhost:2525' })).variable).toBe(
      'ENCRYPTION_KEYS',
    );
    expect(configError(() => readDatabaseUrl({ DATABASE_URL: '   ' })).variable).toBe('DATABASE_URL');
    // The audit chain's key has no default: both programs refuse to start without it.
    expect(
      configError(() => readApiConfig({ DATABASE_URL: DB, IDENTITY_HASH_KEY: KEY, ENCRYPTION_KEYS: KEYS })).variable,
    ).toBe('AUDIT_CHAIN_KEY');
    expect(
      configError(() =>
        readWorkerConfig({ DATABASE_URL: DB, SMTP_URL: 'smtp://localhost:2525', ENCRYPTION_KEYS: KEYS }),
      ).variable,
    ).toBe('AUDIT_CHAIN_KEY');
  });

  it('a secret key is never repeated, whatever is wrong with it', () => {
    const error = configError(() => secretKey(SECRET, 'IDENTITY_HASH_KEY'));
    expect(error.message).not.toContain(SECRET);
    expect(secretKey(KEY, 'K')).toHaveLength(32);
    expect(secretKey(Buffer.alloc(32, 7).toString('base64'), 'K')).toHaveLength(32);
  });
});

describe('defaults', () => {
  it('worker: local Temporal, default namespace and the contract task queue, info logs, links to the local API', () => {
    expect(worker({})).toEqual({
      peers: [],
      databaseUrl: DB,
      temporal: {
        address: 'localhost:7233',
        namespace: 'default',
        taskQueue: DEFAULT_TASK_QUEUE,
        acceptLegacyPayloads: false,
      },
      logLevel: 'info',
      publicUrl: 'http://localhost:3000',
      smtpUrl: 'smtp://localhost:2525',
      smtpRequireTls: false,
      mailFrom: 'Jeevan SMC <jeevan@smc.example.org>',
      maxCachedWorkflows: 1000,
      maxConcurrentActivities: 100,
      maxConcurrentWorkflowTasks: 40,
      keyring: { current: 'k1', keys: new Map([['k1', Buffer.from(KEY, 'hex')]]) },
      retentionDays: 365,
      openCaseReportDays: 90,
      reconcileIntervalMinutes: 5,
      auditChainKey: Buffer.from(KEY, 'hex'),
      profile: UP,
    });
  });

  it('api: loopback on 3000, the local Temporal UI, no SMTP intake, outbox every 2 s', () => {
    const config = api({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      temporalUiUrl: 'http://localhost:8233',
      intakeSmtp: undefined,
      outboxIntervalMs: 2000,
    });
    expect(config.identityKey.equals(Buffer.from(KEY, 'hex'))).toBe(true);
  });

  it('ENCRYPTION_KEYS: the first key encrypts, every key decrypts (rotation)', () => {
    const newer = Buffer.alloc(32, 9).toString('base64');
    const { keyring } = api({ ENCRYPTION_KEYS: `k2026b:${newer}, k1:${KEY}` });
    expect(keyring.current).toBe('k2026b');
    expect([...keyring.keys.keys()]).toEqual(['k2026b', 'k1']);
    expect(keyring.keys.get('k1')?.equals(Buffer.from(KEY, 'hex'))).toBe(true);
  });

  it('dev: everything local, under ./data', () => {
    expect(dev({})).toEqual({
      dataDir: '/srv/jeevan/data',
      databaseUrl: undefined,
      embeddedPgPort: 54329,
      intakeSmtpPort: 2526,
      temporalAddress: undefined,
      temporalPort: 7233,
      temporalUiPort: 8233,
      temporalCliPath: undefined,
      smtpUrl: undefined,
      mailSinkSmtpPort: 2525,
      mailSinkHttpPort: 8025,
      apiHost: '127.0.0.1',
      apiPort: 3000,
    });
  });

  it('blank values count as unset; set values are taken (trimmed, trailing slash of URLs dropped)', () => {
    expect(worker({ LOG_LEVEL: '  ', API_PORT: '', TEMPORAL_ADDRESS: ' ' })).toMatchObject({
      logLevel: 'info',
      publicUrl: 'http://localhost:3000',
    });
    expect(worker({ API_PORT: '8080' }).publicUrl).toBe('http://localhost:8080');
    expect(worker({ PUBLIC_URL: 'https://jeevan.example.org/' }).publicUrl).toBe('https://jeevan.example.org');
    expect(worker({ TEMPORAL_ADDRESS: '[::1]:7233', LOG_LEVEL: 'debug' })).toMatchObject({
      temporal: { address: '[::1]:7233' },
      logLevel: 'debug',
    });
    expect(database({ DATABASE_URL: ' postgresql://u@localhost/j ' })).toBe('postgresql://u@localhost/j');
    expect(
      api({
        INTAKE_SMTP_PORT: '2526',
        INTAKE_SMTP_ALLOWED_SENDERS: 'Alerts@Meta.example.org, @relay.example.org',
        API_PORT: '8080',
      }),
    ).toMatchObject({
      port: 8080,
      intakeSmtp: {
        host: '127.0.0.1',
        port: 2526,
        allowedClients: ['127.0.0.1', '::1'],
        allowedSenders: ['alerts@meta.example.org', '@relay.example.org'],
        requireTls: true,
        maxClients: 20,
        perMinute: 60,
      },
    });
    const short = configError(() =>
      intake({ INTAKE_SMTP_AUTH_USER: 'relay', INTAKE_SMTP_AUTH_PASSWORD: 'short-Pw-9' }),
    );
    expect([short.variable, short.message.includes('short-Pw-9')]).toEqual(['INTAKE_SMTP_AUTH_PASSWORD', false]);
    expect(
      intake({ INTAKE_SMTP_AUTH_USER: 'relay', INTAKE_SMTP_AUTH_PASSWORD: 'sixteen-chars-ok!' }).intakeSmtp?.auth,
    ).toEqual({
      user: 'relay',
      password: 'sixteen-chars-ok!',
    });
    expect(dev({ JEEVAN_DATA_DIR: '/var/lib/jeevan', SMTP_URL: 'smtps://mail.example.org:465' })).toMatchObject({
      dataDir: '/var/lib/jeevan',
      smtpUrl: 'smtps://mail.example.org:465',
    });
  });
});

describe('exitOnConfigError', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints the one line and exits with code 2; anything else is rethrown', () => {
    const lines: unknown[] = [];
    vi.spyOn(console, 'error').mockImplementation((line) => void lines.push(line));
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('exited');
    }) as never);
    const error = configError(() => api({ LOG_LEVEL: 'loud' }));
    expect(() => exitOnConfigError(error)).toThrow('exited');
    expect(exit).toHaveBeenCalledWith(2);
    expect(lines).toEqual([error.message]);
    const other = new TypeError('boom');
    expect(() => exitOnConfigError(other)).toThrow(other);
  });
});
