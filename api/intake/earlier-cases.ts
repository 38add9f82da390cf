// Repeat people: the earlier cases of the person a case is about, matched on the keyed
// hashes intake stored for every alert (phone, account, e-mail), never on plain text.
import { and, desc, eq, inArray, lt, ne, or, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import type { Db } from '../../db/client.js';
import { caseIdentities, cases } from '../../db/schema.js';

export const EarlierCaseSchema = Type.Object({
  id: Type.String(),
  openedAt: Type.String(),
  closedAt: Type.Union([Type.String(), Type.Null()]),
  stage: Type.String(),
  outcome: Type.Union([Type.String(), Type.Null()]),
  districtCode: Type.Union([Type.String(), Type.Null()]),
  matchedOn: Type.Array(Type.String({ enum: ['phone', 'account', 'email'] })),
});

/** Cases of the same person opened before this one (a drill only matches drills), newest first. */
export async function earlierCasesOf(db: Db, row: { id: string; openedAt: Date; drill: boolean }) {
  const mine = await db
    .select({ kind: caseIdentities.kind, hash: caseIdentities.hash })
    .from(caseIdentities)
    .where(eq(caseIdentities.caseId, row.id));
  if (mine.length === 0) return [];
  const matches = await db
    .select({ caseId: caseIdentities.caseId, kind: caseIdentities.kind })
    .from(caseIdentities)
    .where(
      and(
        ne(caseIdentities.caseId, row.id),
        or(...mine.map((i) => and(eq(caseIdentities.kind, i.kind), eq(caseIdentities.hash, i.hash)))),
      ),
    );
  if (matches.length === 0) return [];
  const earlier = await db
    .select()
    .from(cases)
    .where(
      and(
        inArray(
          cases.id,
          matches.map((m) => m.caseId),
        ),
        lt(cases.openedAt, row.openedAt),
        eq(cases.drill, row.drill),
      ),
    )
    .orderBy(desc(cases.openedAt), sql`${cases.id} desc`)
    .limit(20);
  return earlier.map((c) => ({
    id: c.id,
    openedAt: c.openedAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
    stage: c.stage,
    outcome: c.outcome,
    districtCode: c.districtCode,
    matchedOn: [...new Set(matches.filter((m) => m.caseId === c.id).map((m) => m.kind))].sort(),
  }));
}
