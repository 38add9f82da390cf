// The network of Jeevans, its pure parts: JEEVAN_PEERS refused when unsafe, the packet that
// carries nothing but what the contract names, the request signature, and what a peer's
// answers do to the sender's case.
import { randomBytes } from 'node:crypto';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/env.js';
import { readPeers } from '../../config/peers.js';
import { type PeerEvent, TransferPacketSchema } from '../../contract/network.js';
import { redactSnapshot } from '../../domain/erasure.js';
import { activeWaits } from '../../domain/escalation.js';
import { applyPeerEvent, packetFrom, peerAnswerFor, peerEventProblem, transferPacketOf } from '../../domain/network.js';
import { initialState } from '../../domain/transitions.js';
import { checkPeerSignature, peerHeaders } from '../../lib/network/peer-signature.js';
import { CANARY_DETAILS, CaseDriver, caseInput, iso, MIN, officer, supervisor } from './fixtures.js';

const secret = () => randomBytes(32).toString('base64');
const peer = (over: Record<string, unknown> = {}) => ({
  state: 'UK',
  url: 'https://jeevan.uk.example.org/',
  presents: secret(),
  expects: secret(),
  ...over,
});
const peers = (list: unknown[], env: Record<string, string> = {}) =>
  readPeers({ JEEVAN_PEERS: JSON.stringify(list), ...env });
const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('no ConfigError');
};

