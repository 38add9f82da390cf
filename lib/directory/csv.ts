// CSV import and export of the directory. Every row is validated before anything is

import { eq, sql } from 'drizzle-orm';
// written; one bad row rejects the whole file with each bad row's line and reason, and the
// writes run in one transaction, so a file is imported entirely or not at all.
import { readStateCode } from '../../config/state-code.js';
import type { Db } from '../../db/client.js';
import { directoryContacts, policeStations } from '../../db/schema.js';
import { parseCsv, toCsv } from '../../domain/csv.js';
import {
  type ContactRow,
  checkContact,
  contactFromCsv,
  contactKey,
  parseFlag,
  stationKey,
} from '../../domain/directory-rows.js';
import { districtByCode } from '../../domain/districts.js';
import { formatTimeOfDay } from '../../domain/shifts.js';
import { listStations } from './stations.js';
import { ensureDistricts, scopeKeyOf, selectContacts, type Tx } from './store.js';

export const CONTACT_COLUMNS = [
  'role',
  'scope',
  'district',
  'station',
  'state',
  'telecom_operator',
  'name',
  'email',
  'phone',
  'shift_start',
  'shift_end',
  'active',
] as const;
/** The contacts header before telecom nodal officers (issue 17): still imported, the operator column empty. */
const CONTACT_COLUMNS_V1 = CONTACT_COLUMNS.filter((c) => c !== 'telecom_operator');
export const STATION_COLUMNS = ['district', 'station', 'name_hi', 'active'] as const;
const COLUMN_OF: Record<string, string> = {
  districtCode: 'district',
  stateCode: 'state',
  telecomOperator: 'telecom_operator',
  shiftStart: 'shift_start',
  shiftEnd: 'shift_end',
};

export interface RowError {
  line: number;
  reason: string;
}

export class ImportRejected extends Error {
  override name = 'ImportRejected';
  constructor(readonly errors: RowError[]) {
    super(
      `import rejected, nothing changed: ${errors.length} bad row(s)\n${errors.map((e) => `  line ${e.line}: ${e.reason}`).join('\n')}`,
    );
  }
}

export interface ImportReport {
  kind: 'contacts' | 'stations';
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
}

export async function importDirectoryCsv(
  db: Db,
  text: string,
  opts: { replace?: boolean; homeState?: string } = {},
): Promise<ImportReport> {
  const homeState = opts.homeState ?? readStateCode();
  const { records, error } = parseCsv(text);
  if (error) throw new ImportRejected([error]);
  const header = records[0]?.fields.map((f) => f.trim().toLowerCase()).join(',');
  const v1 = header === CONTACT_COLUMNS_V1.join(',');
  const kind =
    header === CONTACT_COLUMNS.join(',') || v1
      ? 'contacts'
      : header === STATION_COLUMNS.join(',')
        ? 'stations'
        : undefined;
  if (!kind)
    throw new ImportRejected([
      {
        line: records[0]?.line ?? 1,
        reason: `the header must be ${CONTACT_COLUMNS.join(',')} (contacts) or ${STATION_COLUMNS.join(',')} (stations)`,
      },
    ]);
  const columns: readonly string[] =
    kind === 'contacts' ? (v1 ? CONTACT_COLUMNS_V1 : CONTACT_COLUMNS) : STATION_COLUMNS;
  const errors: RowError[] = [];
  const rows: { line: number; v: Record<string, string> }[] = [];
  for (const r of records.slice(1)) {
    if (r.fields.length !== columns.length)
      errors.push({ line: r.line, reason: `has ${r.fields.length} fields, expected ${columns.length}` });
    else rows.push({ line: r.line, v: Object.fromEntries(columns.map((c, i) => [c, r.fields[i]])) });
  }
  return db.transaction(async (tx) => {
    // One import at a time: the checks below must still hold when the rows are written.
    await tx.execute(sql`LOCK TABLE police_stations, directory_contacts IN SHARE ROW EXCLUSIVE MODE`);
    await ensureDistricts(tx, homeState);
    const report =
      kind === 'contacts'
        ? await importContacts(tx, rows, errors, { ...opts, homeState })
        : await importStations(tx, rows, errors, { ...opts, homeState });
    return { kind, rows: rows.length, ...report };
  });
}

