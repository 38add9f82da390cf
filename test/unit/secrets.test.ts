// Issue 12 item 1: a deployment cannot start on a secret printed in the repository. Every
// key and password sample in .env.example and docker-compose.yml is refused by every
// reader that takes it, with one line naming the variable; a key is 32 bytes written
// canonically, so a long passphrase is not mistaken for base64.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/env.js';
import { readApiConfig, readMigrationDatabaseUrl, readWorkerConfig, secretKey } from '../../config/index.js';
import { PUBLISHED_SECRETS } from '../../config/published-secrets.js';

const KEY = Buffer.alloc(32, 9).toString('base64');
const DB = 'postgres://jeevan:Own-0riginal-pw@db.internal:5432/jeevan';
const base = {
  DATABASE_URL: DB,
  SMTP_URL: 'smtp://relay.internal:587',
  ENCRYPTION_KEYS: `k1:${KEY}`,
  AUDIT_CHAIN_KEY: KEY,
  IDENTITY_HASH_KEY: KEY,
};
const worker = (env: Record<string, string>) => readWorkerConfig({ ...base, ...env });
const api = (env: Record<string, string>) => readApiConfig({ ...base, ...env });
const intake = (env: Record<string, string>) =>
  api({
    INTAKE_SMTP_PORT: '2525',
    INTAKE_SMTP_ALLOWED_SENDERS: '@meta.example.org',
    INTAKE_SMTP_AUTH_USER: 'meta-relay',
    ...env,
  });
const migrate = (env: Record<string, string>) => readMigrationDatabaseUrl({ ...base, ...env });

function refusal(read: () => unknown): ConfigError {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the value to be refused, but it was accepted');
}

const root = new URL('../../', import.meta.url);
const envExample = readFileSync(new URL('.env.example', root), 'utf8');
const compose = readFileSync(new URL('docker-compose.yml', root), 'utf8');

