// A past month of closed cases written straight into a test database's report tables (cases,
// alerts, escalation events), for the console's report pages: realistic proportions and real-
// time intervals (locating 30–90 min, driving 4–15) from the synthetic planner, and escalations
// on some cases. Live cases driven through the API cannot cover a month in a test's time; the
// reports read only these columns, so the charts see what a real month would give them.
import { randomUUID } from 'node:crypto';
import { alerts, caseEvents, cases } from '../../db/schema.js';
import { DEFAULT_POLICY } from '../../domain/default-policy.js';
import { generatePlan, rng } from '../../domain/synthetic-plan.js';
import type { ApiTestEnv } from './api.js';

const ageBandOf = (age?: number) =>
  age === undefined ? 'unknown' : age <= 18 ? '13-18' : age <= 25 ? '19-25' : age <= 35 ? '26-35' : '36+';

/** Writes `count` counted cases (and `drills` drills) opened between `from` and `to`; returns how many of each. */
export async function seedReportHistory(
  env: Pick<ApiTestEnv, 'db'>,
  opts: { from: Date; to: Date; count: number; drills?: number; seed?: number },
) {
  const minute = 60_000;
  const span = Math.floor((opts.to.getTime() - opts.from.getTime()) / minute) - 24 * 60;
  const plan = generatePlan({
    seed: opts.seed ?? 7,
    cases: opts.count,
    drills: opts.drills ?? 0,
    policy: DEFAULT_POLICY,
    minuteMs: minute,
    spanMinutes: span,
  });
  const r = rng((opts.seed ?? 7) + 1);
  const caseRows: (typeof cases.$inferInsert)[] = [];
  const alertRows: (typeof alerts.$inferInsert)[] = [];
  const eventRows: (typeof caseEvents.$inferInsert)[] = [];
  for (const c of plan) {
    const t0 = opts.from.getTime() + c.startAt;
    const at = (step: string, party?: string) => {
      const s = c.steps.find((x) => x.step === step && (!party || x.body.party === party));
      return s ? new Date(t0 + s.at) : null;
    };
    const id = `JV-2025-${String(900_000 + c.n).padStart(6, '0')}`;
    const located = at('markLocated');
    const outcomeStep = c.steps.find((s) => s.step === 'recordOutcome');
    const extraAlerts = c.steps.filter((s) => s.step === 'alert').length;
    caseRows.push({
      id,
      workflowId: `case-${id}`,
      stage: 'closed',
      severity: c.severity,
      drill: c.drill,
      legalGround: 'test-history',
      policyVersion: DEFAULT_POLICY.version,
      districtCode: located ? c.district : null,
      policeStation: located ? c.policeStation : null,
      openedAt: new Date(t0),
      locatedAt: located,
      notifiedAt: at('notifyDistrict'),
      acknowledgedAt: at('acknowledge', 'police_station'),
      dispatchedAt: at('dispatch'),
      arrivedAt: at('arrive'),
      contactAt: at('contactMade'),
      outcomeAt: outcomeStep ? new Date(t0 + outcomeStep.at) : c.path === 'transfer' ? at('transfer') : null,
      closedAt: at('signOff'),
      notLocatedReason: c.notLocatedReason ?? null,
      outcome: outcomeStep ? String(outcomeStep.body.outcome) : c.path === 'transfer' ? 'transferred' : null,
      gender: c.gender ?? null,
      ageBand: outcomeStep ? ageBandOf(c.age) : null,
      alertCount: 1 + extraAlerts,
      workflowStartedAt: new Date(t0),
    });
    for (let a = 0; a <= extraAlerts; a++)
      alertRows.push({
        id: randomUUID(),
        caseId: id,
        source: 'test-history',
        sourceRef: `${id}-${a}`,
        channel: 'email',
        platform: c.platform,
        contentKind: c.contentKind,
        live: c.contentKind === 'live_video',
        severity: c.severity,
        drill: c.drill,
        receivedAt: new Date(t0 + (a === 0 ? 0 : 90_000)),
        attached: a > 0,
      });
    // Escalations as a busy month has them: a slow locate, a slow acknowledgement, a slow arrival.
    let seq = 1;
    const escalate = (wait: string, since: Date | null, levels: number) => {
      for (let level = 1; level <= levels && since; level++)
        eventRows.push({
          caseId: id,
          seq: seq++,
          kind: 'escalation',
          at: new Date(since.getTime() + level * 10 * minute),
          summary: `escalation ${wait} level ${level}`,
          details: { key: `${wait}@${since.toISOString()}`, level, final: false },
        });
    };
    const roll = r.next();
    if (roll < 0.18) escalate('locate', new Date(t0), roll < 0.05 ? 2 : 1);
    if (located && r.next() < 0.15) escalate('acknowledge', at('notifyDistrict'), 1);
    if (located && r.next() < 0.25) escalate('arrive', at('notifyDistrict'), r.next() < 0.3 ? 2 : 1);
  }
  await env.db.db.insert(cases).values(caseRows);
  await env.db.db.insert(alerts).values(alertRows);
  if (eventRows.length) await env.db.db.insert(caseEvents).values(eventRows);
  return { counted: plan.filter((c) => !c.drill).length, drills: plan.filter((c) => c.drill).length };
}