async function importContacts(
  tx: Tx,
  rows: { line: number; v: Record<string, string> }[],
  errors: RowError[],
  opts: { replace?: boolean; homeState: string },
) {
  const stations = new Map(
    (await listStations(tx, { active: true })).map((s) => [stationKey(s.districtCode, s.name), s.id]),
  );
  const seen = new Map<string, number>();
  const good: (ContactRow & { stationId?: string; line: number })[] = [];
  for (const { line, v } of rows) {
    const active = parseFlag(v.active);
    const { entry, problems } = checkContact(contactFromCsv(v), opts.homeState, active ?? true);
    if (active === undefined) problems.push({ field: 'active', problem: 'must be yes or no' });
    const stationId =
      entry?.scope === 'station'
        ? stations.get(stationKey(entry.districtCode ?? '', entry.stationName ?? ''))
        : undefined;
    if (entry?.scope === 'station' && !stationId)
      problems.push({
        field: 'station',
        problem: `no active police station ${JSON.stringify(entry.stationName)} in ${entry.districtCode}`,
      });
    const key = entry ? contactKey(entry) : undefined;
    if (key && seen.has(key))
      problems.push({ field: 'email', problem: `same role, scope and e-mail as line ${seen.get(key)}` });
    if (problems.length > 0 || !entry || !key) {
      errors.push({ line, reason: problems.map((p) => `${COLUMN_OF[p.field] ?? p.field} ${p.problem}`).join('; ') });
      continue;
    }
    seen.set(key, line);
    good.push({ ...entry, stationId, line });
  }
  if (errors.length > 0) throw new ImportRejected(errors.sort((a, b) => a.line - b.line));
  const existing = new Map((await selectContacts(tx)).map((c) => [`${c.role}|${c.scopeKey}|${c.email}`, c]));
  const counts = { created: 0, updated: 0, unchanged: 0, deactivated: 0 };
  const kept = new Set<string>();
  for (const c of good) {
    const values = {
      role: c.role,
      scope: c.scope,
      districtCode: c.districtCode ?? null,
      stationId: c.stationId ?? null,
      stateCode: c.stateCode ?? null,
      telecomOperator: c.telecomOperator ?? null,
      name: c.name,
      email: c.email,
      phone: c.phone ?? null,
      shiftStart: c.shift?.start ?? null,
      shiftEnd: c.shift?.end ?? null,
      active: c.active,
    };
    const scopeKey = scopeKeyOf(values);
    const key = `${c.role}|${scopeKey}|${c.email}`;
    kept.add(key);
    const old = existing.get(key);
    if (!old) {
      await tx.insert(directoryContacts).values({ ...values, scopeKey });
      counts.created += 1;
    } else if ((['name', 'phone', 'shiftStart', 'shiftEnd', 'active'] as const).some((f) => old[f] !== values[f])) {
      await tx
        .update(directoryContacts)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(directoryContacts.id, old.id));
      counts.updated += 1;
    } else counts.unchanged += 1;
  }
  if (opts.replace) {
    for (const [key, old] of existing) {
      if (kept.has(key) || !old.active) continue;
      await tx
        .update(directoryContacts)
        .set({ active: false, updatedAt: new Date() })
        .where(eq(directoryContacts.id, old.id));
      counts.deactivated += 1;
    }
  }
  return counts;
}

async function importStations(
  tx: Tx,
  rows: { line: number; v: Record<string, string> }[],
  errors: RowError[],
  opts: { replace?: boolean; homeState: string },
) {
  const seen = new Map<string, number>();
  const good: { districtCode: string; name: string; nameHi: string | null; active: boolean }[] = [];
  for (const { line, v } of rows) {
    const reasons: string[] = [];
    const districtCode = v.district.trim().toUpperCase();
    const name = v.station.trim();
    const active = parseFlag(v.active);
    if (!districtByCode(districtCode, opts.homeState))
      reasons.push(`district unknown district code ${JSON.stringify(v.district)}`);
    if (!name || name.length > 200) reasons.push('station is required (at most 200 characters)');
    if (active === undefined) reasons.push('active must be yes or no');
    const key = stationKey(districtCode, name);
    if (seen.has(key)) reasons.push(`station same district and name as line ${seen.get(key)}`);
    if (reasons.length > 0) {
      errors.push({ line, reason: reasons.join('; ') });
      continue;
    }
    seen.set(key, line);
    good.push({ districtCode, name, nameHi: v.name_hi.trim() || null, active: active ?? true });
  }
  if (errors.length > 0) throw new ImportRejected(errors.sort((a, b) => a.line - b.line));
  const existing = new Map((await listStations(tx)).map((s) => [stationKey(s.districtCode, s.name), s]));
  const counts = { created: 0, updated: 0, unchanged: 0, deactivated: 0 };
  for (const s of good) {
    const old = existing.get(stationKey(s.districtCode, s.name));
    if (!old) {
      await tx.insert(policeStations).values(s);
      counts.created += 1;
    } else if (old.name !== s.name || old.nameHi !== s.nameHi || old.active !== s.active) {
      await tx
        .update(policeStations)
        .set({ ...s, updatedAt: new Date() })
        .where(eq(policeStations.id, old.id));
      counts.updated += 1;
    } else counts.unchanged += 1;
  }
  if (opts.replace) {
    const kept = new Set(good.map((s) => stationKey(s.districtCode, s.name)));
    for (const [key, old] of existing) {
      if (kept.has(key) || !old.active) continue;
      await tx
        .update(policeStations)
        .set({ active: false, updatedAt: new Date() })
        .where(eq(policeStations.id, old.id));
      await tx
        .update(directoryContacts)
        .set({ active: false, updatedAt: new Date() })
        .where(eq(directoryContacts.stationId, old.id));
      counts.deactivated += 1;
    }
  }
  return counts;
}

export async function exportDirectoryCsv(db: Db, kind: 'contacts' | 'stations'): Promise<string> {
  if (kind === 'stations') {
    const rows = await listStations(db);
    return toCsv(
      STATION_COLUMNS,
      rows.map((s) => ({
        district: s.districtCode,
        station: s.name,
        name_hi: s.nameHi,
        active: s.active ? 'yes' : 'no',
      })),
    );
  }
  const rows = await selectContacts(db);
  const time = (m: number | null) => (m === null ? '' : formatTimeOfDay(m));
  return toCsv(
    CONTACT_COLUMNS,
    rows.map((c) => ({
      role: c.role,
      scope: c.scope,
      district: c.districtCode,
      station: c.station,
      state: c.stateCode,
      telecom_operator: c.telecomOperator,
      name: c.name,
      email: c.email,
      phone: c.phone,
      shift_start: time(c.shiftStart),
      shift_end: time(c.shiftEnd),
      active: c.active ? 'yes' : 'no',
    })),
  );
}
