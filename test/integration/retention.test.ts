// Retention: the daily run erases exactly the personal fields of cases closed longer than
// the period (and rejected e-mails as old), through the real worker; recent and open
// cases are untouched; the reports count the erased cases as before; each erasure is
// audited once; a second run changes nothing; the worker's ensure function leaves one
// daily Schedule.
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailIntakeHandlers } from '../../api/intake/email-intake.js';
import type { CaseState } from '../../contract/case.js';
import {
  RETENTION_SCHEDULE_ID,
  RETENTION_WORKFLOW_TYPE,
  type RetentionInput,
  type RetentionResult,
} from '../../contract/retention.js';
import { ERASED } from '../../domain/erasure.js';
import { PLACE } from '../../lib/crypto/field-crypto.js';
import { verifyAuditChain } from '../../lib/stores/audit-chain.js';
import { ensureRetentionSchedule } from '../../worker/retention-schedule.js';
import { type ApiTestEnv, createApiTestEnv } from '../helpers/api.js';
import { type CanaryCase, canaryCase } from '../helpers/canary-case.js';

let env: ApiTestEnv;
let expired: CanaryCase[];
let recent: CanaryCase;
let open: CanaryCase;
const DAY = 86_400_000;

beforeAll(async () => {
  env = await createApiTestEnv();
  expired = [await canaryCase(env, { close: true }), await canaryCase(env, { close: true })];
  recent = await canaryCase(env, { close: true });
  open = await canaryCase(env, { close: false });
  // Closed 400 and 366 days ago (the record's clock; the cases themselves ran just now).
  await q(sql`UPDATE cases SET closed_at = now() - interval '400 days' WHERE id = ${expired[0].caseId}`);
  await q(sql`UPDATE cases SET closed_at = now() - interval '366 days' WHERE id = ${expired[1].caseId}`);
  await q(sql`UPDATE cases SET closed_at = now() - interval '300 days' WHERE id = ${recent.caseId}`);
  const reject = emailIntakeHandlers(env.deps).reject;
  await reject('old mail about someone', 'no alert reference found; phone +91 98765 43210', {
    envelopeFrom: 'friend-of-person@example.org',
    messageId: '<person-name@example.org>',
  });
  await q(sql`UPDATE rejected_emails SET received_at = now() - interval '400 days'`);
  await reject('new mail about someone', 'no alert reference found', {});
});
afterAll(() => env?.close());

async function q<T = Record<string, unknown>>(query: ReturnType<typeof sql>): Promise<T[]> {
  return (await env.db.db.execute(query)).rows as T[];
}

/** Everything retention could touch, per case, as stored (ciphertext included). */
async function stored(caseId: string) {
  return {
    row: (await q(sql`SELECT * FROM cases WHERE id = ${caseId}`))[0],
    alerts: await q(sql`SELECT * FROM alerts WHERE case_id = ${caseId} ORDER BY id`),
    events: await q(sql`SELECT * FROM case_events WHERE case_id = ${caseId} ORDER BY seq`),
    identities: await q(sql`SELECT * FROM case_identities WHERE case_id = ${caseId} ORDER BY kind, hash`),
    outbox: await q(sql`SELECT * FROM outbox WHERE case_id = ${caseId} ORDER BY id`),
  };
}

const STATS = [
  'id',
  'stage',
  'severity',
  'drill',
  'legal_ground',
  'district_code',
  'police_station',
  'opened_at',
  'located_at',
  'notified_at',
  'acknowledged_at',
  'arrived_at',
  'contact_at',
  'outcome_at',
  'closed_at',
  'outcome',
  'gender',
  'age_band',
  'counselling',
  'helpline_referral',
  'alert_count',
  'state_version',
];
const statsOf = (row: Record<string, unknown>) => Object.fromEntries(STATS.map((k) => [k, row[k]]));

/** Every report over a period around now (the cases opened just now), without its generation time. */
const PERIOD = `from=${encodeURIComponent(new Date(Date.now() - 2 * DAY).toISOString())}&to=${encodeURIComponent(new Date(Date.now() + DAY).toISOString())}`;
async function reports() {
  const res = await env.app.inject({ method: 'GET', url: `/reports?${PERIOD}` });
  expect(res.statusCode).toBe(200);
  const { generatedAt: _at, ...rest } = res.json();
  return rest;
}

