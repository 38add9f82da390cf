// The network routes under attack, on the real app, database and Temporal: only a peer's
// signed request opens them, a peer's signature opens nothing else, a request is taken once,
// the same packet twice makes one case, and an answer about a case the peer never received
// is refused and audited. The whole path between two instances is network-transfer.test.ts.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../../api/auth/guard.js';
import type { PeerConfig } from '../../config/peers.js';
import type { TransferPacket } from '../../contract/network.js';
import { peerHeaders } from '../../lib/network/peer-signature.js';
import { type ApiTestEnv, createApiTestEnv, sampleAlert } from '../helpers/api.js';
import { eventually } from '../helpers/wait.js';

let env: ApiTestEnv;
const fromUk = randomBytes(32);
const uk: PeerConfig = { state: 'UK', url: 'http://127.0.0.1:9', presents: randomBytes(32), expects: fromUk };

beforeAll(async () => {
  env = await createApiTestEnv({ stateCode: 'UP', peers: [uk] });
});
afterAll(() => env?.close());

let n = 0;
const packet = (over: Partial<TransferPacket> = {}): TransferPacket => ({
  v: 1,
  sender: {
    state: 'UK',
    caseId: `JV-UK-2026-${String(++n + 500_000 + Math.floor(Math.random() * 400_000)).padStart(6, '0')}`,
  },
  severity: 'high',
  live: false,
  drill: false,
  alerts: [
    {
      alertId: 'a-1',
      source: 'meta',
      sourceRef: `LR-${randomBytes(3).toString('hex')}`,
      platform: 'instagram',
      contentKind: 'post',
    },
  ],
  hints: [{ summary: 'Near the clock tower', confidence: 2, at: new Date().toISOString() }],
  enquiries: [{ kind: 'telecom_lookup', status: 'found', summary: 'Tower in Lucknow', confidence: 1 }],
  notes: [],
  sentAt: new Date().toISOString(),
  ...over,
});

/** A request signed as `state` with `key` (default: UK, with the secret this instance expects from it). */
function signed(
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  opts: { state?: string; key?: Buffer; nowS?: number } = {},
): InjectOptions {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    method,
    url,
    headers: {
      ...peerHeaders(opts.state ?? 'UK', opts.key ?? fromUk, method, url, text, opts.nowS),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      // No credential of a person: the test helper's default HQ identity is off.
      authorization: '',
    },
    payload: body === undefined ? undefined : text,
  };
}
let address = 0;
// Each from an address of its own: one address collecting many refusals is answered 429 (address-limiter.ts).
const inject = (o: InjectOptions) =>
  env.app.inject({ remoteAddress: `10.97.${Math.floor(++address / 250)}.${address % 250}`, ...o });
const auditRows = async (action: string) =>
  (
    await env.db.pool.query<{
      actor_id: string;
      actor_role: string;
      outcome: string;
      status: number;
      case_id: string;
      details: unknown;
    }>('SELECT actor_id, actor_role, outcome, status, case_id, details FROM audit_log WHERE action = $1 ORDER BY seq', [
      action,
    ])
  ).rows;

