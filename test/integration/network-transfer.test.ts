// Two complete Jeevans, UP and UK, each with its own database, its own Temporal namespace on
// the one dev server, its own worker and API (child programs of test/faults/harness.ts), and
// each other as peers. A UP case is transferred to UK while UK is down: UP escalates meanwhile,
// the packet arrives once UK is back, UK opens one case, and its acknowledgement, arrival and
// outcome come back to UP, the outcome while UP's API is down and UK's worker is killed on the
// way. Nothing is lost or doubled, and UP closes on its supervisor's sign-off.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CaseState } from '../../contract/case.js';
import { freePorts } from '../../dev/free-ports.js';
import { scaledPolicy } from '../../dev/scaled-policy.js';
import { packetFrom, transferPacketOf } from '../../domain/network.js';
import { peerHeaders } from '../../lib/network/peer-signature.js';
import { type Stack, type StackContext, startStackIn } from '../faults/harness.js';
import { openCase, operator, supervisor } from '../faults/scenario.js';
import { createTestDb } from '../helpers/db.js';
import { eventually } from '../helpers/wait.js';

const context = (): StackContext => ({
  topology: 'dev',
  resultsDir: mkdtempSync(join(tmpdir(), 'jeevan-network-')),
  temporalAddress: inject('temporalAddress'),
  pgAdminUrl: inject('pgAdminUrl'),
  workflowBundlePath: inject('workflowBundlePath'),
  temporalCliPath: inject('temporalCliPath'),
  temporalServerPath: '',
  temporalSqlToolPath: '',
  createDb: createTestDb,
});

let up: Stack;
let uk: Stack;
const upToUk = randomBytes(32).toString('base64');
const ukToUp = randomBytes(32).toString('base64');
let ukPort = 0;

