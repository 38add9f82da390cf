// The outbound webhook's pure parts (issue 17 item 3): the signature a receiver checks, the
// packet (the minimum, never personal data), and the settings that refuse to start unsafe.
import { describe, expect, it } from 'vitest';
import { packetOf, signatureHeader, signatureOf, verifySignature } from '../../activities/webhook.js';
import { ConfigError } from '../../config/env.js';
import { readApiConfig, readWorkerConfig } from '../../config/index.js';
import { readWebhookConfig, readWebhookEvents } from '../../config/webhook.js';
import { webhookNoticeFor } from '../../workflows/webhook-jobs.js';
import { alert, CANARY_DETAILS, CaseDriver, caseInput, HOUR, officer, supervisor } from './fixtures.js';

const SECRET = 'a-receiver-secret-of-at-least-32-bytes!!';

describe('the signature', () => {
  const body = '{"v":1,"event":"case.notified"}';
  it('is HMAC-SHA256 over <timestamp>.<body>, sent as t=<s>,v1=<hex>', () => {
    // Computed independently: echo -n '1764748800.{"v":1,"event":"case.notified"}' | openssl dgst -sha256 -hmac …
    expect(signatureOf(SECRET, 1764748800, body)).toMatch(/^[0-9a-f]{64}$/);
    expect(signatureHeader(SECRET, 1764748800, body)).toBe(`t=1764748800,v1=${signatureOf(SECRET, 1764748800, body)}`);
    expect(signatureOf(SECRET, 1764748800, body)).not.toBe(signatureOf(SECRET, 1764748801, body));
    expect(signatureOf(SECRET, 1764748800, body)).not.toBe(signatureOf(`${SECRET}x`, 1764748800, body));
  });
  it('verifies with the secret, and not with another secret, another body or past five minutes', () => {
    const t = 1764748800;
    const header = signatureHeader(SECRET, t, body);
    expect(verifySignature(SECRET, header, body, t + 10)).toBe(true);
    expect(verifySignature(`${SECRET}x`, header, body, t + 10)).toBe(false);
    expect(verifySignature(SECRET, header, `${body} `, t + 10)).toBe(false);
    expect(verifySignature(SECRET, header, body, t + 301)).toBe(false);
    expect(verifySignature(SECRET, undefined, body, t)).toBe(false);
    expect(verifySignature(SECRET, 'v1=abc', body, t)).toBe(false);
  });
});