describe('POST /network/transfers', () => {
  it('a packet opens a case of its own, channel transfer, source the sender; the same packet again is the same case', async () => {
    const p = packet();
    const first = await inject(signed('POST', '/network/transfers', p));
    expect(first.statusCode, first.body).toBe(201);
    const { caseId, status } = first.json();
    expect(status).toBe('created');
    // Re-signed a second later (a retry after a lost answer): one case.
    const again = await inject(signed('POST', '/network/transfers', p, { nowS: Math.floor(Date.now() / 1000) - 30 }));
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ caseId, status: 'duplicate' });
    const rows = await env.db.pool.query('SELECT local_case_id FROM peer_transfers WHERE remote_case_id = $1', [
      p.sender.caseId,
    ]);
    expect(rows.rows).toEqual([{ local_case_id: caseId }]);
    const alerts = await env.db.pool.query('SELECT channel, source, source_ref FROM alerts WHERE case_id = $1', [
      caseId,
    ]);
    expect(alerts.rows).toEqual([{ channel: 'transfer', source: 'UK', source_ref: p.sender.caseId }]);
    const state = await eventually(() => env.deps.cases.state(caseId), `case ${caseId} to run`);
    expect(state.receivedFrom).toMatchObject({ state: 'UK', caseId: p.sender.caseId });
    expect(state.locating.best).toMatchObject({ summary: 'Near the clock tower', confidence: 2, source: 'peer:UK' });
    expect(state.escalation.next?.wait).toBe('locate');
    const audited = await eventually(async () => {
      const mine = (await auditRows('network.packet.received')).filter(
        (r) => (r.details as { peerCaseId?: string })?.peerCaseId === p.sender.caseId,
      );
      return mine.length === 2 && mine;
    }, 'both packets in the audit log');
    expect(audited).toEqual([
      expect.objectContaining({ actor_id: 'peer:UK', actor_role: 'peer', outcome: 'ok', status: 201 }),
      expect.objectContaining({ actor_id: 'peer:UK', actor_role: 'peer', outcome: 'ok', status: 200 }),
    ]);
  });

  it('twenty copies at once make one case', async () => {
    const p = packet();
    // Twenty distinct signatures (one per second back from now): retries of one packet, not replays.
    const base = Math.floor(Date.now() / 1000);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => inject(signed('POST', '/network/transfers', p, { nowS: base - i }))),
    );
    expect(answers.map((a) => a.statusCode).sort((a, b) => a - b)).toEqual([...Array(19).fill(200), 201]);
    expect(new Set(answers.map((a) => a.json().caseId)).size).toBe(1);
  });

  it('a replayed request is refused, and so is one signed more than 5 minutes ago', async () => {
    const request = signed('POST', '/network/transfers', packet());
    expect((await inject(request)).statusCode).toBe(201);
    const replay = await inject(request);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.message).toMatch(/already received \(a replay\)/);
    const old = await inject(
      signed('POST', '/network/transfers', packet(), { nowS: Math.floor(Date.now() / 1000) - 301 }),
    );
    expect(old.statusCode).toBe(401);
    expect(old.json().error.message).toMatch(/more than 300 s off/);
  });

  it('a packet with anything more than the contract names, or from a state other than its signer, is refused and opens nothing', async () => {
    const before = (await env.db.pool.query('SELECT count(*)::int AS n FROM cases')).rows[0].n;
    const extra = { ...packet(), accountName: 'Someone' };
    expect((await inject(signed('POST', '/network/transfers', extra))).statusCode).toBe(400);
    const nested = packet();
    (nested.alerts[0] as Record<string, unknown>).handle = '@someone';
    expect((await inject(signed('POST', '/network/transfers', nested))).statusCode).toBe(400);
    const other = packet({ sender: { state: 'HR', caseId: 'JV-HR-2026-000001' } });
    const refused = await inject(signed('POST', '/network/transfers', other));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/from HR, the signature UK/);
    expect((await env.db.pool.query('SELECT count(*)::int AS n FROM cases')).rows[0].n).toBe(before);
  });
});