/** `# NAME=value` samples of secrets in .env.example, as a person would copy them. */
const samples = [...envExample.matchAll(/^# ([A-Z_]*(?:KEY|KEYS|PASSWORD|SECRET|DATABASE_URL))=(.+)$/gm)].map(
  ([, name, value]) => ({ name, value }),
);

/** Each secret sample as the values a reader sees: keys split out of id:key lists, passwords out of URLs. */
function secretValues(name: string, value: string): string[] {
  if (name === 'ENCRYPTION_KEYS') return value.split(',').map((pair) => pair.split(':')[1]);
  if (name.endsWith('DATABASE_URL')) return [decodeURIComponent(new URL(value).password)];
  return [value];
}

describe('published secrets', () => {
  it('.env.example has key and password samples, and every one is on the published list', () => {
    expect(samples.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'AUDIT_CHAIN_KEY',
        'ENCRYPTION_KEYS',
        'IDENTITY_HASH_KEY',
        'DATABASE_URL',
        'INTAKE_SMTP_AUTH_PASSWORD',
        'JEEVAN_DB_PASSWORD',
        'WEBHOOK_SECRET',
      ]),
    );
    for (const { name, value } of samples)
      for (const v of secretValues(name, value)) expect(PUBLISHED_SECRETS.has(v), `${name} sample`).toBe(true);
  });

  const refusedBy: Array<[string, (value: string) => unknown]> = [
    ['AUDIT_CHAIN_KEY', (v) => worker({ AUDIT_CHAIN_KEY: v })],
    ['AUDIT_CHAIN_KEY', (v) => api({ AUDIT_CHAIN_KEY: v })],
    ['IDENTITY_HASH_KEY', (v) => api({ IDENTITY_HASH_KEY: v })],
    ['ENCRYPTION_KEYS', (v) => worker({ ENCRYPTION_KEYS: `k2026a:${v}` })],
    ['ENCRYPTION_KEYS', (v) => api({ ENCRYPTION_KEYS: `k2026b:${KEY},k2026a:${v}` })],
  ];
  const keySamples = [...PUBLISHED_SECRETS].filter((v) => v.length === 44);

  for (const [variable, read] of refusedBy) {
    it(`${variable} refuses each published key sample in one line naming it`, () => {
      for (const sample of keySamples) {
        const error = refusal(() => read(sample));
        expect(error.variable).toBe(variable);
        expect(error.message).toMatch(
          new RegExp(`^Configuration error: ${variable} is set to a published example value`),
        );
        expect(error.message).not.toMatch(/[\r\n]/);
        expect(error.message).not.toContain(sample);
      }
    });
  }

  it("refuses docker-compose.yml's former placeholders, which base64-decode to 32 bytes", () => {
    const former = 'change-me-to-the-output-of-openssl-rand-b64';
    expect(Buffer.from(former, 'base64')).toHaveLength(32);
    expect(refusal(() => worker({ ENCRYPTION_KEYS: `changeme:${former}` })).variable).toBe('ENCRYPTION_KEYS');
    expect(
      refusal(() => api({ IDENTITY_HASH_KEY: 'change-me-to-the-output-of-openssl-rand-base64-32' })).variable,
    ).toBe('IDENTITY_HASH_KEY');
    expect(
      refusal(() => api({ AUDIT_CHAIN_KEY: 'Y2hhbmdlLW1lLWF1ZGl0LWNoYWluLWtleS1wbGFjZWhvbGRlcg==' })).variable,
    ).toBe('AUDIT_CHAIN_KEY');
  });

  it('refuses a database or relay URL whose password is a published sample or a change-me placeholder', () => {
    const passwords = [
      'change-me-jeevan-app-db',
      'change-me-jeevan-db',
      'secret',
      ...samples.filter((s) => s.name.endsWith('_DB_PASSWORD')).map((s) => s.value),
    ];
    for (const password of passwords) {
      const url = `postgres://jeevan_app:${password}@postgres:5432/jeevan`;
      const error = refusal(() => worker({ DATABASE_URL: url }));
      expect(error.message).toMatch(/^Configuration error: DATABASE_URL is set to a published example password/);
      expect(error.message).not.toContain(password);
      expect(refusal(() => migrate({ MIGRATION_DATABASE_URL: url })).variable).toBe('MIGRATION_DATABASE_URL');
    }
    expect(refusal(() => worker({ SMTP_URL: 'smtp://jeevan:change-me@relay.internal:587' })).variable).toBe('SMTP_URL');
    expect(refusal(() => intake({ INTAKE_SMTP_AUTH_PASSWORD: 'generate-with-openssl-rand-base64-24' })).variable).toBe(
      'INTAKE_SMTP_AUTH_PASSWORD',
    );
  });

  it('docker-compose.yml defaults no secret: each is required with the :? form, which names it', () => {
    for (const name of [
      'ENCRYPTION_KEYS',
      'AUDIT_CHAIN_KEY',
      'IDENTITY_HASH_KEY',
      'POSTGRES_ADMIN_PASSWORD',
      'JEEVAN_DB_PASSWORD',
      'JEEVAN_APP_DB_PASSWORD',
      'TEMPORAL_DB_PASSWORD',
    ]) {
      const uses = [...compose.matchAll(new RegExp(`\\$\\{${name}([^}]*)\\}`, 'g'))].map((m) => m[1]);
      expect(uses.length, name).toBeGreaterThan(0);
      for (const use of uses) expect(use, `${name} in docker-compose.yml`).toMatch(/^:\?\S/);
    }
    expect(compose).not.toMatch(/change-?me/i);
  });
});

describe('a key is 32 bytes written canonically', () => {
  it('takes 64 hex digits or base64 of 32 bytes', () => {
    expect(secretKey('ab'.repeat(32), 'K')).toEqual(Buffer.alloc(32, 0xab));
    expect(secretKey(KEY, 'K')).toEqual(Buffer.alloc(32, 9));
  });

  it('refuses a passphrase that lenient base64 would read as 32 bytes or more, and keys of another length', () => {
    const passphrase = 'correct-horse-battery-staple-and-more-words';
    expect(Buffer.from(passphrase, 'base64').length).toBeGreaterThanOrEqual(32);
    for (const value of [
      passphrase,
      Buffer.alloc(48, 1).toString('base64'),
      Buffer.alloc(16, 1).toString('base64'),
      'ab'.repeat(48),
      KEY.slice(0, -1),
    ]) {
      const error = refusal(() => secretKey(value, 'IDENTITY_HASH_KEY'));
      expect(error.message).toMatch(
        /^Configuration error: IDENTITY_HASH_KEY must be 32 random bytes as 64 hex digits or base64/,
      );
      expect(error.message).not.toContain(value);
    }
  });
});
