// What the console needs from the server, against the real API listening on a port, the real
// worker, Temporal and PostgreSQL: live updates (GET /events) narrowed to the caller's
// districts and surviving a lost LISTEN connection, the next escalation on the board, the
// language each person chose, and the console's settings.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_APPLICATION } from '../../api/live/case-feed.js';
import { MAX_STREAMS_PER_PERSON } from '../../api/routes/events.js';
import { auditLog, cases } from '../../db/schema.js';
import { sampleAlert, TEST_UI_URL, tokenFor } from '../helpers/api.js';
import { type ConsoleTestEnv, createConsoleTestEnv } from '../helpers/console-env.js';
import { openSse, type SseEvent, type SseStream } from '../helpers/sse.js';
import { eventually } from '../helpers/wait.js';

let env: ConsoleTestEnv;
const open: SseStream[] = [];
beforeAll(async () => {
  env = await createConsoleTestEnv();
});
afterAll(async () => {
  // Streams still open: closing the app must end them, not wait for them.
  await env?.close();
  for (const s of open) s.close();
});

async function stream(headers: Record<string, string>): Promise<SseStream> {
  const s = await openSse(`${env.baseUrl}/events`, headers);
  open.push(s);
  if (s.status === 200) await s.waitFor((e) => e.event === 'ready');
  return s;
}
async function newCase(): Promise<string> {
  const res = await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert() });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().caseId;
}
async function step(id: string, path: string, body: object = {}) {
  const res = await env.app.inject({
    method: 'POST',
    url: `/cases/${id}${path}`,
    payload: body,
    headers: env.as('smc_operator'),
  });
  expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
}
const caseEvent = (id: string, stage?: string) => (e: SseEvent) =>
  e.event === 'case' &&
  (e.data as { id: string }).id === id &&
  (stage === undefined || (e.data as { stage: string }).stage === stage);

describe('live updates (GET /events)', () => {
  it('tells a subscriber when a step changes a case, with no personal data', async () => {
    const hq = await stream(env.as('smc_operator'));
    expect(hq.events[0]).toEqual({ event: 'ready', data: { live: true } });
    const id = await newCase();
    await step(id, '/locating/start');
    const e = await hq.waitFor(caseEvent(id, 'locating'));
    expect(Object.keys(e.data as object).sort()).toEqual(['districtCode', 'id', 'stage', 'version']);
    expect(e.data).toMatchObject({ id, stage: 'locating', districtCode: null });
    expect((e.data as { version: number }).version).toBeGreaterThan(0);
  });

  it("never carries another district's case, nor an unlocated one, to a district officer", async () => {
    const officer = await stream(await tokenFor(env.deps, ['district_officer'], ['GZB']));
    const hq = await stream(env.as('smc_supervisor'));
    const [mine, theirs, unlocated] = [await newCase(), await newCase(), await newCase()];
    for (const [id, district] of [
      [theirs, 'AGR'],
      [mine, 'GZB'],
    ]) {
      await step(id, '/locating/start');
      await step(id, '/located', { districtCode: district, policeStation: 'Kotwali' });
    }
    await step(unlocated, '/locating/start');
    await hq.waitFor(caseEvent(theirs, 'located'));
    await hq.waitFor(caseEvent(unlocated, 'locating'));
    // Every stream gets the feed's events in one order: once the officer has a change made
    // after HQ saw the others', every earlier change has been offered to the officer too.
    await step(mine, '/notify');
    await officer.waitFor(caseEvent(mine, 'district_notified'));
    await officer.waitFor(caseEvent(mine, 'located'));
    const seen = new Set(officer.events.filter((e) => e.event === 'case').map((e) => (e.data as { id: string }).id));
    expect(seen.has(theirs)).toBe(false);
    expect(seen.has(unlocated)).toBe(false);
    expect(
      officer.events.every((e) => e.event !== 'case' || (e.data as { districtCode: string }).districtCode === 'GZB'),
    ).toBe(true);
  });

  it('listens again after losing its PostgreSQL connection, and tells subscribers to resync', async () => {
    const hq = await stream(env.as('auditor'));
    const killed = await env.db.pool.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
      [LIVE_APPLICATION],
    );
    expect(killed.rowCount).toBe(1);
    await hq.waitFor((e) => e.event === 'resync', 20_000);
    const id = await newCase();
    await hq.waitFor(caseEvent(id));
    const ready = (await env.app.inject({ method: 'GET', url: '/health/ready' })).json();
    expect(ready.checks.live).toEqual({ ok: true });
  });

  it('refuses what is not an event stream, callers without a reader role, and too many streams per person', async () => {
    const plain = await env.app.inject({ method: 'GET', url: '/events', headers: env.as('smc_operator') });
    expect(plain.statusCode).toBe(406);
    expect(plain.json().error.code).toBe('not_acceptable');
    expect((await openSse(`${env.baseUrl}/events`, env.as('admin'))).status).toBe(403);
    expect((await openSse(`${env.baseUrl}/events`, { authorization: '' })).status).toBe(401);

    const headers = await tokenFor(env.deps, ['senior_officer'], ['AGR']);
    const mine: SseStream[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_PERSON; i++) mine.push(await stream(headers));
    const extra = await openSse(`${env.baseUrl}/events`, headers);
    expect(extra.status).toBe(429);
    mine[0].close();
    // The server notices the closed connection and frees its place.
    await eventually(async () => {
      const again = await openSse(`${env.baseUrl}/events`, headers);
      open.push(again);
      return again.status === 200;
    }, 'a freed stream place');
  });
});

