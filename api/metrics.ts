// Prometheus metrics. Counters for what the API does; gauges read from the database at
// scrape time, so several API processes report the same truth. Labels never hold personal data.
import { isNull, sql } from 'drizzle-orm';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/client.js';
import { cases, deliveries, outbox, supervisorAlerts } from '../db/schema.js';

export function createMetrics(db: Db) {
  const registry = new Registry();
  const requests = new Histogram({
    name: 'jeevan_http_request_duration_seconds',
    help: 'HTTP requests by route, method and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const alertsReceived = new Counter({
    name: 'jeevan_alerts_received_total',
    help: 'Alerts accepted by intake',
    labelNames: ['status', 'workflow'],
    registers: [registry],
  });
  const steps = new Counter({
    name: 'jeevan_steps_total',
    help: 'Case steps taken through the API',
    labelNames: ['step'],
    registers: [registry],
  });

  const fromDb = (name: string, help: string, labelNames: string[], read: (g: Gauge) => Promise<void>) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        try {
          await read(this);
        } catch {
          // The database is down: the scrape still answers; readiness reports the outage.
        }
      },
    });

  fromDb('jeevan_cases', 'Cases by stage (drills excluded)', ['stage'], async (g) => {
    const rows = await db
      .select({ stage: cases.stage, n: sql<number>`count(*)::int` })
      .from(cases)
      .where(sql`not ${cases.drill}`)
      .groupBy(cases.stage);
    g.reset();
    for (const r of rows) g.set({ stage: r.stage }, r.n);
  });
  fromDb('jeevan_cases_overdue', 'Open cases past a deadline', [], async (g) => {
    const [r] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(cases)
      .where(sql`${cases.overdue} and ${cases.stage} <> 'closed'`);
    g.set(r?.n ?? 0);
  });
  fromDb('jeevan_escalation_emails', 'Escalation e-mails by delivery status', ['status'], async (g) => {
    const rows = await db
      .select({ status: deliveries.status, n: sql<number>`count(*)::int` })
      .from(deliveries)
      .where(sql`${deliveries.step} like 'escalation:%'`)
      .groupBy(deliveries.status);
    g.reset();
    for (const r of rows) g.set({ status: r.status }, r.n);
  });
  fromDb('jeevan_mail_failures', 'E-mails whose last attempt failed and are still being retried', [], async (g) => {
    const [r] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(deliveries)
      .where(sql`${deliveries.status} = 'failed'`);
    g.set(r?.n ?? 0);
  });
  fromDb('jeevan_outbox_depth', 'Intake rows not yet handed to Temporal', [], async (g) => {
    const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(outbox).where(isNull(outbox.doneAt));
    g.set(r?.n ?? 0);
  });
  fromDb('jeevan_supervisor_alerts_open', 'Problems waiting for a supervisor', [], async (g) => {
    const [r] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(supervisorAlerts)
      .where(isNull(supervisorAlerts.resolvedAt));
    g.set(r?.n ?? 0);
  });

  return { registry, requests, alertsReceived, steps };
}

export type Metrics = ReturnType<typeof createMetrics>;
