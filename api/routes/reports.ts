// The reports HQ lives by, for any period and district, as JSON (what the console's charts
// draw) or CSV with the same rows and numbers. Drills never count (lib/stores/reports.ts). District
// and senior officers get their own districts only, with small cells suppressed
// (domain/report-suppression.ts); asking for another district is refused.

import type { FastifyPluginAsyncTypebox as FastifyPluginAsync } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { readStateCode } from '../../config/state-code.js';
import { districtByCode } from '../../domain/districts.js';
import { suppressSmallCells } from '../../domain/report-suppression.js';
import type { Report } from '../../domain/report-types.js';
import { REPORT_NAMES, type ReportName } from '../../domain/reports.js';
import { IST_OFFSET_MIN } from '../../domain/shifts.js';
import { invalid } from '../../lib/stores/problem-error.js';
import { buildReports, type ReportQuery, reportCsv } from '../../lib/stores/reports.js';
import { type Access, HQ_ROLES, type HumanRole, type Identity } from '../auth/access.js';
import type { AppDeps } from '../deps.js';
import { ApiError } from '../errors.js';

const READERS: HumanRole[] = ['smc_operator', 'smc_supervisor', 'senior_officer', 'auditor'];
/** Who may call each route (issue 5): HQ, senior officers and auditors read reports. */
export const REPORT_ACCESS = {
  all: { roles: READERS, scope: 'list', action: 'report.all' },
  one: { roles: READERS, scope: 'list', action: 'report.read' },
} satisfies Record<string, Access>;

const When = (what: string) =>
  Type.String({ maxLength: 40, description: `${what}: an ISO date-time, or a date (YYYY-MM-DD, midnight IST).` });
const Query = Type.Object(
  {
    from: When('Start of the period (inclusive)'),
    to: When('End of the period (exclusive)'),
    district: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
    format: Type.Optional(Type.String({ enum: ['json', 'csv'], default: 'json' })),
  },
  { additionalProperties: false },
);
const Row = Type.Object({}, { additionalProperties: true });
const ReportSchema = Type.Object({
  name: Type.String(),
  title: Type.String(),
  columns: Type.Array(Type.String()),
  rows: Type.Array(Row),
});
const Period = Type.Object({
  from: Type.String(),
  to: Type.String(),
  district: Type.Union([Type.String(), Type.Null()]),
  districts: Type.Optional(
    Type.Array(Type.String(), { description: "A district or senior officer's reports cover only these districts." }),
  ),
  smallCellsSuppressed: Type.Optional(
    Type.Boolean({ description: 'Counts from 1 to 4 (and what is computed from them) are null.' }),
  ),
});
const MAX_DAYS = 3 * 366;

/** A period from the query; a bare date is midnight in India. */
export function periodOf(q: { from: string; to: string; district?: string }): ReportQuery {
  const parse = (field: string, value: string) => {
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? Date.parse(`${value}T00:00:00Z`) - IST_OFFSET_MIN * 60_000
      : Date.parse(value);
    if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value))
      throw invalid([{ field, problem: 'must be an ISO date-time or a date YYYY-MM-DD' }], 'period');
    return new Date(ms);
  };
  const from = parse('from', q.from);
  const to = parse('to', q.to);
  if (to <= from) throw invalid([{ field: 'to', problem: 'must be after from' }], 'period');
  if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000)
    throw invalid([{ field: 'to', problem: `the period may span at most ${MAX_DAYS} days` }], 'period');
  if (q.district && !districtByCode(q.district, readStateCode()))
    throw invalid([{ field: 'district', problem: `unknown district code ${q.district}` }], 'period');
  return { from, to, district: q.district };
}

const periodView = (p: ReportQuery) => ({
  from: p.from.toISOString(),
  to: p.to.toISOString(),
  district: p.district ?? null,
  ...(p.districts ? { districts: p.districts, smallCellsSuppressed: true } : {}),
});

/** A district or senior officer reads their own districts only; HQ roles read any. */
function scoped(period: ReportQuery, identity: Identity, role: HumanRole): ReportQuery {
  if (HQ_ROLES.includes(role)) return period;
  if (period.district && !identity.districts.includes(period.district))
    throw new ApiError(
      403,
      'forbidden',
      `you may read reports of your own districts only (${identity.districts.join(', ')})`,
    );
  return { ...period, districts: period.district ? [period.district] : identity.districts };
}

async function reportsFor(deps: AppDeps, period: ReportQuery, names?: ReportName[]): Promise<Report[]> {
  const reports = await buildReports(deps.db, period, names);
  return period.districts ? reports.map(suppressSmallCells) : reports;
}

export const reportRoutes =
  (deps: AppDeps): FastifyPluginAsync =>
  async (app) => {
    app.get(
      '/reports',
      {
        config: { access: REPORT_ACCESS.all },
        schema: {
          tags: ['reports'],
          summary: `Every report for a period and district (${REPORT_NAMES.join(', ')}), as JSON`,
          querystring: Query,
          response: {
            200: Type.Object({ period: Period, generatedAt: Type.String(), reports: Type.Array(ReportSchema) }),
          },
        },
      },
      async (request) => {
        const period = scoped(periodOf(request.query), request.identity as Identity, request.actingRole as HumanRole);
        return {
          period: periodView(period),
          generatedAt: new Date().toISOString(),
          reports: await reportsFor(deps, period),
        };
      },
    );

    app.get(
      '/reports/:name',
      {
        config: { access: REPORT_ACCESS.one },
        schema: {
          tags: ['reports'],
          summary: 'One report for a period and district: JSON, or CSV (format=csv) with the same rows',
          params: Type.Object({ name: Type.String({ enum: [...REPORT_NAMES] }) }),
          querystring: Query,
          response: {
            200: Type.Union([
              Type.Intersect([ReportSchema, Type.Object({ period: Period, generatedAt: Type.String() })]),
              Type.String({ description: 'text/csv' }),
            ]),
          },
        },
      },
      async (request, reply) => {
        const period = scoped(periodOf(request.query), request.identity as Identity, request.actingRole as HumanRole);
        const [report] = await reportsFor(deps, period, [request.params.name as ReportName]);
        if (request.query.format === 'csv') {
          const day = (d: Date) => d.toISOString().slice(0, 10);
          return reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header(
              'content-disposition',
              `attachment; filename="jeevan-${report.name}-${day(period.from)}-${day(period.to)}${period.district ? `-${period.district}` : ''}.csv"`,
            )
            .send(reportCsv(report));
        }
        return { ...report, period: periodView(period), generatedAt: new Date().toISOString() };
      },
    );
  };
