// Reads the facts of a period (cases opened in it, escalations of those cases, alerts
// received in it; drills never) and builds the reports from them (domain/reports.ts).
import { and, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { alerts, caseEvents, cases } from '../../db/schema.js';
import { toCsv } from '../../domain/csv.js';
import type { ReportInput } from '../../domain/report-types.js';
import { buildReport, REPORT_NAMES, type ReportName } from '../../domain/reports.js';

export interface ReportQuery {
  from: Date;
  to: Date;
  district?: string;
  /** Set: only cases of these districts count (a district or senior officer's own). */
  districts?: string[];
}

export async function reportInput(db: Db, q: ReportQuery): Promise<ReportInput> {
  const cohort: SQL[] = [eq(cases.drill, false), gte(cases.openedAt, q.from), lt(cases.openedAt, q.to)];
  if (q.district) cohort.push(eq(cases.districtCode, q.district));
  if (q.districts) cohort.push(inArray(cases.districtCode, q.districts.length ? q.districts : ['']));
  const [caseRows, escalationRows, alertRows] = await Promise.all([
    db
      .select({
        id: cases.id,
        districtCode: cases.districtCode,
        stage: cases.stage,
        openedAt: cases.openedAt,
        locatedAt: cases.locatedAt,
        notifiedAt: cases.notifiedAt,
        acknowledgedAt: cases.acknowledgedAt,
        arrivedAt: cases.arrivedAt,
        contactAt: cases.contactAt,
        outcomeAt: cases.outcomeAt,
        notLocatedReason: cases.notLocatedReason,
        outcome: cases.outcome,
        gender: cases.gender,
        ageBand: cases.ageBand,
        alertCount: cases.alertCount,
        reviewDelays: cases.reviewDelays,
        foundBy: cases.foundBy,
        workflowStarted: sql<boolean>`${cases.workflowStartedAt} is not null`,
      })
      .from(cases)
      .where(and(...cohort)),
    db
      .select({ caseId: caseEvents.caseId, districtCode: cases.districtCode, details: caseEvents.details })
      .from(caseEvents)
      .innerJoin(cases, eq(cases.id, caseEvents.caseId))
      .where(and(eq(caseEvents.kind, 'escalation'), ...cohort)),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(alerts)
      .innerJoin(cases, eq(cases.id, alerts.caseId))
      .where(
        and(
          eq(alerts.drill, false),
          eq(cases.drill, false),
          gte(alerts.receivedAt, q.from),
          lt(alerts.receivedAt, q.to),
          ...(q.district ? [eq(cases.districtCode, q.district)] : []),
          ...(q.districts ? [inArray(cases.districtCode, q.districts.length ? q.districts : [''])] : []),
        ),
      ),
  ]);
  return {
    alerts: alertRows[0]?.n ?? 0,
    cases: caseRows,
    escalations: escalationRows.map((e) => {
      const d = (e.details ?? {}) as { key?: string; level?: number; final?: boolean };
      // The wait key is "<kind>[#n]@<anchor>" (domain/escalation.ts).
      return {
        caseId: e.caseId,
        districtCode: e.districtCode,
        wait: (d.key ?? 'unknown').split(/[@#]/)[0],
        level: Number(d.level ?? 0),
        final: Boolean(d.final),
      };
    }),
  };
}

export async function buildReports(db: Db, q: ReportQuery, names: readonly ReportName[] = REPORT_NAMES) {
  const input = await reportInput(db, q);
  return names.map((name) => buildReport(name, input));
}

export function reportCsv(report: { columns: string[]; rows: Record<string, unknown>[] }): string {
  return toCsv(report.columns, report.rows);
}
