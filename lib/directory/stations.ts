// Police stations (thanas) in the directory. Cases name their station in free text; a
// station here lets its own officers be reached instead of the district's station desk.

import { and, asc, eq, type SQL } from 'drizzle-orm';
import { readStateCode } from '../../config/state-code.js';
import type { StationInput } from '../../contract/directory.js';
import type { Db } from '../../db/client.js';
import { directoryContacts, policeStations } from '../../db/schema.js';
import { districtByCode } from '../../domain/districts.js';
import { invalid, isUniqueViolation, ProblemError } from '../stores/problem-error.js';
import type { Conn } from './store.js';

export async function listStations(db: Conn, filter: { districtCode?: string; active?: boolean } = {}) {
  const where: SQL[] = [];
  if (filter.districtCode) where.push(eq(policeStations.districtCode, filter.districtCode));
  if (filter.active !== undefined) where.push(eq(policeStations.active, filter.active));
  return db
    .select()
    .from(policeStations)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(policeStations.districtCode), asc(policeStations.name));
}

export type StationRow = Awaited<ReturnType<typeof listStations>>[number];

export const stationView = (s: StationRow) => ({
  id: s.id,
  districtCode: s.districtCode,
  name: s.name,
  nameHi: s.nameHi,
  active: s.active,
  updatedAt: s.updatedAt.toISOString(),
});

export async function writeStation(
  db: Db,
  id: string | undefined,
  input: StationInput,
  active = true,
  homeState = readStateCode(),
): Promise<StationRow> {
  if (!districtByCode(input.districtCode, homeState))
    throw invalid([{ field: 'districtCode', problem: `unknown district code ${input.districtCode}` }], 'station');
  const values = {
    districtCode: input.districtCode,
    name: input.name.trim(),
    nameHi: input.nameHi?.trim() ?? null,
    active,
  };
  try {
    const rows = id
      ? await db
          .update(policeStations)
          .set({ ...values, updatedAt: new Date() })
          .where(eq(policeStations.id, id))
          .returning()
      : await db.insert(policeStations).values(values).returning();
    if (!rows[0]) throw new ProblemError('not_found', `no police station ${id}`);
    return rows[0];
  } catch (error) {
    if (isUniqueViolation(error))
      throw new ProblemError(
        'conflict',
        `district ${values.districtCode} already has a police station named ${values.name}`,
      );
    throw error;
  }
}

/** Deactivates a station; its own contacts go with it (the district's station desk takes over). */
export async function deactivateStation(db: Db, id: string): Promise<StationRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(policeStations)
      .set({ active: false, updatedAt: new Date() })
      .where(eq(policeStations.id, id))
      .returning();
    if (!row) throw new ProblemError('not_found', `no police station ${id}`);
    await tx
      .update(directoryContacts)
      .set({ active: false, updatedAt: new Date() })
      .where(eq(directoryContacts.stationId, id));
    return row;
  });
}

export async function stationById(db: Db, id: string): Promise<StationRow> {
  const [row] = await db.select().from(policeStations).where(eq(policeStations.id, id));
  if (!row) throw new ProblemError('not_found', `no police station ${id}`);
  return row;
}