describe('the packet', () => {
  const details = CANARY_DETAILS;
  const input = caseInput({ alert: alert({ details }), districtHint: 'AMB', webhooks: ['notified'] });

  /** A case walked to closed, with a packet for every event on the way. */
  function packets() {
    const c = new CaseDriver(undefined, input);
    c.step('startLocating', {});
    c.step('markLocated', { districtCode: 'AMB', policeStation: 'Akbarpur', summary: 'CANARY House 7, Ward 3' });
    c.step('addNote', { text: 'CANARY note: mother says he is at home' });
    c.step('notifyDistrict', {});
    const out = [webhookNoticeFor(c.state, { event: 'notified' }, input, '2024-06-15T23:50:00.000Z')];
    for (const escalation of c.advance(HOUR).slice(0, 2))
      out.push(webhookNoticeFor(c.state, { event: 'overdue', escalation }, input, escalation.dueAt));
    c.step('acknowledge', { party: 'control_room' }, officer);
    c.step('acknowledge', { party: 'police_station' }, officer);
    c.step('arrive', {}, officer);
    out.push(webhookNoticeFor(c.state, { event: 'arrived' }, input, '2024-06-16T01:00:00.000Z'));
    c.step('contactMade', {}, officer);
    c.step(
      'recordOutcome',
      { outcome: 'safe', gender: 'male', age: 19, counselling: true, helplineReferral: false, notes: 'CANARY notes' },
      officer,
    );
    c.step('signOff', {}, supervisor);
    for (const f of c.state.followUps) c.step('completeFollowUp', { n: f.n, personWell: true }, officer);
    expect(c.state.stage).toBe('closed');
    out.push(webhookNoticeFor(c.state, { event: 'closed' }, input, '2024-06-20T00:00:00.000Z'));
    return out.map((n) => packetOf(n, 'https://jeevan.example.org'));
  }

  it('carries the event, its key, codes, stage and times, and a link to the case page', () => {
    const [notified, overdue, , arrived, closed] = packets();
    expect(notified).toEqual({
      v: 1,
      event: 'case.notified',
      eventKey: `${input.caseId}:notified`,
      caseId: input.caseId,
      district: 'AMB',
      policeStation: 'Akbarpur',
      severity: 'high',
      stage: 'district_notified',
      at: '2024-06-15T23:50:00.000Z',
      drill: false,
      caseUrl: `https://jeevan.example.org/console/cases/${input.caseId}`,
    });
    expect(overdue).toMatchObject({ event: 'case.overdue', level: 1, waitingFor: 'acknowledge' });
    expect(overdue.eventKey).toMatch(new RegExp(`^${input.caseId}:overdue:acknowledge@.+:1$`));
    expect(arrived).toMatchObject({ event: 'case.arrived', stage: 'arrived', eventKey: `${input.caseId}:arrived` });
    expect(closed).toMatchObject({ event: 'case.closed', stage: 'closed', outcome: 'safe' });
  });

  it('gives each event its own key', () => {
    const keys = packets().map((p) => p.eventKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('never carries personal data: no name, phone, handle, address, note or post text', () => {
    const text = JSON.stringify(packets());
    expect(text).not.toMatch(/canary|98765|203\.0\.113|instagram|@example\.com|mother|male|"age"/i);
  });
});

describe('the webhook settings', () => {
  const KEY = Buffer.alloc(32, 9).toString('base64');
  const base = {
    DATABASE_URL: 'postgres://jeevan:Own-0riginal-pw@db.internal:5432/jeevan',
    SMTP_URL: 'smtp://relay.internal:587',
    ENCRYPTION_KEYS: `k1:${KEY}`,
    AUDIT_CHAIN_KEY: KEY,
    IDENTITY_HASH_KEY: KEY,
  };
  const on = { WEBHOOK_URL: 'https://dispatch.example.org/jeevan', WEBHOOK_SECRET: SECRET };
  const refusal = (env: Record<string, string>) => {
    try {
      readWorkerConfig({ ...base, ...env });
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('is off when WEBHOOK_URL is unset, in the worker and the API', () => {
    expect(readWorkerConfig(base).webhook).toBeUndefined();
    expect(readApiConfig(base).webhookEvents).toEqual([]);
    expect(readWebhookConfig({ WEBHOOK_SECRET: SECRET })).toBeUndefined();
  });

  it('sends every event by default, or the ones WEBHOOK_EVENTS names', () => {
    expect(readWorkerConfig({ ...base, ...on }).webhook).toEqual({
      url: on.WEBHOOK_URL,
      secret: Buffer.from(SECRET),
      events: ['notified', 'overdue', 'arrived', 'closed'],
    });
    expect(readWebhookEvents({ ...on, WEBHOOK_EVENTS: 'closed, notified' })).toEqual(['notified', 'closed']);
    // The API decides which events new cases send, but never holds the secret.
    expect(readApiConfig({ ...base, WEBHOOK_URL: on.WEBHOOK_URL }).webhookEvents).toHaveLength(4);
  });

  it('refuses an unsafe combination with one line naming the variable, never echoing the secret', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ WEBHOOK_URL: on.WEBHOOK_URL }, /^Configuration error: WEBHOOK_SECRET is required when WEBHOOK_URL is set/],
      [{ ...on, WEBHOOK_SECRET: 'too-short' }, /^Configuration error: WEBHOOK_SECRET must be at least 32 bytes/],
      [
        { ...on, WEBHOOK_SECRET: 'change-me-change-me-change-me-change-me' },
        /^Configuration error: WEBHOOK_SECRET is set to a published example/,
      ],
      [
        { ...on, WEBHOOK_URL: 'http://dispatch.example.org/jeevan' },
        /^Configuration error: WEBHOOK_URL must be an https URL/,
      ],
      [
        { ...on, WEBHOOK_URL: 'https://user:pw@dispatch.example.org/' },
        /^Configuration error: WEBHOOK_URL must not carry/,
      ],
      [
        { ...on, WEBHOOK_URL: 'ftp://dispatch.example.org/' },
        /^Configuration error: WEBHOOK_URL must be a https or http URL/,
      ],
      [
        { ...on, WEBHOOK_EVENTS: 'notified,opened' },
        /^Configuration error: WEBHOOK_EVENTS must be a comma-separated list/,
      ],
      [
        { ...on, WEBHOOK_ALLOW_HTTP: 'maybe', WEBHOOK_URL: 'http://10.0.0.5/' },
        /^Configuration error: WEBHOOK_ALLOW_HTTP/,
      ],
    ];
    for (const [env, message] of cases) {
      const text = refusal(env);
      expect(text).toMatch(message);
      expect(text.split('\n')).toHaveLength(1);
      expect(text).not.toContain(SECRET);
    }
  });

  it('takes plain http only to a loopback address, or with WEBHOOK_ALLOW_HTTP=true', () => {
    for (const url of ['http://127.0.0.1:9000/hook', 'http://localhost:9000/hook', 'http://[::1]:9000/hook'])
      expect(readWebhookConfig({ ...on, WEBHOOK_URL: url })?.url).toBe(url);
    expect(readWebhookConfig({ ...on, WEBHOOK_URL: 'http://10.0.0.5/', WEBHOOK_ALLOW_HTTP: 'true' })?.url).toBe(
      'http://10.0.0.5/',
    );
  });
});
