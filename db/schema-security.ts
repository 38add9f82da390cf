// Who may use Jeevan, and the record of everything they did. Passwords and token secrets
// are stored only as hashes; the audit log is append-only (a database trigger refuses
// UPDATE and DELETE, see db/sql/append-only.sql) and hash-chained (lib/stores/audit-chain.ts).
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    /** argon2id PHC string. */
    passwordHash: text('password_hash').notNull(),
    /** One or more of contract/case.ts ROLES (without 'system'). */
    roles: text('roles').array().notNull(),
    /** District codes a district or senior officer may see; empty for HQ roles. */
    districts: text('districts').array().notNull().default(sql`'{}'::text[]`),
    language: text('language').notNull().default('en'),
    active: boolean('active').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastLoginAt: ts('last_login_at'),
  },
  (t) => [uniqueIndex('users_username_uq').on(sql`lower(${t.username})`)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the session secret held in the cookie. */
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** SHA-256 of the CSRF token the browser must echo on every change. */
    csrfHash: text('csrf_hash').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    /** First characters of the token, to recognise it in lists; the secret itself is never stored. */
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull().unique(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull(),
    actorId: text('actor_id'),
    actorRole: text('actor_role'),
    /** e.g. 'case.read', 'case.step.arrive', 'alert.create', 'auth.login', 'auth.login_failed'. */
    action: text('action').notNull(),
    caseId: text('case_id'),
    /**
     * 'ok', 'refused' (401/403/409), 'invalid' (400), 'failed' (5xx) or 'unknown' (a step whose call to Temporal timed
     * out: it may have been applied).
     */
    outcome: text('outcome').notNull(),
    status: integer('status'),
    ip: text('ip'),
    requestId: text('request_id'),
    /** Codes and ids only: never personal data. */
    details: jsonb('details'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_case_idx').on(t.caseId, t.seq), index('audit_actor_idx').on(t.actorId, t.seq)],
);
