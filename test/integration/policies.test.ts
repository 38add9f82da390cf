// Escalation policy as data, end to end: a dry run for a district, severity and hour lists
// the people and times, and a case opened afterwards escalates exactly so; publishing refuses
// a gap; a published version never changes; an edit reaches only cases opened after it.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseState } from '../../contract/case.js';
import type { PolicyDocument } from '../../contract/policy-document.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { documentFromPolicy } from '../../domain/policy-document.js';
import { minuteOfDayIst } from '../../domain/shifts.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert } from '../helpers/api.js';
import { mailsOf } from '../helpers/case-checks.js';
import { eventually } from '../helpers/wait.js';

const MS_PER_MIN = 100; // one policy minute lasts 100 ms
let env: ApiTestEnv;
beforeAll(async () => {
  env = await createApiTestEnv({ policy: 'database' });
});
afterAll(() => env?.close());

const sup = () => env.as('smc_supervisor');
const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object, headers = sup()) =>
  env.app.inject({ method, url, payload, headers });

/** The default ladders at 100 ms a minute; Meerut (MRT) arrives on its own, faster ladder. */
function testDocument(locateMinutes = 10): PolicyDocument {
  const d = documentFromPolicy(scaledPolicy(MS_PER_MIN, { mailFailureAlertMs: 10_000 }));
  d.ladders.district.locate.rungs[0].afterMs = locateMinutes * MS_PER_MIN;
  d.districtOverrides = {
    MRT: {
      arrive: {
        rungs: [
          { afterMs: 5 * MS_PER_MIN, notify: ['sp'] },
          { afterMs: 10 * MS_PER_MIN, notify: ['cp_or_range_ig', 'police_station'] },
        ],
        repeat: { everyMs: 10 * MS_PER_MIN, times: 2, notify: ['adg_zone'] },
      },
    },
  };
  return d;
}

async function publishNew(version: string, document: PolicyDocument) {
  const created = await api('POST', '/policies', { version, document, note: 'test' });
  expect(created.statusCode, created.body).toBe(201);
  const published = await api('POST', `/policies/${version}/publish`);
  expect(published.statusCode, published.body).toBe(200);
  return published.json();
}