describe('who may call the network routes', () => {
  const networkRoutes = () => routeTable(env.app as unknown as FastifyInstance).filter((r) => r.access?.peer);

  it('a non-peer credential is refused on every network route: a person, no signature, a wrong key, a state not a peer, our own', async () => {
    const routes = networkRoutes();
    expect(routes.map((r) => `${r.method} ${r.url}`).sort()).toEqual([
      'POST /network/transfers',
      'POST /network/transfers/:id/events',
    ]);
    const { caseId } = (await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert() })).json();
    for (const route of routes) {
      const url = route.url.replace(':id', caseId);
      const body = url.endsWith('/events')
        ? { kind: 'acknowledged', caseId: 'JV-UK-2026-000001', at: new Date().toISOString() }
        : packet();
      const tries: [string, InjectOptions][] = [
        ['a supervisor token', { method: 'POST', url, payload: body, headers: env.as('smc_supervisor') }],
        ['an admin token', { method: 'POST', url, payload: body, headers: env.as('admin') }],
        ['nothing', { method: 'POST', url, payload: body, headers: { authorization: '' } }],
        ['a wrong key', signed('POST', url, body, { key: randomBytes(32) })],
        ['a state not a peer', signed('POST', url, body, { state: 'HR' })],
        ['our own state', signed('POST', url, body, { state: 'UP' })],
        [
          'a token beside a good signature',
          {
            ...signed('POST', url, body),
            headers: { ...signed('POST', url, body).headers, ...env.as('smc_supervisor') },
          },
        ],
        ['a signature for another path', { ...signed('POST', '/network/transfers/x', body), url }],
      ];
      for (const [who, request] of tries) {
        const res = await inject(request);
        expect(res.statusCode, `${who} on ${route.method} ${route.url}: ${res.body}`).toBe(401);
      }
    }
  });

  it("a peer's signature opens no other route", async () => {
    const others = routeTable(env.app as unknown as FastifyInstance).filter(
      (r) => r.access && !r.access.peer && r.access.roles.length > 0,
    );
    expect(others.length).toBeGreaterThan(30);
    const opened: string[] = [];
    for (const route of others) {
      const url = route.url.replace(/:(\w+)/g, (_, name) => (name === 'id' ? 'JV-2026-000001' : 'x'));
      const res = await inject(signed(route.method as 'GET' | 'POST', url, route.method === 'GET' ? undefined : {}));
      if (res.statusCode !== 401) opened.push(`${route.method} ${route.url} → ${res.statusCode}`);
    }
    expect(opened).toEqual([]);
  });

  it('an answer about a case this Jeevan never transferred to the peer is refused, and audited', async () => {
    const { caseId } = (await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert() })).json();
    const event = {
      kind: 'outcome',
      caseId: 'JV-UK-2026-000042',
      at: new Date().toISOString(),
      outcome: { outcome: 'safe', gender: 'male', ageBand: '26-35', counselling: false, helplineReferral: false },
    };
    const res = await inject(signed('POST', `/network/transfers/${caseId}/events`, event));
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().error.message).toMatch(`no case ${caseId} was transferred to UK`);
    // Written once the answer is sent (api/auth/audit-hook.ts).
    const rows = await eventually(async () => {
      const mine = (await auditRows('network.event.received')).filter((r) => r.case_id === caseId);
      return mine.length > 0 && mine;
    }, 'the refusal in the audit log');
    expect(rows).toEqual([
      expect.objectContaining({
        actor_id: 'peer:UK',
        actor_role: 'peer',
        outcome: 'refused',
        status: 404,
        details: expect.objectContaining({ refused: 'not a case transferred to this peer', kind: 'outcome' }),
      }),
    ]);
    const state = await env.deps.cases.state(caseId);
    expect(state.outcome).toBeUndefined();
    expect(state.stage).toBe('received');
  });

  it('an answer about a case sent to that peer reaches the case once; after the case closed here it changes nothing', async () => {
    const { caseId } = (await env.app.inject({ method: 'POST', url: '/alerts', payload: sampleAlert() })).json();
    await env.app.inject({ method: 'POST', url: `/cases/${caseId}/locating/start`, payload: {} });
    const moved = await env.app.inject({
      method: 'POST',
      url: `/cases/${caseId}/transfer`,
      payload: { toState: 'UK', nodalOfficer: 'DSP Cyber Crime' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    // As the worker writes it before the packet goes (activities/network.ts).
    await env.db.pool.query(
      "INSERT INTO peer_transfers (direction, peer_state, local_case_id) VALUES ('sent', 'UK', $1)",
      [caseId],
    );
    const url = `/network/transfers/${caseId}/events`;
    const ack = { kind: 'acknowledged', caseId: 'JV-UK-2026-000077', at: new Date().toISOString() };
    const first = await inject(signed('POST', url, ack));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ caseId, stage: 'transferred' });
    const again = await inject(signed('POST', url, ack, { nowS: Math.floor(Date.now() / 1000) - 30 }));
    expect(again.statusCode).toBe(200);
    const state = await env.deps.cases.state(caseId);
    expect(state.transfer?.acknowledged?.by).toEqual({ id: 'peer:UK', role: 'peer' });
    expect(state.timeline.filter((t) => t.kind === 'peer_acknowledged')).toHaveLength(1);
    expect(state.escalation.next).toBeUndefined();
    // Another peer may not answer about it.
    const hr = await inject(signed('POST', url, ack, { state: 'HR' }));
    expect(hr.statusCode).toBe(401);

    // The desk closes it by hand; the outcome that comes later is taken, and changes nothing.
    await env.app.inject({ method: 'POST', url: `/cases/${caseId}/transfer/acknowledge`, payload: {} });
    const signedOff = await env.app.inject({ method: 'POST', url: `/cases/${caseId}/sign-off`, payload: {} });
    expect(signedOff.json().case.stage).toBe('closed');
    await eventually(
      async () =>
        (await env.db.pool.query('SELECT stage FROM cases WHERE id = $1', [caseId])).rows[0].stage === 'closed',
      'the closed case in PostgreSQL',
    );
    const late = await inject(
      signed('POST', url, {
        kind: 'outcome',
        caseId: 'JV-UK-2026-000077',
        at: new Date().toISOString(),
        outcome: { outcome: 'safe', gender: 'male', ageBand: '26-35', counselling: false, helplineReferral: false },
      }),
    );
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json()).toEqual({ caseId, stage: 'closed' });
  });
});
