import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { and, asc, desc, eq, gte, inArray, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { SEVERITIES, STAGES } from '../../contract/case.js';
import { caseEvents, cases } from '../../db/schema.js';
import { PLACE } from '../../lib/field-crypto.js';
import { ACCESS, HQ_ROLES, type HumanRole } from '../auth/access.js';
import { CASE_HEAD, type CaseHead } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { earlierCasesOf } from '../intake/earlier-cases.js';
import { CaseIdParams, CaseListItemSchema, CaseResponseSchema, TimelineEventSchema } from '../schemas.js';
import { caseFromDatabase } from './case-fallback.js';

const MAX_PAGE = 200;
const SORTS = ['opened_desc', 'opened_asc', 'deadline_asc'] as const;

const ListQuery = Type.Object(
  {
    stage: Type.Optional(Type.String({ enum: [...STAGES] })),
    open: Type.Optional(Type.String({ enum: ['true', 'false'], description: 'true: every stage but closed; false: closed only.' })),
    district: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    severity: Type.Optional(Type.String({ enum: [...SEVERITIES] })),
    overdue: Type.Optional(Type.String({ enum: ['true', 'false'] })),
    drill: Type.Optional(Type.String({ enum: ['true', 'false'] })),
    openedFrom: Type.Optional(Type.String({ format: 'date-time' })),
    openedTo: Type.Optional(Type.String({ format: 'date-time' })),
    sort: Type.Optional(Type.String({ enum: [...SORTS], default: 'opened_desc' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: `Page size, 1 to ${MAX_PAGE} (default 50).` })),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor from the previous page.' })),
    count: Type.Optional(Type.String({ enum: ['true'], description: 'true: also answer `total`, the number of cases the filters match on every page.' })),
  },
  { additionalProperties: false },
);

const deadlineKey = sql`coalesce(${cases.nextDeadlineAt}, 'infinity'::timestamptz)`;

/** What a list item shows: never the sealed snapshot (about 90 KB a page, parsed and dropped). */
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

export const caseRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/cases',
      {
        config: { access: ACCESS.caseList },
        schema: {
          tags: ['cases'],
          summary: 'List cases (from the database projection), newest first by default',
          querystring: ListQuery,
          response: {
            200: Type.Object({
              items: Type.Array(CaseListItemSchema),
              nextCursor: Type.Union([Type.String(), Type.Null()]),
              total: Type.Optional(Type.Integer({ description: 'With count=true: every case the filters match, not only this page.' })),
            }),
          },
        },
      },
      async (request) => {
        const q = request.query;
        const limit = q.limit === undefined ? 50 : Number(q.limit);
        if (limit < 1 || limit > MAX_PAGE)
          throw new ApiError(400, 'validation_failed', `limit must be from 1 to ${MAX_PAGE}`, [{ field: 'limit', problem: `must be from 1 to ${MAX_PAGE}` }]);
        const sort = (q.sort ?? 'opened_desc') as (typeof SORTS)[number];
        const filters: SQL[] = [];
        if (q.stage) filters.push(eq(cases.stage, q.stage));
        if (q.open) filters.push(q.open === 'true' ? ne(cases.stage, 'closed') : eq(cases.stage, 'closed'));
        if (q.district) filters.push(eq(cases.districtCode, q.district));
        // District and senior officers see only their districts' cases, whatever they ask for.
        const identity = request.identity as NonNullable<typeof request.identity>;
        if (!HQ_ROLES.includes(request.actingRole as HumanRole))
          filters.push(inArray(cases.districtCode, identity.districts.length ? identity.districts : ['-']));
        if (q.severity) filters.push(eq(cases.severity, q.severity));
        if (q.overdue) filters.push(eq(cases.overdue, q.overdue === 'true'));
        if (q.drill) filters.push(eq(cases.drill, q.drill === 'true'));
        if (q.openedFrom) filters.push(gte(cases.openedAt, new Date(q.openedFrom)));
        if (q.openedTo) filters.push(lte(cases.openedAt, new Date(q.openedTo)));
        const matching = [...filters];
        if (q.cursor) filters.push(cursorFilter(sort, decodeCursor(q.cursor)));
        const order =
          sort === 'opened_asc'
            ? [asc(cases.openedAt), asc(cases.id)]
            : sort === 'deadline_asc'
              ? [asc(deadlineKey), asc(cases.id)]
              : [desc(cases.openedAt), desc(cases.id)];
        const rows = await deps.db
          .select(LIST_COLUMNS)
          .from(cases)
          .where(filters.length ? and(...filters) : undefined)
          .orderBy(...order)
          .limit(limit + 1);
        const page = rows.slice(0, limit);
        const last = page.at(-1);
        const nextCursor =
          rows.length > limit && last
            ? encodeCursor(sort === 'deadline_asc' ? (last.nextDeadlineAt?.toISOString() ?? 'infinity') : last.openedAt.toISOString(), last.id)
            : null;
        return {
          items: page.map((c) => ({
            id: c.id,
            stage: c.stage,
            severity: c.severity,
            drill: c.drill,
            districtCode: c.districtCode,
            policeStation: c.policeStation,
            openedAt: c.openedAt.toISOString(),
            escalationLevel: c.escalationLevel,
            overdue: c.overdue,
            nextDeadlineAt: c.nextDeadlineAt?.toISOString() ?? null,
            outcome: c.outcome,
            alertCount: c.alertCount,
            nextEscalation:
              c.nextDeadlineAt && c.nextEscalationLevel !== null && c.nextEscalationNotify && c.nextEscalationFinal !== null
                ? { level: c.nextEscalationLevel, dueAt: c.nextDeadlineAt.toISOString(), notify: c.nextEscalationNotify, final: c.nextEscalationFinal }
                : null,
          })),
          nextCursor,
          ...(q.count === 'true' ? { total: await countOf(page.length) } : {}),
        };

        /** The first page is the whole answer when there is no other: a COUNT only when there is. */
        async function countOf(onPage: number): Promise<number> {
          if (!q.cursor && !nextCursor) return onPage;
          const [row] = await deps.db
            .select({ n: sql<number>`count(*)::int` })
            .from(cases)
            .where(matching.length ? and(...matching) : undefined);
          return row?.n ?? 0;
        }
      },
    );

    app.get(
      '/cases/:id',
      {
        config: { access: ACCESS.caseRead },
        schema: {
          tags: ['cases'],
          summary: 'One case in full: live from its workflow, or the last saved state when the workflow cannot be asked',
          params: CaseIdParams,
          response: { 200: CaseResponseSchema },
        },
      },
      async (request) => {
        const row = await findCase(deps, request.params.id, request);
        // The same person's earlier cases and their outcomes: the responder should know the history.
        // District and senior officers see only earlier cases of their own districts (least privilege).
        const identity = request.identity as NonNullable<typeof request.identity>;
        const earlierCases = (await earlierCasesOf(deps.db, row)).filter(
          (c) => HQ_ROLES.includes(request.actingRole as HumanRole) || (c.districtCode !== null && identity.districts.includes(c.districtCode)),
        );
        // Erased by retention: only the database's redacted record, never the workflow's (its history may outlive it).
        if (row.erasedAt) return { case: await caseFromDatabase(deps.db, deps.fields, row.id), source: 'database', earlierCases };
        try {
          return { case: await deps.cases.state(row.id, 3000), source: 'workflow', earlierCases };
        } catch {
          return { case: await caseFromDatabase(deps.db, deps.fields, row.id), source: 'database', earlierCases };
        }
      },
    );

    app.get(
      '/cases/:id/timeline',
      {
        config: { access: ACCESS.caseTimeline },
        schema: {
          tags: ['cases'],
          summary: 'Every recorded event of a case, in order',
          params: CaseIdParams,
          response: { 200: Type.Object({ caseId: Type.String(), events: Type.Array(TimelineEventSchema) }) },
        },
      },
      async (request) => {
        const row = await findCase(deps, request.params.id, request);
        const events = await deps.db.select().from(caseEvents).where(eq(caseEvents.caseId, row.id)).orderBy(asc(caseEvents.seq));
        return {
          caseId: row.id,
          events: events.map((e) => ({ ...e, summary: deps.fields.openText(e.summary, PLACE.eventSummary(e.caseId, e.seq)), at: e.at.toISOString() })),
        };
      },
    );
  };

/** The case a route names: the row the guard already read for it, or read now (narrow, without the snapshot). */
export async function findCase(deps: Pick<AppDeps, 'db'>, id: string, request?: FastifyRequest): Promise<CaseHead> {
  if (request?.caseHead?.id === id) return request.caseHead;
  const [row] = await deps.db.select(CASE_HEAD).from(cases).where(eq(cases.id, id));
  if (!row) throw new ApiError(404, 'not_found', `no case ${id}`);
  return row;
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
  throw new ApiError(400, 'validation_failed', 'cursor is not one this API issued', [{ field: 'cursor', problem: 'is malformed' }]);
}

function cursorFilter(sort: (typeof SORTS)[number], [key, id]: [string, string]): SQL {
  if (sort === 'deadline_asc') return sql`(${deadlineKey}, ${cases.id}) > (${key}::timestamptz, ${id})`;
  const at = new Date(key);
  return sort === 'opened_asc' ? sql`(${cases.openedAt}, ${cases.id}) > (${at}, ${id})` : sql`(${cases.openedAt}, ${cases.id}) < (${at}, ${id})`;
}
