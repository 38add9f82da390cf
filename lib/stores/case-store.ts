// Reading the cases projection for lists: the filters, the keyset pages (a cursor is the last
// row's sort key and ID, opaque to clients) and the count. Only the columns a list shows are
// read, never the sealed snapshot. The HTTP shape stays in api/routes/cases.ts.
import { and, asc, desc, eq, gte, inArray, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { cases } from '../../db/schema.js';
import { ProblemError } from './problem-error.js';

export const CASE_SORTS = ['opened_desc', 'opened_asc', 'deadline_asc'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export interface CaseFilter {
  stage?: string;
  /** true: every stage but closed; false: closed only. */
  open?: boolean;
  district?: string;
  /** Only these districts (a district or senior officer's own); an empty list matches nothing. */
  withinDistricts?: string[];
  severity?: string;
  overdue?: boolean;
  drill?: boolean;
  openedFrom?: Date;
  openedTo?: Date;
}

/** What a list item shows. */
const LIST_COLUMNS = {
  id: cases.id,
  stage: cases.stage,
  severity: cases.severity,
  drill: cases.drill,
  districtCode: cases.districtCode,
  policeStation: cases.policeStation,
  openedAt: cases.openedAt,
  escalationLevel: cases.escalationLevel,
  overdue: cases.overdue,
  nextDeadlineAt: cases.nextDeadlineAt,
  outcome: cases.outcome,
  alertCount: cases.alertCount,
  nextEscalationLevel: cases.nextEscalationLevel,
  nextEscalationNotify: cases.nextEscalationNotify,
  nextEscalationFinal: cases.nextEscalationFinal,
};
export type CaseListRow = { [K in keyof typeof LIST_COLUMNS]: (typeof cases.$inferSelect)[K] };

const deadlineKey = sql`coalesce(${cases.nextDeadlineAt}, 'infinity'::timestamptz)`;

function conditions(f: CaseFilter): SQL[] {
  const where: SQL[] = [];
  if (f.stage) where.push(eq(cases.stage, f.stage));
  if (f.open !== undefined) where.push(f.open ? ne(cases.stage, 'closed') : eq(cases.stage, 'closed'));
  if (f.district) where.push(eq(cases.districtCode, f.district));
  if (f.withinDistricts) where.push(inArray(cases.districtCode, f.withinDistricts.length ? f.withinDistricts : ['-']));
  if (f.severity) where.push(eq(cases.severity, f.severity));
  if (f.overdue !== undefined) where.push(eq(cases.overdue, f.overdue));
  if (f.drill !== undefined) where.push(eq(cases.drill, f.drill));
  if (f.openedFrom) where.push(gte(cases.openedAt, f.openedFrom));
  if (f.openedTo) where.push(lte(cases.openedAt, f.openedTo));
  return where;
}

/** One page in the given order, after `cursor`; `nextCursor` is set when there is more. */
export async function listCases(
  db: Db,
  filter: CaseFilter,
  page: { sort: CaseSort; limit: number; cursor?: string },
): Promise<{ rows: CaseListRow[]; nextCursor: string | null }> {
  const where = conditions(filter);
  if (page.cursor) where.push(afterCursor(page.sort, decodeCursor(page.cursor)));
  const order =
    page.sort === 'opened_asc'
      ? [asc(cases.openedAt), asc(cases.id)]
      : page.sort === 'deadline_asc'
        ? [asc(deadlineKey), asc(cases.id)]
        : [desc(cases.openedAt), desc(cases.id)];
  const rows = await db
    .select(LIST_COLUMNS)
    .from(cases)
    .where(where.length ? and(...where) : undefined)
    .orderBy(...order)
    .limit(page.limit + 1);
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  const nextCursor =
    rows.length > page.limit && last
      ? encodeCursor(
          page.sort === 'deadline_asc'
            ? (last.nextDeadlineAt?.toISOString() ?? 'infinity')
            : last.openedAt.toISOString(),
          last.id,
        )
      : null;
  return { rows: shown, nextCursor };
}

/** Every case the filter matches, on every page. */
export async function countCases(db: Db, filter: CaseFilter): Promise<number> {
  const where = conditions(filter);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .where(where.length ? and(...where) : undefined);
  return row?.n ?? 0;
}

function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      (value[0] === 'infinity' || !Number.isNaN(Date.parse(value[0])))
    ) {
      return value as [string, string];
    }
  } catch {}
  throw new ProblemError('invalid', 'cursor is not one this API issued', [
    { field: 'cursor', problem: 'is malformed' },
  ]);
}

function afterCursor(sort: CaseSort, [key, id]: [string, string]): SQL {
  if (sort === 'deadline_asc') return sql`(${deadlineKey}, ${cases.id}) > (${key}::timestamptz, ${id})`;
  const at = new Date(key);
  return sort === 'opened_asc'
    ? sql`(${cases.openedAt}, ${cases.id}) > (${at}, ${id})`
    : sql`(${cases.openedAt}, ${cases.id}) < (${at}, ${id})`;
}
