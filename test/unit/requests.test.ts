// Requests drafted from the case (issue 17 item 2): what the platform's draft and the telecom
// e-mail carry (the minimum their recipients need) and what they leave out; the two steps'
// rules; the directory's telecom nodal officers.
import { describe, expect, it } from 'vitest';
import { renderMail } from '../../activities/mail-templates.js';
import { roleProblem } from '../../contract/access.js';
import { resolveEntries } from '../../domain/directory-resolve.js';
import { checkContact, contactKey } from '../../domain/directory-rows.js';
import { redactSnapshot } from '../../domain/erasure.js';
import { UP } from '../../domain/profiles/UP/profile.js';
import { projectionOf } from '../../domain/projection.js';
import {
  PLATFORM_EMERGENCY_GROUND,
  platformDraft,
  platformIdentifiers,
  TELECOM_LEGAL_GROUND,
} from '../../domain/requests.js';
import { exampleDirectory } from '../../lib/directory/directory.js';
import { seedEntries } from '../../lib/directory/seed.js';
import { mailJobFor } from '../../workflows/mail-jobs.js';
import { alert, CANARY_DETAILS, CaseDriver, caseInput, HOUR, iso, T0 } from './fixtures.js';

const telecom = { telecomOperator: 'airtel', phone: '9876543210', windowHours: 6, dueInMinutes: 30 } as const;

function canaryCase(): CaseDriver {
  const c = new CaseDriver(undefined, {
    alert: alert({ details: CANARY_DETAILS, detectedAt: iso(T0 - HOUR) }),
  });
  c.step('startLocating', { notes: 'CANARY note' });
  c.step('locationHint', { summary: 'CANARY location', confidence: 2 });
  return c;
}

describe('the platform emergency disclosure draft', () => {
  it('carries the account identifiers, the period, the ground and the case number', () => {
    const c = canaryCase();
    const draft = platformDraft(c.state, {
      now: iso(c.now),
      desk: 'SMC duty desk (desk-1)',
      requestingAgency: UP.requestingAgency,
    });
    expect(draft.identifiers).toEqual([
      { label: 'Handle', value: '@canary.handle' },
      { label: 'Profile URL', value: 'https://instagram.com/canary.handle' },
      { label: 'Alert reference', value: 'LR-2024-0001' },
    ]);
    // From 48 hours before the post to now.
    expect(draft.window).toEqual({ from: iso(T0 - HOUR - 48 * HOUR), to: iso(c.now) });
    expect(draft.subject).toBe('Emergency disclosure request: imminent threat to life, case JV-2024-000001');
    for (const part of [
      'Meta Platforms (Instagram)',
      'Case number: JV-2024-000001',
      PLATFORM_EMERGENCY_GROUND,
      '- Handle: @canary.handle',
      '- Profile URL: https://instagram.com/canary.handle',
      `Period: from ${draft.window.from} to ${draft.window.to} (UTC)`,
      'Requested by: SMC duty desk (desk-1)',
      'recent login IP addresses',
    ])
      expect(draft.text).toContain(part);
  });

  it('leaves out the name, phone, e-mail, address, post, notes and the location found so far', () => {
    const c = canaryCase();
    const { text, subject } = platformDraft(c.state, {
      now: iso(c.now),
      desk: 'desk',
      requestingAgency: UP.requestingAgency,
    });
    for (const secret of [
      CANARY_DETAILS.accountName,
      CANARY_DETAILS.phone,
      CANARY_DETAILS.email,
      CANARY_DETAILS.ipAddress,
      CANARY_DETAILS.locationHint,
      CANARY_DETAILS.description,
      'CANARY note',
      'CANARY location',
    ]) {
      expect(text).not.toContain(secret);
      expect(subject).not.toContain(secret);
    }
  });

  it('takes every alert of the case once, and says so when none gave an account', () => {
    const twice = { state: { alerts: [alert(), alert({ alertId: 'A2', sourceRef: 'LR-2' })] } };
    expect(platformIdentifiers(twice.state)).toEqual([
      { label: 'Handle', value: '@someone' },
      { label: 'Alert reference', value: 'LR-2024-0001' },
      { label: 'Alert reference', value: 'LR-2' },
    ]);
    const c = new CaseDriver(undefined, { alert: alert({ channel: 'phone', details: {} }) });
    const draft = platformDraft(c.state, { now: iso(c.now), desk: 'desk', requestingAgency: UP.requestingAgency });
    expect(draft.identifiers).toEqual([]);
    expect(draft.text).toContain('the alert gave no account identifier');
  });

  it('marks a drill', () => {
    const c = new CaseDriver(undefined, { drill: true });
    expect(
      platformDraft(c.state, { now: iso(c.now), desk: 'd', requestingAgency: UP.requestingAgency }).subject,
    ).toMatch(/^DRILL /);
  });
});

