// The directory in PostgreSQL: districts (reference data), police stations and contacts.
// Every write is validated by the same rules as a CSV import (domain/directory-rows.ts).
import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { readStateCode } from '../../config/state-code.js';
import type { TelecomOperator } from '../../contract/case.js';
import type { ContactInput } from '../../contract/directory.js';
import type { RecipientRole } from '../../contract/policy.js';
import type { Db } from '../../db/client.js';
import { directoryContacts, districts, policeStations } from '../../db/schema.js';
import { type ContactRow, checkContact } from '../../domain/directory-rows.js';
import { districtsOf } from '../../domain/districts.js';
import { formatTimeOfDay } from '../../domain/shifts.js';
import { invalid, isUniqueViolation, ProblemError } from '../stores/problem-error.js';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Conn = Db | Tx;

/** Inserts the state's districts (its profile's) if missing; never overwrites an edit. Idempotent. */
export async function ensureDistricts(db: Conn, homeState = readStateCode()): Promise<void> {
  await db
    .insert(districts)
    .values(districtsOf(homeState).map((d) => ({ ...d })))
    .onConflictDoNothing();
}

export const scopeKeyOf = (c: {
  scope: string;
  districtCode?: string | null;
  stationId?: string | null;
  stateCode?: string | null;
  telecomOperator?: string | null;
}) =>
  c.scope === 'hq'
    ? 'hq'
    : c.scope === 'district'
      ? `district:${c.districtCode}`
      : c.scope === 'station'
        ? `station:${c.stationId}`
        : `state:${c.stateCode}${c.telecomOperator ? `:${c.telecomOperator}` : ''}`;

const contactColumns = {
  id: directoryContacts.id,
  role: directoryContacts.role,
  scope: directoryContacts.scope,
  scopeKey: directoryContacts.scopeKey,
  districtCode: directoryContacts.districtCode,
  stationId: directoryContacts.stationId,
  station: policeStations.name,
  stateCode: directoryContacts.stateCode,
  telecomOperator: directoryContacts.telecomOperator,
  name: directoryContacts.name,
  email: directoryContacts.email,
  phone: directoryContacts.phone,
  shiftStart: directoryContacts.shiftStart,
  shiftEnd: directoryContacts.shiftEnd,
  active: directoryContacts.active,
  updatedAt: directoryContacts.updatedAt,
};

export interface ContactFilter {
  role?: string;
  scope?: string;
  districtCode?: string;
  stateCode?: string;
  active?: boolean;
}

export async function selectContacts(db: Conn, filter: ContactFilter = {}, extra?: SQL) {
  const where: SQL[] = [];
  if (filter.role) where.push(eq(directoryContacts.role, filter.role));
  if (filter.scope) where.push(eq(directoryContacts.scope, filter.scope));
  if (filter.districtCode) where.push(eq(directoryContacts.districtCode, filter.districtCode));
  if (filter.stateCode) where.push(eq(directoryContacts.stateCode, filter.stateCode));
  if (filter.active !== undefined) where.push(eq(directoryContacts.active, filter.active));
  if (extra) where.push(extra);
  return db
    .select(contactColumns)
    .from(directoryContacts)
    .leftJoin(policeStations, eq(policeStations.id, directoryContacts.stationId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(
      asc(directoryContacts.scope),
      asc(directoryContacts.districtCode),
      asc(policeStations.name),
      asc(directoryContacts.role),
      asc(directoryContacts.email),
    );
}
export type ContactDbRow = Awaited<ReturnType<typeof selectContacts>>[number];

/** A contact as resolution, the dry run and the gap check see it. */
export function entryOf(r: ContactDbRow): ContactRow {
  return {
    role: r.role as RecipientRole,
    scope: r.scope as ContactRow['scope'],
    districtCode: r.districtCode ?? undefined,
    stationName: r.station ?? undefined,
    stateCode: r.stateCode ?? undefined,
    ...(r.telecomOperator ? { telecomOperator: r.telecomOperator as TelecomOperator } : {}),
    name: r.name,
    email: r.email,
    phone: r.phone ?? undefined,
    shift: r.shiftStart !== null && r.shiftEnd !== null ? { start: r.shiftStart, end: r.shiftEnd } : undefined,
    active: r.active,
  };
}

/** The contact as the API shows it. */
export function contactView(r: ContactDbRow) {
  return {
    ...r,
    shiftStart: r.shiftStart === null ? null : formatTimeOfDay(r.shiftStart),
    shiftEnd: r.shiftEnd === null ? null : formatTimeOfDay(r.shiftEnd),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function activeEntries(db: Conn): Promise<ContactRow[]> {
  return (await selectContacts(db, { active: true })).map(entryOf);
}

/** The station a contact names, which must be in the directory and active. */
export async function stationIdOf(db: Conn, districtCode: string, name: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: policeStations.id })
    .from(policeStations)
    .where(
      and(
        eq(policeStations.districtCode, districtCode),
        sql`lower(${policeStations.name}) = lower(${name.trim()})`,
        eq(policeStations.active, true),
      ),
    );
  return row?.id;
}

/** Validated columns of a contact; throws a ProblemError naming every bad field. */
export async function contactValues(db: Conn, input: ContactInput, homeState = readStateCode()) {
  const { entry, problems } = checkContact({ ...input, station: input.station }, homeState);
  if (!entry) throw invalid(problems, 'contact');
  const stationId =
    entry.scope === 'station' ? await stationIdOf(db, entry.districtCode ?? '', entry.stationName ?? '') : undefined;
  if (entry.scope === 'station' && !stationId)
    throw invalid(
      [
        {
          field: 'station',
          problem: `no active police station ${JSON.stringify(entry.stationName)} in district ${entry.districtCode}`,
        },
      ],
      'contact',
    );
  const values = {
    role: entry.role,
    scope: entry.scope,
    districtCode: entry.districtCode ?? null,
    stationId: stationId ?? null,
    stateCode: entry.stateCode ?? null,
    telecomOperator: entry.telecomOperator ?? null,
    name: entry.name,
    email: entry.email,
    phone: entry.phone ?? null,
    shiftStart: entry.shift?.start ?? null,
    shiftEnd: entry.shift?.end ?? null,
  };
  return { ...values, scopeKey: scopeKeyOf(values) };
}

export async function contactById(db: Conn, id: string) {
  const [row] = await selectContacts(db, {}, eq(directoryContacts.id, id));
  if (!row) throw new ProblemError('not_found', `no contact ${id}`);
  return row;
}

export async function writeContact(db: Db, id: string | undefined, input: ContactInput, active = true) {
  const values = await contactValues(db, input);
  try {
    if (!id) {
      const [row] = await db
        .insert(directoryContacts)
        .values({ ...values, active })
        .returning({ id: directoryContacts.id });
      return contactById(db, row.id);
    }
    const done = await db
      .update(directoryContacts)
      .set({ ...values, active, updatedAt: new Date() })
      .where(eq(directoryContacts.id, id))
      .returning({ id: directoryContacts.id });
    if (done.length === 0) throw new ProblemError('not_found', `no contact ${id}`);
    return contactById(db, id);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ProblemError(
        'conflict',
        `${values.email} is already in the directory as ${values.role} (${values.scopeKey})`,
      );
    throw error;
  }
}
