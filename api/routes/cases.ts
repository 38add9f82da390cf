import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { asc, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { SEVERITIES, STAGES } from '../../contract/case.js';
import { caseEvents, cases } from '../../db/schema.js';
import { PLACE } from '../../lib/crypto/field-crypto.js';
import { CASE_SORTS, type CaseFilter, type CaseSort, countCases, listCases } from '../../lib/stores/case-store.js';
import { ACCESS, HQ_ROLES, type HumanRole } from '../auth/access.js';
import { CASE_HEAD, type CaseHead } from '../auth/guard.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { earlierCasesOf } from '../intake/earlier-cases.js';
import { CaseIdParams, CaseListItemSchema, CaseResponseSchema, TimelineEventSchema } from '../schemas.js';
import { caseFromDatabase } from './case-fallback.js';

const MAX_PAGE = 200;

const ListQuery = Type.Object(
  {
    stage: Type.Optional(Type.String({ enum: [...STAGES] })),
    open: Type.Optional(
      Type.String({ enum: ['true', 'false'], description: 'true: every stage but closed; false: closed only.' }),
    ),
    district: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    severity: Type.Optional(Type.String({ enum: [...SEVERITIES] })),
    overdue: Type.Optional(Type.String({ enum: ['true', 'false'] })),
    drill: Type.Optional(Type.String({ enum: ['true', 'false'] })),
    openedFrom: Type.Optional(Type.String({ format: 'date-time' })),
    openedTo: Type.Optional(Type.String({ format: 'date-time' })),
    sort: Type.Optional(Type.String({ enum: [...CASE_SORTS], default: 'opened_desc' })),
    limit: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,3}$', description: `Page size, 1 to ${MAX_PAGE} (default 50).` }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor from the previous page.' })),
    count: Type.Optional(
      Type.String({
        enum: ['true'],
        description: 'true: also answer `total`, the number of cases the filters match on every page.',
      }),
    ),
  },
  { additionalProperties: false },
);

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
              total: Type.Optional(
                Type.Integer({ description: 'With count=true: every case the filters match, not only this page.' }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const q = request.query;
        const limit = q.limit === undefined ? 50 : Number(q.limit);
        if (limit < 1 || limit > MAX_PAGE)
          throw new ApiError(400, 'validation_failed', `limit must be from 1 to ${MAX_PAGE}`, [
            { field: 'limit', problem: `must be from 1 to ${MAX_PAGE}` },
          ]);
        const sort = (q.sort ?? 'opened_desc') as CaseSort;
        // District and senior officers see only their districts' cases, whatever they ask for.
        const identity = request.identity as NonNullable<typeof request.identity>;
        const filter: CaseFilter = {
          stage: q.stage,
          open: q.open === undefined ? undefined : q.open === 'true',
          district: q.district,
          withinDistricts: HQ_ROLES.includes(request.actingRole as HumanRole) ? undefined : identity.districts,
          severity: q.severity,
          overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
          drill: q.drill === undefined ? undefined : q.drill === 'true',
          openedFrom: q.openedFrom ? new Date(q.openedFrom) : undefined,
          openedTo: q.openedTo ? new Date(q.openedTo) : undefined,
        };
        const { rows: page, nextCursor } = await listCases(deps.db, filter, { sort, limit, cursor: q.cursor });
        // The first page is the whole answer when there is no other: a COUNT only when there is.
        const total =
          q.count !== 'true' ? undefined : !q.cursor && !nextCursor ? page.length : await countCases(deps.db, filter);
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
              c.nextDeadlineAt &&
              c.nextEscalationLevel !== null &&
              c.nextEscalationNotify &&
              c.nextEscalationFinal !== null
                ? {
                    level: c.nextEscalationLevel,
                    dueAt: c.nextDeadlineAt.toISOString(),
                    notify: c.nextEscalationNotify,
                    final: c.nextEscalationFinal,
                  }
                : null,
          })),
          nextCursor,
          ...(total !== undefined ? { total } : {}),
        };
      },
    );

    app.get(
      '/cases/:id',
      {
        config: { access: ACCESS.caseRead },
        schema: {
          tags: ['cases'],
          summary:
            'One case in full: live from its workflow, or the last saved state when the workflow cannot be asked',
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
          (c) =>
            HQ_ROLES.includes(request.actingRole as HumanRole) ||
            (c.districtCode !== null && identity.districts.includes(c.districtCode)),
        );
        // Erased by retention: only the database's redacted record, never the workflow's (its history may outlive it).
        if (row.erasedAt)
          return { case: await caseFromDatabase(deps.db, deps.fields, row.id), source: 'database', earlierCases };
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
        const events = await deps.db
          .select()
          .from(caseEvents)
          .where(eq(caseEvents.caseId, row.id))
          .orderBy(asc(caseEvents.seq));
        return {
          caseId: row.id,
          events: events.map((e) => ({
            ...e,
            summary: deps.fields.openText(e.summary, PLACE.eventSummary(e.caseId, e.seq)),
            at: e.at.toISOString(),
          })),
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