describe('filePlatformRequest', () => {
  it('opens the emergency request enquiry with the filing on it; the reply is its result', () => {
    const c = canaryCase();
    c.step(
      'filePlatformRequest',
      { portalReference: 'LER-77', dueInMinutes: 45 },
      { id: 'op-1', role: 'smc_operator', name: 'desk-1' },
    );
    const [e] = c.state.locating.enquiries;
    expect(e).toMatchObject({
      id: 'E1',
      kind: 'meta_emergency_request',
      owner: 'desk-1',
      status: 'open',
      dueAt: iso(c.now + 45 * 60_000),
      request: { kind: 'platform', at: iso(c.now), by: 'op-1', reference: 'LER-77' },
    });
    expect(c.state.timeline.at(-1)).toMatchObject({ kind: 'filePlatformRequest' });
    expect(c.state.timeline.at(-1)?.summary).toContain('reference LER-77');
    c.step('reportEnquiry', { enquiryId: 'E1', found: true, summary: 'Login IP in Lucknow', confidence: 1 });
    expect(c.state.locating.enquiries[0]).toMatchObject({ status: 'found', request: { reference: 'LER-77' } });
  });

  it('is taken only while locating, by the SMC desk', () => {
    const c = new CaseDriver();
    expect(c.try('filePlatformRequest', { dueInMinutes: 30 })).toMatch(/not allowed while the case is received/);
    c.step('startLocating', {});
    expect(roleProblem('filePlatformRequest', 'district_officer')).toBeDefined();
    expect(roleProblem('requestTelecomLocation', 'district_officer')).toBeDefined();
    expect(roleProblem('requestTelecomLocation', 'smc_operator')).toBeUndefined();
    expect(c.try('filePlatformRequest', { dueInMinutes: 30 })).toBeUndefined();
    expect(c.state.locating.enquiries[0].request).toEqual({ kind: 'platform', at: iso(c.now), by: 'op-1' });
  });
});

describe('requestTelecomLocation', () => {
  it('opens a telecom lookup with the request on it; the timeline names the operator, never the number', () => {
    const c = canaryCase();
    c.step('requestTelecomLocation', telecom);
    const [e] = c.state.locating.enquiries;
    expect(e).toMatchObject({
      kind: 'telecom_lookup',
      owner: 'op-1',
      dueAt: iso(c.now + 30 * 60_000),
      request: {
        kind: 'telecom',
        telecomOperator: 'airtel',
        phone: '9876543210',
        window: { from: iso(c.now - 6 * HOUR), to: iso(c.now) },
      },
    });
    const summary = c.state.timeline.at(-1)?.summary ?? '';
    expect(summary).toContain('Bharti Airtel');
    expect(summary).not.toContain('9876543210');
  });

  it('refuses a twenty-first open enquiry', () => {
    const c = new CaseDriver();
    c.step('startLocating', {});
    for (let i = 0; i < 20; i++) c.step('requestTelecomLocation', telecom);
    expect(c.try('requestTelecomLocation', telecom)).toBe('too many open enquiries (20)');
    expect(c.try('filePlatformRequest', { dueInMinutes: 5 })).toBe('too many open enquiries (20)');
  });

  it('e-mails the operator’s nodal officer the number, period, ground and case, and nothing about the person', () => {
    const c = canaryCase();
    c.step('requestTelecomLocation', telecom);
    const job = mailJobFor(c.state, { kind: 'telecom_request' }, caseInput());
    expect(job).toMatchObject({
      step: 'telecom_request:E1',
      level: 0,
      roles: ['telecom_nodal'],
      template: 'telecom_request',
      telecomOperator: 'airtel',
    });
    expect(job.districtCode).toBeUndefined();
    expect(job.facts.locationSummary).toBeUndefined();
    const mail = renderMail(job, 'https://jeevan.example/cases/JV-2024-000001', UP);
    for (const part of [
      'Case / केस: JV-2024-000001',
      'Mobile number / मोबाइल नंबर: 9876543210',
      `Period / अवधि: ${iso(c.now - 6 * HOUR)} to / से ${iso(c.now)} (UTC)`,
      TELECOM_LEGAL_GROUND.en,
      TELECOM_LEGAL_GROUND.hi,
      'Bharti Airtel',
      `Reply needed by / उत्तर इस समय तक: ${c.state.locating.enquiries[0].dueAt}`,
    ])
      expect(mail.text).toContain(part);
    for (const secret of [...Object.values(CANARY_DETAILS), 'CANARY note', 'CANARY location', 'https://jeevan.example'])
      expect(`${mail.subject}\n${mail.text}`).not.toContain(secret);
    expect(mail.subject).not.toContain('9876543210');
  });

  it('drops the number when the case is erased, keeping the operator and period', () => {
    const c = new CaseDriver();
    c.step('startLocating', {});
    c.step('requestTelecomLocation', telecom);
    const { timeline: _t, ...snapshot } = c.state;
    const redacted = redactSnapshot(snapshot);
    expect(redacted.locating.enquiries[0].request).toMatchObject({ kind: 'telecom', telecomOperator: 'airtel' });
    expect(redacted.locating.enquiries[0].request?.phone).toBeUndefined();
    expect(projectionOf(redacted).stage).toBe('locating');
  });
});