beforeAll(async () => {
  const ctx = context();
  const [upPort, ukApiPort] = await freePorts(2);
  ukPort = ukApiPort;
  const id = randomBytes(3).toString('hex');
  // One policy minute lasts 250 ms: UP's transfer_ack ladder fires 4 s after the transfer.
  const policy = scaledPolicy(250);
  const peer = (state: string, port: number, presents: string, expects: string) =>
    JSON.stringify([{ state, url: `http://127.0.0.1:${port}`, presents, expects }]);
  [up, uk] = await Promise.all([
    startStackIn(ctx, {
      name: 'network-up',
      policy,
      namespace: `jeevan-up-${id}`,
      apiPort: upPort,
      env: { JEEVAN_STATE: 'UP', JEEVAN_PEERS: peer('UK', ukApiPort, upToUk, ukToUp) },
    }),
    startStackIn(ctx, {
      name: 'network-uk',
      policy,
      namespace: `jeevan-uk-${id}`,
      apiPort: ukApiPort,
      env: { JEEVAN_STATE: 'UK', JEEVAN_PEERS: peer('UP', upPort, ukToUp, upToUk) },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([up?.close(), uk?.close()]);
});

const step = async (stack: Stack, caseId: string, path: string, body: unknown, as = operator) => {
  const answer = await stack.http.step(caseId, path, body, as);
  expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
  return (answer.body as { case?: CaseState }).case as CaseState;
};
const kinds = (state: CaseState, kind: string) => state.timeline.filter((t) => t.kind === kind);
const transferAckEscalations = (state: CaseState) =>
  state.escalation.history.filter((e) => e.wait === 'transfer_ack').length;
const logged = (stack: Stack, program: 'worker' | 'api', event: string, fields: Record<string, unknown> = {}) =>
  stack[program].events.some((e) => e.event === event && Object.entries(fields).every(([k, v]) => e[k] === v));
const rows = async <T>(stack: Stack, sql: string, params: unknown[]) =>
  (await stack.db.pool.query(sql, params)).rows as T[];

describe('a case handed from UP to UK and answered back', () => {
  it('goes through with UK down on the way there and the answer held up on the way back: nothing lost, nothing doubled', {
    timeout: 400_000,
  }, async () => {
    // UP: a case, located to another state.
    const { caseId } = await openCase(up);
    await step(up, caseId, '/locating/start', {});
    await step(up, caseId, '/location-hints', { summary: 'Dehradun, near the clock tower', confidence: 2 });
    await step(up, caseId, '/notes', { text: 'Family says he left for Dehradun' });
    await eventually(async () => (await up.cases.state(caseId)).notes.length === 1, 'the note on the case');

    // UK is down while the packet is in flight.
    await Promise.all([uk.api.stop(), uk.worker.kill()]);
    const transferred = await step(up, caseId, '/transfer', {
      toState: 'UK',
      nodalOfficer: 'DSP Cyber Crime',
      notes: 'Please act on it now',
      sendNotes: true,
    });
    expect(transferred.stage).toBe('transferred');
    await eventually(async () => logged(up, 'worker', 'peer_unreachable', { caseId }), 'UP to find UK down', 60_000);
    // UP's worker is killed while it retries: the workflow owns the sending, a new worker carries on.
    await up.worker.kill();
    await up.worker.start();
    // UP escalates meanwhile: the transfer_ack ladder runs.
    const waiting = await eventually(
      async () => {
        const s = await up.cases.state(caseId);
        return transferAckEscalations(s) >= 2 && s;
      },
      "UP's transfer_ack escalations while UK is down",
      60_000,
      250,
    );
    expect(waiting.transfer?.peer?.caseId).toBeUndefined();
    expect(await rows(uk, 'SELECT id FROM peer_transfers', [])).toEqual([]);

    // UK is back: the packet arrives, once.
    await Promise.all([uk.api.start(), uk.worker.start()]);
    const delivered = await eventually(
      async () => {
        const s = await up.cases.state(caseId);
        return s.transfer?.peer?.caseId ? s : undefined;
      },
      'the packet to reach UK',
      120_000,
      250,
    );
    const ukCaseId = delivered.transfer?.peer?.caseId as string;
    const received = await rows<{ local_case_id: string }>(
      uk,
      "SELECT local_case_id FROM peer_transfers WHERE direction = 'received' AND remote_case_id = $1",
      [caseId],
    );
    expect(received).toEqual([{ local_case_id: ukCaseId }]);
    const opened = await eventually(() => uk.cases.state(ukCaseId), "UK's case to run");
    expect(opened.alerts[0]).toMatchObject({ channel: 'transfer', source: 'UP', sourceRef: caseId, details: {} });
    expect(opened.receivedFrom).toMatchObject({ state: 'UP', caseId });
    expect(opened.receivedFrom?.notes.map((n) => n.text)).toEqual([
      'Family says he left for Dehradun',
      'Please act on it now',
    ]);
    expect(opened.locating.best).toMatchObject({ summary: 'Dehradun, near the clock tower', confidence: 2 });
    // Nothing personal crossed: the person's handle and phone stay in UP.
    const upAlert = (await up.cases.state(caseId)).alerts[0];
    expect(JSON.stringify(opened)).not.toContain(String(upAlert.details.handle));
    expect(JSON.stringify(opened)).not.toContain(String(upAlert.details.phone));
    // No nodal-officer e-mail for a peer: the packet went instead.
    expect(
      await rows(up, "SELECT recipient FROM deliveries WHERE case_id = $1 AND step = 'transfer'", [caseId]),
    ).toEqual([]);

    // UK's desk takes the case: UP's transfer_ack wait ends.
    await step(uk, ukCaseId, '/locating/start', {});
    const acknowledged = await eventually(
      async () => {
        const s = await up.cases.state(caseId);
        return s.transfer?.acknowledged && s;
      },
      "UK's acknowledgement on UP's case",
      60_000,
      250,
    );
    expect(acknowledged.transfer?.acknowledged?.by).toEqual({ id: 'peer:UK', role: 'peer' });
    expect(acknowledged.escalation.next).toBeUndefined();
    const firedBeforeAck = transferAckEscalations(acknowledged);

    // UK locates, notifies, arrives: UP sees the arrival.
    await step(uk, ukCaseId, '/located', { districtCode: 'DDN', policeStation: 'Kotwali Dehradun' });
    await step(uk, ukCaseId, '/notify', {});
    await step(uk, ukCaseId, '/acknowledge', { party: 'control_room' });
    await step(uk, ukCaseId, '/arrive', {});
    await eventually(
      async () => kinds(await up.cases.state(caseId), 'peer_arrived').length === 1,
      "UK's arrival on UP's case",
      60_000,
      250,
    );
    await step(uk, ukCaseId, '/contact', {});

    // The outcome goes back while UP's API is down, and UK's worker is killed while it retries.
    await up.api.stop();
    await step(uk, ukCaseId, '/outcome', {
      outcome: 'safe',
      gender: 'female',
      ageBand: '19-25',
      counselling: true,
      helplineReferral: true,
    });
    await eventually(
      async () => logged(uk, 'worker', 'peer_unreachable', { kind: 'outcome' }),
      'UK to find UP down',
      60_000,
    );
    await uk.worker.kill();
    await uk.worker.start();
    await up.api.start();
    const done = await eventually(
      async () => {
        const s = await up.cases.state(caseId);
        return s.stage === 'outcome_recorded' && s;
      },
      "UK's outcome on UP's case",
      120_000,
      250,
    );
    expect(done.outcome).toMatchObject({ outcome: 'safe', gender: 'female', ageBand: '19-25', by: { role: 'peer' } });
    // The acknowledgement ended the ladder for good.
    expect(transferAckEscalations(done)).toBe(firedBeforeAck);

    // UP's supervisor signs off: closed (the welfare checks are UK's).
    const closed = await step(up, caseId, '/sign-off', {}, supervisor);
    expect(closed.stage).toBe('closed');

    // Each answer once, each packet once.
    for (const kind of ['peer_delivered', 'peer_acknowledged', 'peer_arrived', 'peer_outcome'])
      expect(kinds(closed, kind), kind).toHaveLength(1);
    expect(await rows(uk, "SELECT id FROM peer_transfers WHERE direction = 'received'", [])).toHaveLength(1);
    expect(
      await rows(up, "SELECT case_id FROM audit_log WHERE action = 'network.packet.sent' AND case_id = $1", [caseId]),
    ).toHaveLength(1);
    const ukAudit = await rows<{ action: string; outcome: string }>(
      uk,
      "SELECT action, outcome FROM audit_log WHERE action LIKE 'network.%' ORDER BY seq",
      [],
    );
    expect(ukAudit).toContainEqual({ action: 'network.packet.received', outcome: 'ok' });
    expect(ukAudit.filter((a) => a.action === 'network.event.sent').length).toBeGreaterThanOrEqual(3);
    const upAudit = await rows<{ outcome: string; details: { kind?: string } }>(
      up,
      "SELECT outcome, details FROM audit_log WHERE action = 'network.event.received' AND case_id = $1",
      [caseId],
    );
    expect(new Set(upAudit.filter((a) => a.outcome === 'ok').map((a) => a.details.kind))).toEqual(
      new Set(['acknowledged', 'arrived', 'outcome']),
    );

    // The same packet delivered again (a retry after a lost answer): the same case, none new.
    const packet = packetFrom(transferPacketOf(transferred, { sendNotes: false, at: new Date().toISOString() }), 'UP');
    const body = JSON.stringify(packet);
    const again = await fetch(`http://127.0.0.1:${ukPort}/network/transfers`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...peerHeaders('UP', Buffer.from(upToUk), 'POST', '/network/transfers', body),
      },
      body,
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ caseId: ukCaseId, status: 'duplicate' });
    expect(await rows(uk, "SELECT id FROM peer_transfers WHERE direction = 'received'", [])).toHaveLength(1);
  });

  it('a transfer to a state not on Jeevan still e-mails its nodal officer, saying how to answer', {
    timeout: 120_000,
  }, async () => {
    const { caseId } = await openCase(up);
    await step(up, caseId, '/locating/start', {});
    await step(up, caseId, '/transfer', { toState: 'BR', nodalOfficer: 'Nodal desk BR' });
    const mail = await eventually(
      async () => up.mail.messages.find((m) => m.subject.includes(caseId) && /transferred to BR/.test(m.subject)),
      'the nodal officer e-mail',
      60_000,
    );
    expect(mail.text).toMatch(/How to answer: reply to this e-mail/);
    expect(logged(up, 'worker', 'peer_packet_sent', { caseId })).toBe(false);
  });
});