describe('console settings (GET /console/settings)', () => {
  it("gives Temporal UI's address and namespace to any signed-in person, and nothing to anyone else", async () => {
    for (const role of ['district_officer', 'auditor', 'admin']) {
      const res = await env.app.inject({ method: 'GET', url: '/console/settings', headers: env.as(role) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ temporalUiUrl: TEST_UI_URL, temporalNamespace: 'default', state: 'UP', peers: [] });
    }
    expect((await env.app.inject({ method: 'GET', url: '/console/settings', headers: env.anonymous })).statusCode).toBe(
      401,
    );
  });
});

describe('next escalation on the board (GET /cases)', () => {
  it("carries the projection's next escalation: when, which level, whom it reaches; null for rows recorded before", async () => {
    const id = await newCase();
    const listed = async () =>
      (await env.app.inject({ method: 'GET', url: '/cases?limit=200' }))
        .json()
        .items.find((c: { id: string }) => c.id === id);
    const item = await eventually(
      async () => ((await listed())?.nextEscalation ? listed() : undefined),
      'the projected next escalation',
    );
    const next = (await env.app.inject({ method: 'GET', url: `/cases/${id}` })).json().case.escalation.next;
    expect(item.nextEscalation).toEqual({
      level: next.level,
      dueAt: next.dueAt,
      notify: next.notify,
      final: next.final,
    });
    expect(item.nextEscalation.notify.length).toBeGreaterThan(0);
    expect(item.nextDeadlineAt).toBe(next.dueAt);

    await env.db.db
      .update(cases)
      .set({ nextEscalationLevel: null, nextEscalationNotify: null, nextEscalationFinal: null })
      .where(eq(cases.id, id));
    const old = await listed();
    expect(old.nextEscalation).toBeNull();
    expect(old.nextDeadlineAt).toBe(next.dueAt);
  });
});

describe('language remembered per person', () => {
  it('is in the sign-in answer and /auth/me, and changes with PUT /auth/me/language (CSRF, audited)', async () => {
    const user = await env.createUser('district_officer', ['GZB']);
    const { cookies, csrfToken } = await env.signIn(user);
    const cookie = cookies.map((c) => `${c.name}=${encodeURIComponent(c.value)}`).join('; ');
    const me = async () => (await env.app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } })).json();
    const put = (payload: object, headers: Record<string, string> = {}) =>
      env.app.inject({ method: 'PUT', url: '/auth/me/language', payload, headers: { cookie, ...headers } });
    expect((await me()).language).toBe('en');

    expect((await put({ language: 'hi' })).statusCode).toBe(403);
    expect((await put({ language: 'fr' }, { 'x-csrf-token': csrfToken })).statusCode).toBe(400);
    expect((await put({ language: 'hi', extra: 1 }, { 'x-csrf-token': csrfToken })).statusCode).toBe(400);
    const changed = await put({ language: 'hi' }, { 'x-csrf-token': csrfToken });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({ language: 'hi' });
    const { userId, language } = await me();
    expect(language).toBe('hi');

    const again = await fetch(`${env.baseUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(user),
    });
    expect(((await again.json()) as { user: { language: string } }).user.language).toBe('hi');
    await eventually(async () => {
      const rows = await env.db.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.actorId, userId), eq(auditLog.action, 'auth.language')));
      return (
        rows
          .map((r) => r.outcome)
          .sort()
          .join(',') === 'invalid,invalid,ok'
      );
    }, 'the audit entries of the language changes');
  });
});