describe('telecom nodal officers in the directory', () => {
  const row = {
    role: 'telecom_nodal',
    scope: 'state',
    stateCode: 'UP',
    name: 'Nodal, Jio',
    email: 'n@jio.example.org',
  };

  it('need an operator and a state, and may be this state', () => {
    expect(checkContact({ ...row, telecomOperator: 'jio' }, 'UP').entry).toMatchObject({
      telecomOperator: 'jio',
      stateCode: 'UP',
    });
    expect(checkContact(row, 'UP').problems).toEqual([
      { field: 'telecomOperator', problem: 'is required for role telecom_nodal: one of jio, airtel, vi, bsnl' },
    ]);
    expect(checkContact({ ...row, telecomOperator: 'tata' }, 'UP').problems).toEqual([
      { field: 'telecomOperator', problem: 'must be one of jio, airtel, vi, bsnl' },
    ]);
    expect(checkContact({ ...row, telecomOperator: 'jio', stateCode: '' }, 'UP').problems.map((p) => p.field)).toEqual([
      'stateCode',
    ]);
    expect(
      checkContact({ ...row, telecomOperator: 'jio', scope: 'hq', stateCode: '' }, 'UP').problems[0],
    ).toMatchObject({
      field: 'scope',
    });
  });

  it('is refused an operator on any other role', () => {
    const nodal = { ...row, role: 'nodal_officer', stateCode: 'BR', telecomOperator: 'jio' };
    expect(checkContact(nodal, 'UP').problems).toEqual([
      { field: 'telecomOperator', problem: 'must be empty for any role but telecom_nodal' },
    ]);
  });

  it('keys one contact per operator', () => {
    const a = checkContact({ ...row, telecomOperator: 'jio' }, 'UP').entry;
    const b = checkContact({ ...row, telecomOperator: 'vi' }, 'UP').entry;
    if (!a || !b) throw new Error('rows are valid');
    expect(contactKey(a)).not.toBe(contactKey(b));
  });

  it('resolve by operator and state only; the example directory has Jio, Airtel and Vi for UP, not BSNL', () => {
    const at = new Date(T0);
    const entries = seedEntries('UP');
    const of = (telecomOperator?: string) =>
      resolveEntries(entries, 'telecom_nodal', { homeState: 'UP', telecomOperator }, at).map((c) => c.email);
    expect(of('jio')).toEqual(['nodal.up@jio.telecom.example.org']);
    expect(of('vi')).toEqual(['nodal.up@vi.telecom.example.org']);
    expect(of('bsnl')).toEqual([]);
    expect(of(undefined)).toEqual([]);
    expect(
      resolveEntries(entries, 'telecom_nodal', { homeState: 'UP', telecomOperator: 'jio', stateCode: 'BR' }, at),
    ).toEqual([]);
    expect(
      exampleDirectory('UP')
        .resolve('telecom_nodal', { telecomOperator: 'airtel' })
        .map((r) => r.email),
    ).toEqual(['nodal.up@airtel.telecom.example.org']);
    // Never on an escalation: no other role's resolution reaches them.
    expect(
      resolveEntries(entries, 'smc_operators', { homeState: 'UP', telecomOperator: 'jio' }, at).some(
        (c) => c.role !== 'smc_operators',
      ),
    ).toBe(false);
  });
});