describe('JEEVAN_PEERS', () => {
  it('reads each peer: state, URL without its trailing slash, and the two secrets', () => {
    const p = peer();
    const [read] = peers([p]);
    expect(read).toEqual({
      state: 'UK',
      url: 'https://jeevan.uk.example.org',
      presents: Buffer.from(p.presents),
      expects: Buffer.from(p.expects),
    });
    expect(readPeers({})).toEqual([]);
  });

  it('refuses, naming the variable and the entry: no secret, a short one, a published one, plain http, our own state, a state twice, bad JSON, unknown fields', () => {
    expect(refusal(() => peers([peer({ expects: undefined })]))).toMatch(
      /JEEVAN_PEERS entry 1 \(UK\): expects is required/,
    );
    expect(refusal(() => peers([peer({ presents: 'short' })]))).toMatch(/presents must be at least 32 random bytes/);
    expect(refusal(() => peers([peer({ presents: 'change-me-change-me-change-me-change-me' })]))).toMatch(
      /published example/,
    );
    expect(refusal(() => peers([peer({ url: 'http://jeevan.uk.example.org' })]))).toMatch(/must be https/);
    expect(peers([peer({ url: 'http://jeevan.uk.example.org' })], { PEERS_ALLOW_HTTP: 'true' })[0].url).toBe(
      'http://jeevan.uk.example.org',
    );
    expect(peers([peer({ url: 'http://127.0.0.1:4000' })])[0].url).toBe('http://127.0.0.1:4000');
    expect(refusal(() => peers([peer({ state: 'UP' })]))).toMatch(/UP is this instance's own state/);
    expect(refusal(() => peers([peer({ state: 'UK' })], { JEEVAN_STATE: 'UK' }))).toMatch(/own state/);
    expect(refusal(() => peers([peer(), peer()]))).toMatch(/UK appears twice/);
    expect(refusal(() => readPeers({ JEEVAN_PEERS: '[{' }))).toMatch(/does not parse as JSON/);
    expect(refusal(() => readPeers({ JEEVAN_PEERS: '{}' }))).toMatch(/must be a JSON list/);
    expect(refusal(() => peers([peer({ token: 'x' })]))).toMatch(/unknown fields: token/);
    expect(refusal(() => peers([peer({ state: 'uk' })]))).toMatch(/two-letter state code/);
    expect(refusal(() => peers([peer({ url: 'https://u:p@jeevan.uk.example.org' })]))).toMatch(/no user, password/);
  });
});

/** A case with the person's details, notes, hints and enquiries in every free field. */
function fullCase() {
  const c = new CaseDriver();
  c.state.alerts[0].details = { ...CANARY_DETAILS };
  c.step('startLocating', { notes: 'private note on start' });
  c.step('openEnquiry', { kind: 'telecom_lookup', owner: 'Inspector Owner Name', dueInMinutes: 30 });
  c.step('reportEnquiry', { enquiryId: 'E1', found: true, summary: 'Tower near Haridwar', confidence: 1 });
  c.step('locationHint', { summary: 'Roorkee, near the canal', confidence: 2, districtCode: 'AMB' });
  c.step('addNote', { text: 'Family says she left for Dehradun' });
  c.step('transfer', { toState: 'UK', nodalOfficer: 'DSP Cyber Cell', notes: 'Please hurry' });
  return c;
}

describe('the transfer packet', () => {
  it('holds identifiers, severity, live flag, hints with confidence and the enquiries done, and nothing else', () => {
    const c = fullCase();
    const packet = packetFrom(transferPacketOf(c.state, { sendNotes: false, at: iso(c.now) }), 'UP');
    expect(Value.Check(TransferPacketSchema, packet)).toBe(true);
    const text = JSON.stringify(packet);
    for (const value of Object.values(CANARY_DETAILS)) expect(text).not.toContain(value);
    for (const hidden of [
      'Inspector Owner Name',
      'private note',
      'Family says',
      'Please hurry',
      'DSP Cyber Cell',
      'AMB',
    ])
      expect(text).not.toContain(hidden);
    expect(packet.sender).toEqual({ state: 'UP', caseId: c.state.caseId });
    expect(packet.alerts).toEqual([
      {
        alertId: c.state.alerts[0].alertId,
        source: c.state.alerts[0].source,
        sourceRef: c.state.alerts[0].sourceRef,
        platform: c.state.alerts[0].platform,
        contentKind: c.state.alerts[0].contentKind,
      },
    ]);
    expect(packet.hints.map((h) => [h.summary, h.confidence])).toContainEqual(['Roorkee, near the canal', 2]);
    expect(packet.enquiries).toEqual([
      { kind: 'telecom_lookup', status: 'found', summary: 'Tower near Haridwar', confidence: 1 },
    ]);
    expect(packet.notes).toEqual([]);
    expect(Object.keys(packet).sort()).toEqual(
      ['alerts', 'drill', 'enquiries', 'hints', 'live', 'notes', 'sender', 'sentAt', 'severity', 'v'].sort(),
    );
  });

  it('carries the notes only when the operator chose to send them', () => {
    const c = fullCase();
    const packet = transferPacketOf(c.state, { sendNotes: true, at: iso(c.now) });
    expect(packet.notes.map((n) => n.text)).toEqual(['Family says she left for Dehradun', 'Please hurry']);
    expect(JSON.stringify(packet)).not.toContain(CANARY_DETAILS.phone);
  });
});

describe('the request signature', () => {
  const key = randomBytes(32);
  const request = { method: 'POST', path: '/network/transfers', body: '{"a":1}' };
  const now = 1_800_000_000;
  const header = peerHeaders('UP', key, request.method, request.path, request.body, now)['jeevan-peer-signature'];

  it('matches for the same method, path, timestamp and body, within 5 minutes', () => {
    expect(checkPeerSignature(key, header, request, now + 299)).toMatchObject({ ok: true, timestamp: now });
  });

  it('does not match another body, path, method or key, nor outside the window', () => {
    expect(checkPeerSignature(key, header, { ...request, body: '{"a":2}' }, now).ok).toBe(false);
    expect(checkPeerSignature(key, header, { ...request, path: '/network/transfers/x/events' }, now).ok).toBe(false);
    expect(checkPeerSignature(key, header, { ...request, method: 'PUT' }, now).ok).toBe(false);
    expect(checkPeerSignature(randomBytes(32), header, request, now).ok).toBe(false);
    expect(checkPeerSignature(key, header, request, now + 301)).toEqual({
      ok: false,
      reason: expect.stringMatching(/300 s off/),
    });
    expect(checkPeerSignature(key, header, request, now - 301).ok).toBe(false);
    expect(checkPeerSignature(key, undefined, request, now).ok).toBe(false);
  });
});

describe("a peer's answers on the sender's case", () => {
  const event = (kind: PeerEvent['kind'], extra: Partial<PeerEvent> = {}): PeerEvent => ({
    kind,
    caseId: 'JV-UK-2026-000007',
    at: iso(Date.now()),
    ...extra,
  });

  it('the acknowledgement ends the transfer_ack wait; an arrival is shown; the outcome is the case outcome; repeats change nothing', () => {
    const c = fullCase();
    expect(activeWaits(c.state).map((w) => w.kind)).toEqual(['transfer_ack']);
    expect(peerEventProblem(c.state, 'HR', event('acknowledged'))).toMatch(/not transferred to HR/);
    expect(peerEventProblem(c.state, 'UK', event('acknowledged'))).toBeUndefined();
    expect(applyPeerEvent(c.state, 'UK', event('acknowledged'), iso(c.now))).toBe(true);
    expect(applyPeerEvent(c.state, 'UK', event('acknowledged'), iso(c.now))).toBe(false);
    expect(activeWaits(c.state)).toEqual([]);
    expect(c.state.stage).toBe('transferred');
    expect(c.state.transfer?.acknowledged?.by).toEqual({ id: 'peer:UK', role: 'peer' });
    expect(applyPeerEvent(c.state, 'UK', event('arrived'), iso(c.now))).toBe(true);
    const outcome = {
      outcome: 'safe',
      gender: 'female',
      ageBand: '19-25',
      counselling: true,
      helplineReferral: true,
    } as const;
    expect(peerEventProblem(c.state, 'UK', event('outcome'))).toMatch(/needs its outcome/);
    expect(applyPeerEvent(c.state, 'UK', event('outcome', { outcome }), iso(c.now))).toBe(true);
    expect(applyPeerEvent(c.state, 'UK', event('outcome', { outcome }), iso(c.now))).toBe(false);
    expect(c.state.stage).toBe('outcome_recorded');
    expect(c.state.outcome).toMatchObject(outcome);
    expect(c.state.timeline.filter((t) => t.kind.startsWith('peer_')).map((t) => t.kind)).toEqual([
      'peer_acknowledged',
      'peer_arrived',
      'peer_outcome',
    ]);
    // The sender's supervisor signs off and the case closes: the welfare checks are the peer's.
    c.now += MIN;
    c.step('signOff', {}, supervisor);
    expect(c.state.stage).toBe('closed');
  });

  it('a case never transferred takes no answer', () => {
    const c = new CaseDriver();
    expect(peerEventProblem(c.state, 'UK', event('acknowledged'))).toMatch(/was not transferred/);
  });
});

describe('a case received from a peer', () => {
  const origin = {
    state: 'UP',
    caseId: 'JV-2026-000123',
    hints: [
      { summary: 'Roorkee, near the canal', confidence: 2 as const, at: iso(Date.now()) },
      { summary: 'Haridwar', confidence: 1 as const, at: iso(Date.now()) },
    ],
    enquiries: [
      {
        kind: 'telecom_lookup' as const,
        status: 'found' as const,
        summary: 'Tower near Haridwar',
        confidence: 1 as const,
      },
    ],
    notes: [{ at: iso(Date.now()), text: 'Family says she left for Dehradun' }],
  };

  it('starts from the sender hints, says where it came from, and answers back on start, arrival and outcome', () => {
    const c = new CaseDriver(undefined, { transferredFrom: origin });
    expect(c.state.receivedFrom).toEqual({
      state: 'UP',
      caseId: origin.caseId,
      enquiries: origin.enquiries,
      notes: origin.notes,
    });
    expect(c.state.locating.best?.summary).toBe('Roorkee, near the canal');
    expect(c.state.timeline[0].summary).toMatch(/transfer by UP \(their case JV-2026-000123/);
    expect(peerAnswerFor(c.state, 'startLocating', iso(c.now))).toMatchObject({
      kind: 'acknowledged',
      caseId: c.state.caseId,
    });
    expect(peerAnswerFor(c.state, 'notifyDistrict', iso(c.now))).toBeUndefined();
    c.step('startLocating', {});
    c.step('markLocated', { districtCode: 'AMB', policeStation: 'Akbarpur' });
    c.step('notifyDistrict', {});
    c.step('arrive', {}, officer);
    expect(peerAnswerFor(c.state, 'arrive', iso(c.now))?.kind).toBe('arrived');
    c.step(
      'recordOutcome',
      { outcome: 'not_found_at_place', gender: 'unknown', counselling: false, helplineReferral: false },
      officer,
    );
    expect(peerAnswerFor(c.state, 'recordOutcome', iso(c.now))).toMatchObject({
      kind: 'outcome',
      outcome: { outcome: 'not_found_at_place', gender: 'unknown', ageBand: 'unknown' },
    });
  });

  it('a case from an alert answers nobody', () => {
    const c = initialState(caseInput());
    expect(peerAnswerFor(c, 'startLocating', iso(Date.now()))).toBeUndefined();
  });

  it('retention erases the sender notes and enquiry summaries', () => {
    const c = new CaseDriver(undefined, { transferredFrom: origin });
    const { timeline: _t, ...snapshot } = c.state;
    const text = JSON.stringify(redactSnapshot(snapshot));
    expect(text).not.toContain('Family says');
    expect(text).not.toContain('Tower near');
    expect(text).not.toContain('Roorkee');
  });
});
