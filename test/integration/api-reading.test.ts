// Reading cases: list filters, sorting and cursor pagination with a cap; one case live or
// from the database when no worker answers; readiness, metrics and drills.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiTestEnv, createApiTestEnv, sampleAlert } from '../helpers/api.js';
import { eventually } from '../helpers/wait.js';

let env: ApiTestEnv;
const ids: string[] = [];
beforeAll(async () => {
  env = await createApiTestEnv();
  for (let i = 0; i < 7; i++) {
    const res = await env.app.inject({
      method: 'POST',
      url: '/alerts',
      payload: sampleAlert({ urgency: i % 2 ? 'normal' : 'high', contentKind: i === 0 ? 'live_video' : 'post' }),
    });
    ids.push(res.json().caseId);
  }
  // One case located in Agra, so the district filter has something to find.
  await env.cases.step(ids[1], 'startLocating', { by: { id: 'op', role: 'smc_operator' }, body: {} });
  await env.cases.step(ids[1], 'markLocated', {
    by: { id: 'op', role: 'smc_operator' },
    body: { districtCode: 'AGR', policeStation: 'Hari Parvat' },
  });
  await eventually(async () => (await list('district=AGR')).items.length === 1, 'the Agra case in the projection');
});
afterAll(() => env?.close());

async function list(query: string) {
  const res = await env.app.inject({ method: 'GET', url: `/cases?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: { id: string; stage: string; severity: string; districtCode: string | null; drill: boolean }[];
    nextCursor: string | null;
  };
}

describe('reading cases', () => {
  it('pages through every case exactly once with the cursor, newest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by stage, district and severity, and sorts oldest first', async () => {
    expect((await list('district=AGR')).items.map((i) => i.id)).toEqual([ids[1]]);
    expect((await list('stage=located')).items.map((i) => i.id)).toEqual([ids[1]]);
    expect((await list('severity=critical')).items.map((i) => i.id)).toEqual([ids[0]]);
    expect((await list('sort=opened_asc&limit=2')).items.map((i) => i.id)).toEqual(ids.slice(0, 2));
    // open=true leaves closed cases out (none is closed here), open=false lists only them.
    expect((await list('open=true&limit=50')).items).toHaveLength(ids.length);
    expect((await list('open=false')).items).toEqual([]);
    expect((await env.app.inject({ method: 'GET', url: '/cases?open=yes' })).statusCode).toBe(400);
    const soonest = await list('sort=deadline_asc&limit=50');
    expect(soonest.items).toHaveLength(ids.length);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await list(`openedFrom=${encodeURIComponent(future)}`)).items).toEqual([]);
  });

  it('caps the page size and refuses a forged cursor', async () => {
    const big = await env.app.inject({ method: 'GET', url: '/cases?limit=500' });
    expect(big.statusCode).toBe(400);
    expect(big.json().error.details[0].field).toBe('limit');
    const forged = await env.app.inject({
      method: 'GET',
      url: `/cases?cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
    });
    expect(forged.statusCode).toBe(400);
  });

  it('reads one case live, and from the database when no worker answers; readiness says why', async () => {
    const live = (await env.app.inject({ method: 'GET', url: `/cases/${ids[1]}` })).json();
    expect(live).toMatchObject({
      source: 'workflow',
      case: { caseId: ids[1], stage: 'located', district: { code: 'AGR' } },
    });
    const ready = await env.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);

    await env.stopWorker();
    try {
      const saved = (await env.app.inject({ method: 'GET', url: `/cases/${ids[1]}` })).json();
      expect(saved).toMatchObject({ source: 'database', case: { caseId: ids[1], stage: 'located' } });
      expect(saved.case.timeline.map((t: { kind: string }) => t.kind)).toEqual(
        live.case.timeline.map((t: { kind: string }) => t.kind),
      );
      const notReady = await eventually<{ checks: Record<string, { ok: boolean }> }>(
        async () => {
          const r = await env.app.inject({ method: 'GET', url: '/health/ready' });
          return r.statusCode === 503 ? r.json() : undefined;
        },
        'readiness to notice the worker is gone',
        90_000,
        1000,
      );
      expect(notReady.checks.worker).toMatchObject({ ok: false });
      expect(notReady.checks.database.ok).toBe(true);
    } finally {
      await env.startWorker();
    }
  });

  it('exposes metrics without personal data', async () => {
    const text = (await env.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/jeevan_cases\{stage="received"\} \d+/);
    expect(text).toMatch(/jeevan_outbox_depth 0/);
    expect(text).toMatch(/jeevan_http_request_duration_seconds_count\{method="GET",route="\/cases",status="200"\}/);
    expect(text).not.toMatch(/\+91|@user_/);
  });

  it('runs a drill through the real path, says DRILL in every e-mail, and leaves it out of the statistics', async () => {
    const drill = (
      await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert({ drill: true }) })
    ).json();
    const by = { id: 'op', role: 'smc_operator' as const };
    await env.cases.step(drill.caseId, 'startLocating', { by, body: {} });
    await env.cases.step(drill.caseId, 'markLocated', {
      by,
      body: { districtCode: 'LKO', policeStation: 'Hazratganj' },
    });
    await env.cases.step(drill.caseId, 'notifyDistrict', { by, body: {} });
    const mails = await env.mail.waitFor((m) => m.headers['x-jeevan-case'] === drill.caseId, 2);
    for (const m of mails) {
      expect(m.subject.startsWith('DRILL ')).toBe(true);
      expect(m.text).toMatch(/DRILL/);
    }
    expect((await list('drill=true')).items.map((i) => i.id)).toEqual([drill.caseId]);
    // The case gauge counts every case but the drill.
    const text = (await env.app.inject({ method: 'GET', url: '/metrics' })).body;
    const counted = [...text.matchAll(/^jeevan_cases\{stage="[a-z_]+"\} (\d+)$/gm)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    const all = (await list('limit=200')).items;
    expect(all.some((c) => c.drill)).toBe(true);
    expect(counted).toBe(all.filter((c) => !c.drill).length);
  });
});
