// The directory (districts, police stations, the people each escalation role reaches) and
// the escalation policy versions. Officers' names and addresses are configuration kept
// here, never code; a case copies the policy in force when it opens (see lib/stores/policy-store.ts).
import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * The state's districts: reference data from its profile, domain/profiles/<code>/districts.csv (lib/directory/store.ts ensureDistricts).
 */
export const districts = pgTable('districts', {
  code: text('code').primaryKey(),
  nameEn: text('name_en').notNull(),
  nameHi: text('name_hi').notNull(),
  /** 'district' or 'commissionerate' (a police commissionerate: its own ladder where the policy has one). */
  policing: text('policing').notNull(),
});

export const policeStations = pgTable(
  'police_stations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    districtCode: text('district_code')
      .notNull()
      .references(() => districts.code),
    name: text('name').notNull(),
    nameHi: text('name_hi'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  // Cases name their station in free text: one station per district and name, whatever the case.
  (t) => [uniqueIndex('police_stations_name_uq').on(t.districtCode, sql`lower(${t.name})`)],
);

/**
 * One person (or desk) reached for one role in one scope. `scopeKey` is the scope in one
 * comparable value ('hq', 'district:AGR', 'station:<id>', 'state:MH'): with role and e-mail
 * it is the natural key a CSV import upserts on. A shift is a time-of-day window in IST
 * (minutes after midnight; the end before the start runs overnight); none means always.
 */
export const directoryContacts = pgTable(
  'directory_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    role: text('role').notNull(),
    scope: text('scope').notNull(),
    scopeKey: text('scope_key').notNull(),
    districtCode: text('district_code').references(() => districts.code),
    stationId: uuid('station_id').references(() => policeStations.id),
    stateCode: text('state_code'),
    /** Role telecom_nodal: whose nodal officer (contract/case.ts TELECOM_OPERATORS). */
    telecomOperator: text('telecom_operator'),
    name: text('name').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    shiftStart: smallint('shift_start'),
    shiftEnd: smallint('shift_end'),
    active: boolean('active').notNull().default(true),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('directory_contacts_uq').on(t.role, t.scopeKey, t.email),
    index('directory_contacts_role_idx').on(t.role, t.districtCode).where(sql`${t.active}`),
  ],
);

/**
 * Escalation policy versions. A published version is never changed (lib/stores/policy-store.ts updates drafts only).
 */
export const escalationPolicies = pgTable(
  'escalation_policies',
  {
    version: text('version').primaryKey(),
    /** The policy document (contract/policy-document.ts), as edited. */
    document: jsonb('document').notNull(),
    note: text('note'),
    basedOn: text('based_on'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    publishedBy: text('published_by'),
    publishedAt: ts('published_at'),
  },
  (t) => [index('escalation_policies_published_idx').on(t.publishedAt).where(sql`${t.publishedAt} is not null`)],
);