async function openCase(contentKind: 'live_video' | 'post' = 'live_video'): Promise<string> {
  const res = await env.app.inject({
    method: 'POST',
    url: '/alerts',
    payload: sampleAlert({ contentKind }),
    headers: env.as('smc_operator'),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().caseId;
}

const step = (caseId: string, path: string, body: object = {}) =>
  env.app.inject({ method: 'POST', url: `/cases/${caseId}${path}`, payload: body, headers: env.as('smc_operator') });

type Projected = {
  wait: string;
  level: number;
  afterMs: number;
  roles: string[];
  final: boolean;
  people: { email: string }[];
  nobody: string[];
};

/** What the case fired, as offsets from the moment the wait began, in the dry run's shape. */
const firedFrom = (state: CaseState, waits: string[], anchor: string) =>
  state.escalation.history
    .filter((h) => waits.includes(h.wait))
    .map((h) => [h.wait, h.level, Date.parse(h.dueAt) - Date.parse(anchor), h.notify, h.final]);
const projectedAs = (list: Projected[]) => list.map((e) => [e.wait, e.level, e.afterMs, e.roles, e.final]);
/** Who each projected level's e-mail reaches: the people found, and the SMC supervisor for a role with nobody. */
const recipientsOf = (e: Projected) =>
  [
    ...new Set([
      ...e.people.map((p) => p.email),
      ...(e.nobody.length ? ['smc-supervisor@smc.police.example.org'] : []),
    ]),
  ].sort();
const mailedAt = (caseId: string, step: string, level: number) =>
  mailsOf(env, caseId)
    .filter((m) => m.headers['x-jeevan-step'].startsWith(step) && m.headers['x-jeevan-level'] === String(level))
    .map((m) => m.envelopeTo[0])
    .sort();

describe('escalation policy as data', () => {
  it('refuses to publish a policy with a gap, naming the level, district and hours; publishes once the directory covers it', async () => {
    // Meerut's SP works days only: the MRT arrive ladder's level 1 (sp) would reach nobody at night.
    const contacts = (await api('GET', '/directory/contacts?role=sp&district=MRT', undefined, env.as('admin'))).json()
      .items;
    await api('POST', `/directory/contacts/${contacts[0].id}/deactivate`, undefined, env.as('admin'));
    const day = {
      role: 'sp',
      scope: 'district',
      districtCode: 'MRT',
      name: 'SP Meerut (day)',
      email: 'sp-day.mrt@police.example.org',
      shiftStart: '08:00',
      shiftEnd: '20:00',
    };
    expect((await api('POST', '/directory/contacts', day, env.as('admin'))).statusCode).toBe(201);
    expect((await api('POST', '/policies', { version: 'v1', document: testDocument() })).statusCode).toBe(201);
    const refused = await api('POST', '/policies/v1/publish');
    expect(refused.statusCode).toBe(409);
    // Every level that tells the SP, in Meerut's own ladder and in the ones it shares, named where it is written.
    const atNight = 'reaches nobody in district MRT at 00:00–08:00, 20:00–24:00 IST';
    expect(refused.json().error.details).toEqual([
      { field: 'document.districtOverrides.MRT.arrive.rungs.0.notify', problem: `arrive level 1 (sp) ${atNight}` },
      { field: 'document.ladders.district.outcome.rungs.0.notify', problem: `outcome level 1 (sp) ${atNight}` },
      { field: 'document.ladders.district.follow_up.rungs.1.notify', problem: `follow_up level 2 (sp) ${atNight}` },
    ]);
    expect((await api('GET', '/policies/current')).json()).toMatchObject({ source: 'built-in' });
    const night = {
      ...day,
      name: 'SP Meerut (night)',
      email: 'sp-night.mrt@police.example.org',
      shiftStart: '20:00',
      shiftEnd: '08:00',
    };
    expect((await api('POST', '/directory/contacts', night, env.as('admin'))).statusCode).toBe(201);
    const published = await api('POST', '/policies/v1/publish');
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({
      version: 'v1',
      status: 'published',
      inForce: true,
      publishedBy: 't-smc-supervisor',
    });
  });

  it('never changes a published version', async () => {
    const put = await api('PUT', '/policies/v1', { document: testDocument(3) });
    expect(put.statusCode).toBe(409);
    await expect(
      env.db.db.execute(sql`UPDATE escalation_policies SET note = 'x' WHERE version = 'v1'`),
    ).rejects.toThrow();
    expect((await api('POST', '/policies/v1/publish')).statusCode).toBe(409);
  });

  it('dry-runs a critical case in Meerut now: the people on shift, then a case opened afterwards escalates exactly so', async () => {
    const openedAt = new Date().toISOString();
    const dry = await api('POST', '/policies/dry-run', {
      district: 'MRT',
      policeStation: 'Civil Lines',
      severity: 'critical',
      openedAt,
    });
    expect(dry.statusCode, dry.body).toBe(200);
    const { stages, policyVersion, gaps } = dry.json();
    expect([policyVersion, gaps]).toEqual(['v1', []]);
    const stage = (name: string): Projected[] => stages.find((s: { stage: string }) => s.stage === name).escalations;
    const spNow =
      minuteOfDayIst(new Date(openedAt)) >= 480 && minuteOfDayIst(new Date(openedAt)) < 1200 ? 'sp-day' : 'sp-night';
    const find = (list: Projected[], wait: string, level: number) =>
      list.find((e) => e.wait === wait && e.level === level) as Projected;
    const notifiedStage = stage('district_notified');
    const [arrive1, ack1] = [find(notifiedStage, 'arrive', 1), find(notifiedStage, 'acknowledge', 1)];
    const arrive2 = find(notifiedStage, 'arrive', 2);
    // Critical halves every deadline: MRT's own arrive ladder 5 and 10 minutes → 250 and 500 ms.
    expect([arrive1.wait, arrive1.afterMs, recipientsOf(arrive1)]).toEqual([
      'arrive',
      250,
      [`${spNow}.mrt@police.example.org`],
    ]);
    expect([ack1.wait, ack1.afterMs]).toEqual(['acknowledge', 250]);
    expect([arrive2.wait, arrive2.afterMs, recipientsOf(arrive2)]).toEqual([
      'arrive',
      500,
      ['range-ig.mrt@police.example.org', 'sho.civil-lines.mrt@police.example.org'].sort(),
    ]);
    // Twelve hours later the other SP is on shift.
    const later = (
      await api('POST', '/policies/dry-run', {
        district: 'MRT',
        severity: 'critical',
        openedAt: new Date(Date.parse(openedAt) + 12 * 3600_000).toISOString(),
      })
    ).json();
    const laterArrive1 = find(
      later.stages.find((s: { stage: string }) => s.stage === 'district_notified').escalations,
      'arrive',
      1,
    );
    expect(recipientsOf(laterArrive1)).toEqual([
      `${spNow === 'sp-day' ? 'sp-night' : 'sp-day'}.mrt@police.example.org`,
    ]);

    // A live alert opens a critical case: nobody locates it until its locate ladder has run out.
    const caseId = await openCase();
    const located = await eventually(async () => {
      const s = (await api('GET', `/cases/${caseId}`)).json().case as CaseState;
      return s.escalation.supervisorRequired ? s : undefined;
    }, 'the locate ladder to run out');
    expect(located.policyVersion).toBe('v1');
    expect(firedFrom(located, ['locate'], located.openedAt)).toEqual(projectedAs(stage('received')));
    await eventually(
      async () =>
        stage('received').every(
          (e) => mailedAt(caseId, 'escalation:locate', e.level).length === recipientsOf(e).length,
        ),
      'the locate e-mails',
    );
    for (const e of stage('received'))
      expect(mailedAt(caseId, 'escalation:locate', e.level), `locate level ${e.level}`).toEqual(recipientsOf(e));

    // Located in Meerut and notified: nobody acknowledges or arrives for a while.
    await step(caseId, '/locating/start');
    await step(caseId, '/located', { districtCode: 'MRT', policeStation: 'Civil Lines' });
    expect((await step(caseId, '/notify')).statusCode).toBe(200);
    const waiting = await eventually(async () => {
      const s = (await api('GET', `/cases/${caseId}`)).json().case as CaseState;
      return s.escalation.history.filter((h) => h.wait === 'arrive').length >= 3 ? s : undefined;
    }, 'three arrive escalations');
    expect((await step(caseId, '/arrive')).statusCode).toBe(200);
    const done = (await api('GET', `/cases/${caseId}`)).json().case as CaseState;
    const fired = firedFrom(done, ['acknowledge', 'arrive'], done.milestones.district_notified ?? '');
    expect(fired.length).toBeGreaterThanOrEqual(
      firedFrom(waiting, ['acknowledge', 'arrive'], done.milestones.district_notified ?? '').length,
    );
    expect(fired).toEqual(projectedAs(stage('district_notified')).slice(0, fired.length));
    const projected = stage('district_notified').slice(0, fired.length);
    await eventually(
      async () =>
        projected.every((e) => mailedAt(caseId, `escalation:${e.wait}`, e.level).length === recipientsOf(e).length),
      'the escalation e-mails',
    );
    for (const e of projected)
      expect(mailedAt(caseId, `escalation:${e.wait}`, e.level), `${e.wait} level ${e.level}`).toEqual(recipientsOf(e));
  });

  it('a new version reaches only cases opened after it', async () => {
    const before = await openCase('post'); // high: factor 1, locate after 10 policy minutes (1 s)
    await publishNew('v2', testDocument(4)); // locate after 4 policy minutes (400 ms)
    const after = await openCase('post');
    const first = async (id: string) =>
      eventually(async () => {
        const s = (await api('GET', `/cases/${id}`)).json().case as CaseState;
        return s.escalation.history[0] ? s : undefined;
      }, `the first escalation of ${id}`);
    const [a, b] = await Promise.all([first(before), first(after)]);
    expect([a.policyVersion, Date.parse(a.escalation.history[0].dueAt) - Date.parse(a.openedAt)]).toEqual(['v1', 1000]);
    expect([b.policyVersion, Date.parse(b.escalation.history[0].dueAt) - Date.parse(b.openedAt)]).toEqual(['v2', 400]);
    const list = (await api('GET', '/policies'))
      .json()
      .items.map((p: { version: string; inForce: boolean }) => [p.version, p.inForce]);
    expect(list).toEqual([
      ['v2', true],
      ['v1', false],
    ]);
  });
});