async function runRetention(input: RetentionInput): Promise<RetentionResult> {
  return env.client.workflow.execute(RETENTION_WORKFLOW_TYPE, {
    taskQueue: env.taskQueue,
    workflowId: `retention-test-${randomBytes(4).toString('hex')}`,
    args: [input],
    workflowExecutionTimeout: '2 minutes',
  });
}

describe('retention', () => {
  let before: Record<string, Awaited<ReturnType<typeof stored>>>;
  let reportsBefore: unknown;
  let first: RetentionResult;

  beforeAll(async () => {
    before = {};
    for (const c of [...expired, recent, open]) before[c.caseId] = await stored(c.caseId);
    reportsBefore = await reports();
    // Batches of one: the run must page through every due case.
    first = await runRetention({ retentionDays: 365, batchSize: 1 });
  });

  it('reports what it erased: the two expired cases and the old rejected e-mail', () => {
    expect(first).toMatchObject({ erasedCases: 2, failedCases: 0, erasedRejectedEmails: 1 });
    expect(Date.parse(first.cutoff)).toBeLessThan(Date.now() - 364 * DAY);
  });

  it('erases every personal field of an expired case and keeps its statistics', async () => {
    for (const c of expired) {
      const now = await stored(c.caseId);
      const was = before[c.caseId];
      expect(now.row.erased_at).not.toBeNull();
      expect(statsOf(now.row)).toEqual(statsOf(was.row));
      expect(now.alerts.map((a) => a.details)).toEqual([null]);
      // The rest of each alert row (source, platform, times) stays for the reports.
      expect(now.alerts.map(({ details: _d, ...a }) => a)).toEqual(was.alerts.map(({ details: _d, ...a }) => a));
      expect(now.identities).toEqual([]);
      expect(now.outbox).toEqual([]);
      expect(
        now.events.map((e) => [e.seq, e.kind, e.from_stage, e.to_stage, e.at, e.actor_id, JSON.stringify(e.details)]),
      ).toEqual(
        was.events.map((e) => [e.seq, e.kind, e.from_stage, e.to_stage, e.at, e.actor_id, JSON.stringify(e.details)]),
      );

      const snapshot = env.deps.fields.open<Omit<CaseState, 'timeline'>>(
        now.row.snapshot,
        PLACE.caseSnapshot(c.caseId),
      );
      const text = JSON.stringify(snapshot);
      expect(text).not.toContain(c.marker);
      expect(text).not.toContain(c.phoneDigits);
      expect(snapshot.alerts[0].details).toEqual({});
      expect(snapshot.outcome).toMatchObject({ outcome: 'deceased', gender: 'female', ageBand: '19-25' });
      expect(snapshot.outcome?.age).toBeUndefined();
      expect(snapshot.locating.best?.summary).toBe(ERASED);
      expect(snapshot.notes).toHaveLength(1);
      expect(snapshot.notes[0].notes).toBeUndefined();
      // What stays: stages, times, the district, staff and codes.
      const full = c.state;
      expect({
        stage: snapshot.stage,
        milestones: snapshot.milestones,
        district: snapshot.district,
        version: snapshot.version,
      }).toEqual({
        stage: full.stage,
        milestones: full.milestones,
        district: full.district,
        version: full.version,
      });
      expect(snapshot.dispatched?.unit).toBe(full.dispatched?.unit);

      for (const e of now.events) {
        const summary = env.deps.fields.openText(e.summary as string, PLACE.eventSummary(c.caseId, e.seq as number));
        expect(summary).toMatch(/text erased after the retention period$/);
      }
    }
  });

  it('leaves recent and open cases exactly as they were, ciphertext and all', async () => {
    for (const c of [recent, open]) expect(await stored(c.caseId)).toEqual(before[c.caseId]);
  });

  it('erases the rejected e-mail older than the period, not the recent one: its text, sender, Message-ID and reason', async () => {
    const mails = await q<{
      raw: string | null;
      old: boolean;
      envelope_from: string | null;
      message_id: string | null;
      reason: string;
    }>(
      sql`SELECT raw, envelope_from, message_id, reason, received_at < now() - interval '365 days' AS old FROM rejected_emails ORDER BY received_at`,
    );
    expect(mails.map((m) => [m.old, m.raw === null])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect(mails[0]).toMatchObject({ envelope_from: null, message_id: null, reason: ERASED });
    expect(mails[1].reason).toBe('no alert reference found');
  });

  it('the reports count the erased cases exactly as before', async () => {
    const now = await reports();
    expect(now).toEqual(reportsBefore);
    // And they do count them: three closed cases, deceased, female, 19-25 (two of them erased).
    const outcomes = now.reports.find((r: { name: string }) => r.name === 'outcomes');
    expect(outcomes.rows).toContainEqual({ outcome: 'deceased', gender: 'female', ageBand: '19-25', count: 3 });
  });

  it('the case page of an erased case shows its stages and times from the database, without personal data', async () => {
    const c = expired[0];
    const res = await env.app.inject({ method: 'GET', url: `/cases/${c.caseId}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      source: 'database',
      case: { caseId: c.caseId, stage: 'closed', district: { code: 'LKO', policeStation: 'Hazratganj' } },
    });
    expect(
      res
        .json()
        .case.timeline.map((t: { to?: string }) => t.to)
        .filter(Boolean),
    ).toEqual(c.state.timeline.map((t) => t.to).filter(Boolean));
    expect(res.body).not.toContain(c.marker);
    const timeline = await env.app.inject({ method: 'GET', url: `/cases/${c.caseId}/timeline` });
    expect(timeline.statusCode).toBe(200);
    expect(timeline.body).not.toContain(c.marker);
  });

  it('audits one erasure per erased case, with counts and no personal data; the chain holds', async () => {
    const entries = await q<{ case_id: string; outcome: string; actor_role: string; details: Record<string, unknown> }>(
      sql`SELECT case_id, outcome, actor_role, details FROM audit_log WHERE action = 'retention.erase' ORDER BY seq`,
    );
    expect(entries.map((e) => e.case_id).sort()).toEqual(expired.map((c) => c.caseId).sort());
    for (const e of entries) {
      expect(e).toMatchObject({
        outcome: 'ok',
        actor_role: 'system',
        details: { retentionDays: 365, alerts: 1, identities: 3, outbox: 1, snapshot: true },
      });
      expect(e.details.events).toBeGreaterThan(10);
      for (const c of expired) expect(JSON.stringify(e)).not.toContain(c.marker);
    }
    const mails = await q<{ details: { count: number } }>(
      sql`SELECT details FROM audit_log WHERE action = 'retention.erase_rejected_emails'`,
    );
    expect(mails.map((m) => m.details.count)).toEqual([1]);
    expect(await verifyAuditChain(env.db.db)).toMatchObject({ ok: true });
  });

  it('a second run changes nothing and audits nothing more', async () => {
    const snapshotAll = async () => ({
      cases: await q(sql`SELECT * FROM cases ORDER BY id`),
      alerts: await q(sql`SELECT * FROM alerts ORDER BY id`),
      events: await q(sql`SELECT * FROM case_events ORDER BY case_id, seq`),
      identities: await q(sql`SELECT * FROM case_identities ORDER BY case_id, kind, hash`),
      outbox: await q(sql`SELECT * FROM outbox ORDER BY id`),
      mails: await q(sql`SELECT * FROM rejected_emails ORDER BY id`),
      audit: await q(sql`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'retention.%'`),
    });
    const was = await snapshotAll();
    expect(await runRetention({ retentionDays: 365 })).toMatchObject({
      erasedCases: 0,
      failedCases: 0,
      erasedRejectedEmails: 0,
    });
    expect(await snapshotAll()).toEqual(was);
  });

  it('a late write from the workflow side cannot restore an erased snapshot', async () => {
    const c = expired[0];
    const [row] = await q<{ snapshot: unknown }>(sql`SELECT snapshot FROM cases WHERE id = ${c.caseId}`);
    const { recordCase } = await import('../../activities/record-case.js');
    const { timeline, ...snapshot } = c.state;
    await recordCase(env.db.db, env.deps.fields, {
      snapshot: { ...snapshot, version: snapshot.version + 1 },
      events: timeline,
    });
    const [after] = await q<{ snapshot: unknown }>(sql`SELECT snapshot FROM cases WHERE id = ${c.caseId}`);
    expect(after.snapshot).toEqual(row.snapshot);
  });

  it('refuses a retention period under one day', async () => {
    await expect(runRetention({ retentionDays: 0 })).rejects.toThrow();
  });
});

describe('the retention Schedule', () => {
  it('is created, then updated in place, by the worker’s ensure function, with a daily spec', async () => {
    expect(RETENTION_SCHEDULE_ID).toBe('jeevan-retention');
    // Its own ID: the Temporal server is shared by every test file.
    const scheduleId = `jeevan-retention-test-${randomBytes(4).toString('hex')}`;
    try {
      expect(
        await ensureRetentionSchedule(env.client, { taskQueue: env.taskQueue, retentionDays: 365, scheduleId }),
      ).toBe('created');
      expect(
        await ensureRetentionSchedule(env.client, { taskQueue: env.taskQueue, retentionDays: 400, scheduleId }),
      ).toBe('updated');
      const described = await env.client.schedule.getHandle(scheduleId).describe();
      expect(described.spec.calendars).toHaveLength(1);
      const calendar = described.spec.calendars?.[0];
      // Daily: one hour and minute, every day of every month.
      expect(calendar).toMatchObject({ hour: [{ start: 21, end: 21 }], minute: [{ start: 0, end: 0 }] });
      expect(calendar?.dayOfMonth).toEqual([{ start: 1, end: 31, step: 1 }]);
      expect(calendar?.dayOfWeek).toEqual([{ start: 'SUNDAY', end: 'SATURDAY', step: 1 }]);
      expect(described.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: RETENTION_WORKFLOW_TYPE,
        taskQueue: env.taskQueue,
        args: [{ retentionDays: 400 }],
      });
      expect(described.policies.overlap).toBe('SKIP');
      expect(described.state.paused).toBe(false);
    } finally {
      await env.client.schedule
        .getHandle(scheduleId)
        .delete()
        .catch(() => {});
    }
  });
});

describe('the daily run’s housekeeping (issue 12 item 8)', () => {
  it('prunes outbox rows delivered over a day ago, sealed payloads and all, and keeps undelivered and recent ones', async () => {
    const c = await canaryCase(env, { close: false });
    const rows = await q<{ id: number }>(
      sql`SELECT id FROM outbox WHERE case_id = ${c.caseId} AND done_at IS NOT NULL`,
    );
    expect(rows.length).toBeGreaterThan(0);
    await q(sql`UPDATE outbox SET done_at = now() - interval '2 days' WHERE case_id = ${c.caseId}`);
    const kept = await q(
      sql`SELECT id FROM outbox WHERE done_at IS NULL OR done_at > now() - interval '1 day' ORDER BY id`,
    );
    const result = await runRetention({ retentionDays: 365 });
    expect(result.prunedOutbox).toBe(rows.length);
    expect(await q(sql`SELECT id FROM outbox WHERE case_id = ${c.caseId}`)).toEqual([]);
    expect(
      await q(sql`SELECT id FROM outbox WHERE done_at IS NULL OR done_at > now() - interval '1 day' ORDER BY id`),
    ).toEqual(kept);
    const [audit] = await q<{ details: { count: number } }>(
      sql`SELECT details FROM audit_log WHERE action = 'retention.prune_outbox' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit.details.count).toBe(rows.length);
  });

  it('reports a case open past OPEN_CASE_REPORT_DAYS to the supervisor once: one e-mail listing it, one supervisor alert', async () => {
    const old = await canaryCase(env, { close: false });
    const young = await canaryCase(env, { close: false });
    await q(sql`UPDATE cases SET opened_at = now() - interval '95 days' WHERE id = ${old.caseId}`);
    await q(sql`UPDATE cases SET opened_at = now() - interval '80 days' WHERE id = ${young.caseId}`);
    const result = await runRetention({ retentionDays: 365, openCaseReportDays: 90 });
    expect(result.reportedLongOpen).toBeGreaterThanOrEqual(1);
    const [mail] = await env.mail.waitFor(
      (m) => m.subject.includes('open longer than 90 days') && m.text.includes(old.caseId),
    );
    expect(mail.envelopeTo).toEqual(['smc-supervisor@smc.police.example.org']);
    expect(mail.text).not.toContain(young.caseId);
    // Case numbers, stages and ages: nothing about the person.
    expect(mail.raw).not.toContain(old.marker);
    expect(mail.raw).not.toContain(old.phoneDigits);
    const alerts = await q<{ case_id: string; kind: string }>(
      sql`SELECT case_id, kind FROM supervisor_alerts WHERE kind = 'case_open_too_long'`,
    );
    expect(alerts.map((a) => a.case_id)).toContain(old.caseId);
    expect(alerts.map((a) => a.case_id)).not.toContain(young.caseId);

    const mailsBefore = env.mail.messages.length;
    expect((await runRetention({ retentionDays: 365, openCaseReportDays: 90 })).reportedLongOpen).toBe(0);
    expect(env.mail.messages.length).toBe(mailsBefore);
  });
});
