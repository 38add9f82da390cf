// The pure parts of personal data at rest: the field envelope (lib/crypto/field-crypto.ts) and
// what retention leaves of a case (domain/erasure.ts).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Keyring } from '../../config/index.js';
import { ERASED, erasedSummary, redactSnapshot } from '../../domain/erasure.js';
import { createFieldCrypto, FieldCryptoError, isSealed } from '../../lib/crypto/field-crypto.js';
import { CaseDriver, HOUR, iso, officer, supervisor } from './fixtures.js';

const ring = (...ids: string[]): Keyring => ({
  current: ids[0],
  keys: new Map(ids.map((id) => [id, randomBytes(32)])),
});

describe('field crypto', () => {
  it('seals JSON and text with the current key, opens with any key in the ring, and binds each value to its place', () => {
    const old = ring('a');
    const sealed = createFieldCrypto(old).seal({ phone: '+91 98765 43210' }, 'alerts.details:1');
    expect(isSealed(sealed)).toBe(true);
    expect(sealed.k).toBe('a');
    expect(JSON.stringify(sealed)).not.toContain('98765');
    const rotated: Keyring = { current: 'b', keys: new Map([['b', randomBytes(32)], ...old.keys]) };
    const fields = createFieldCrypto(rotated);
    expect(fields.open(sealed, 'alerts.details:1')).toEqual({ phone: '+91 98765 43210' });
    expect(() => fields.open(sealed, 'alerts.details:2')).toThrow(FieldCryptoError);
    const text = fields.sealText('a note', 'case_events.summary:JV-1:1');
    expect(fields.keyOf(text)).toBe('b');
    expect(fields.openText(text, 'case_events.summary:JV-1:1')).toBe('a note');
    expect(() => createFieldCrypto(old).openText(text, 'case_events.summary:JV-1:1')).toThrow(
      /key b, which is not in ENCRYPTION_KEYS/,
    );
  });

  it('refuses a value that is not sealed or was altered, naming the column and key but never the value', () => {
    const fields = createFieldCrypto(ring('a'));
    expect(() => fields.open({ phone: 'x' }, 'alerts.details:1')).toThrow('alerts.details is not a sealed value');
    expect(() => fields.openText('plain text', 'rejected_emails.raw:1')).toThrow(
      'rejected_emails.raw is not a sealed value',
    );
    const sealed = fields.seal('secret-value', 'p');
    const ct = Buffer.from(sealed.ct, 'base64');
    ct[0] ^= 1;
    const error = (() => {
      try {
        fields.open({ ...sealed, ct: ct.toString('base64') }, 'p');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/does not open with key a/);
    expect(error?.message).not.toContain('secret-value');
  });

  it('refuses a value whose GCM tag was cut to 4 bytes, which Node would otherwise check and pass (issue 12 item 9)', () => {
    const fields = createFieldCrypto(ring('a'));
    const sealed = fields.seal('secret-value', 'p');
    // A truncated GCM tag is a prefix of the full one, so the genuine 4-byte prefix verifies in plain Node.
    const cut = { ...sealed, tag: Buffer.from(sealed.tag, 'base64').subarray(0, 4).toString('base64') };
    expect(() => fields.open(cut, 'p')).toThrow(/does not open with key a/);
    expect(fields.open(sealed, 'p')).toBe('secret-value');
  });

  it('never uses the configured key itself: the database sub-key differs from the payload codec key', async () => {
    const keyring = ring('a');
    const sealed = createFieldCrypto(keyring).seal('x', 'p');
    // The raw key (what the payload codec uses) does not open a database value.
    const { createDecipheriv } = await import('node:crypto');
    const raw = keyring.keys.get('a') as Buffer;
    const decipher = createDecipheriv('aes-256-gcm', raw, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from('p'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    decipher.update(Buffer.from(sealed.ct, 'base64'));
    expect(() => decipher.final()).toThrow();
  });
});

const C = 'Zq9canary';

/** Cases that between them put the canary in every free-text field a case has. */
function canaryStates() {
  const full = new CaseDriver();
  full.state.alerts[0].details = {
    accountName: C,
    handle: `@${C}`,
    phone: '+91 90000 00000',
    email: `${C}@x.org`,
    ipAddress: C,
    locationHint: C,
    description: C,
  };
  full.step('startLocating', { notes: C });
  full.step('openEnquiry', { kind: 'telecom_lookup', owner: 'desk', dueInMinutes: 30, notes: C });
  full.step('reportEnquiry', { enquiryId: 'E1', found: true, summary: C, confidence: 2, districtCode: 'AMB' });
  full.step('locationHint', { summary: C, confidence: 1 });
  full.step('addNote', { text: C });
  full.step('markLocated', { districtCode: 'AMB', policeStation: 'Akbarpur', summary: C, notes: C });
  full.step('changeDeadline', { dueAt: iso(full.now + HOUR), reason: C }, supervisor);
  full.step('raiseSeverity', { severity: 'critical', reason: C }, supervisor);
  full.step('notifyDistrict', { notes: C });
  full.step('acknowledge', { party: 'control_room', notes: C }, officer);
  full.step('acknowledge', { party: 'police_station', notes: C }, officer);
  full.step('dispatch', { unit: 'PRV 0420', notes: C }, officer);
  full.step('arrive', { notes: C }, officer);
  full.step('contactMade', { notes: C }, officer);
  full.step(
    'recordOutcome',
    { outcome: 'safe', gender: 'male', age: 31, counselling: true, helplineReferral: true, notes: C },
    officer,
  );
  full.step('signOff', { notes: C }, supervisor);
  for (const f of full.state.followUps) {
    full.now = Math.max(full.now, Date.parse(f.dueAt));
    full.step('completeFollowUp', { n: f.n, personWell: true, notes: C }, officer);
  }
  const notLocated = new CaseDriver();
  notLocated.step('startLocating', {});
  notLocated.step('markNotLocated', { reason: 'other', detail: C, notes: C });
  // The learning review's answer is free text too (its reasons and line of enquiry are codes).
  notLocated.step('submitReview', { delayedBy: ['other'], savedMinutes: C, foundBy: 'not_found', notes: C });
  const transferred = new CaseDriver();
  transferred.step('startLocating', {});
  transferred.step('transfer', { toState: 'BR', nodalOfficer: 'Nodal desk BR', notes: C });
  transferred.step('acknowledgeTransfer', { notes: C });
  return { full: full.state, notLocated: notLocated.state, transferred: transferred.state };
}

describe('what retention leaves of a case', () => {
  it.each(Object.entries(canaryStates()))(
    '%s: no personal text is left; stages, times, district, outcome and staff stay',
    (_name, state) => {
      const { timeline, ...snapshot } = state;
      expect(JSON.stringify(snapshot)).toContain(C);
      const redacted = redactSnapshot(snapshot);
      expect(JSON.stringify(redacted)).not.toContain(C);
      expect(redacted).toMatchObject({
        caseId: snapshot.caseId,
        stage: snapshot.stage,
        severity: snapshot.severity,
        milestones: snapshot.milestones,
        version: snapshot.version,
        legalGround: snapshot.legalGround,
      });
      expect(redacted.district).toEqual(snapshot.district);
      expect(redacted.escalation.history).toEqual(snapshot.escalation.history);
      if (snapshot.outcome) {
        const { age: _age, notes: _notes, ...kept } = snapshot.outcome;
        expect(redacted.outcome).toEqual(kept);
      }
      expect(redacted.notes.map((n) => n.by)).toEqual(snapshot.notes.map((n) => n.by));
      if (snapshot.locating.best) expect(redacted.locating.best?.summary).toBe(ERASED);
      for (const t of timeline) expect(erasedSummary(t.kind, t.from ?? null, t.to ?? null)).not.toContain(C);
    },
  );

  it('is idempotent', () => {
    const { timeline: _t, ...snapshot } = canaryStates().full;
    const once = redactSnapshot(snapshot);
    expect(redactSnapshot(once)).toEqual(once);
  });
});
