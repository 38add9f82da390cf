// Overdue enquiries chase themselves (issue 17): an open enquiry past its due time runs a
// ladder of its own while the case is being located: its owner's desk first, then the SMC
// supervisor, and a final call that hands it to a supervisor. Pure rules, default policy.

import { describe, expect, it } from 'vitest';
import { renderMail } from '../../activities/mail-templates.js';
import type { NextEscalation } from '../../contract/case.js';
import { DEFAULT_POLICY } from '../../domain/default-policy.js';
import { activeWaits, enquiryOfKey } from '../../domain/escalation.js';
import { compilePolicy, documentFromPolicy, policyProblems } from '../../domain/policy-document.js';
import { UP } from '../../domain/profiles/UP/profile.js';
import { refreshEscalation } from '../../domain/transitions.js';
import { mailJobFor } from '../../workflows/mail-jobs.js';
import { CaseDriver, caseInput, iso, MIN, T0 } from './fixtures.js';

const SUP = ['smc_supervisor'];
const FINAL = ['smc_supervisor', 'smc_incharge'];

/** A case being located whose workflow chases enquiries (as the workflow sets it under its patch). */
function chasingCase(): CaseDriver {
  const c = new CaseDriver();
  c.state.chasesEnquiries = true;
  refreshEscalation(c.state, c.policy);
  c.step('startLocating', {});
  return c;
}

const enquiryRows = (fired: NextEscalation[], base: number) =>
  fired
    .filter((e) => e.wait === 'enquiry')
    .map((e) => [e.key.split('@')[0], (Date.parse(e.dueAt) - base) / MIN, e.level, e.notify, e.final]);

describe('an enquiry due at the time promised', () => {
  it('takes dueAt as its due time, and its ladder runs from it', () => {
    const c = chasingCase();
    const promised = iso(c.now + 7 * MIN);
    c.step('openEnquiry', { kind: 'telecom_lookup', owner: 'SI Verma', dueInMinutes: 60, dueAt: promised });
    expect(c.state.locating.enquiries[0].dueAt).toBe(promised);
    const fired = c.advance(30 * MIN);
    expect(enquiryRows(fired, c.now - 30 * MIN).slice(0, 2)).toEqual([
      ['enquiry#E1', 7, 1, ['smc_operators'], false],
      ['enquiry#E1', 22, 2, SUP, false],
    ]);
  });

  it('refuses a due time in the past or beyond 24 hours, and opens nothing', () => {
    const c = chasingCase();
    const body = { kind: 'meta_data' as const, owner: 'desk 1', dueInMinutes: 15 };
    expect(c.try('openEnquiry', { ...body, dueAt: iso(c.now - MIN) })).toMatch(/must be in the future/);
    expect(c.try('openEnquiry', { ...body, dueAt: iso(c.now + 25 * 60 * MIN) })).toMatch(/within 24 hours/);
    expect(c.state.locating.enquiries).toEqual([]);
  });
});

describe('an overdue enquiry', () => {
  it("reminds its owner's desk at its due time, tells the supervisor 15 minutes on, twice more, then a final call", () => {
    const c = chasingCase();
    c.step('openEnquiry', { kind: 'telecom_lookup', owner: 'SI Verma', dueInMinutes: 5 });
    expect(activeWaits(c.state).map((w) => w.kind)).toEqual(['locate', 'enquiry']);
    const fired = c.advance(70 * MIN);
    expect(enquiryRows(fired, T0)).toEqual([
      ['enquiry#E1', 5, 1, ['smc_operators'], false],
      ['enquiry#E1', 20, 2, SUP, false],
      ['enquiry#E1', 35, 3, SUP, false],
      ['enquiry#E1', 50, 4, SUP, false],
      ['enquiry#E1', 65, 5, FINAL, true],
    ]);
    // The final call hands the enquiry to a supervisor: held, nothing more until one acts.
    expect(c.state.escalation.supervisorRequired?.key).toMatch(/^enquiry#E1@/);
    // The case's own locate ladder runs beside it, unchanged (first at 10 minutes).
    expect(fired.find((e) => e.wait === 'locate')?.dueAt).toBe(iso(T0 + 10 * MIN));
    expect(c.state.escalation.overdue).toBe(true);
  });

  it("runs its line of enquiry's own ladder: family contacts reach the supervisor after 10 minutes", () => {
    const c = chasingCase();
    c.step('openEnquiry', { kind: 'family_contacts', owner: 'desk 2', dueInMinutes: 3 });
    expect(enquiryRows(c.advance(20 * MIN), T0).slice(0, 2)).toEqual([
      ['enquiry#E1', 3, 1, ['smc_operators'], false],
      ['enquiry#E1', 13, 2, SUP, false],
    ]);
  });

  it('stops the moment the enquiry reports, and each open enquiry runs a ladder of its own', () => {
    const c = chasingCase();
    c.step('openEnquiry', { kind: 'meta_data', owner: 'desk 1', dueInMinutes: 5 });
    c.step('openEnquiry', { kind: 'post_clues', owner: 'desk 2', dueInMinutes: 8 });
    c.advance(6 * MIN);
    c.step('reportEnquiry', { enquiryId: 'E1', found: false, summary: 'no login since last week', confidence: 0 });
    const later = c.advance(60 * MIN);
    expect(new Set(enquiryRows(later, T0).map((r) => r[0]))).toEqual(new Set(['enquiry#E2']));
    expect(
      activeWaits(c.state)
        .filter((w) => w.kind === 'enquiry')
        .map((w) => w.enquiry?.id),
    ).toEqual(['E2']);
  });

  it('ends with locating: once the person is located no enquiry is chased', () => {
    const c = chasingCase();
    c.step('openEnquiry', { kind: 'telecom_lookup', owner: 'desk 1', dueInMinutes: 5 });
    c.step('markLocated', { districtCode: 'AMB', policeStation: 'Akbarpur' });
    expect(activeWaits(c.state).map((w) => w.kind)).toEqual(['notify']);
  });

  it('is not chased in a case that started without the chase (running cases keep what they started with)', () => {
    const c = new CaseDriver();
    c.step('startLocating', {});
    c.step('openEnquiry', { kind: 'telecom_lookup', owner: 'desk 1', dueInMinutes: 5 });
    expect(activeWaits(c.state).map((w) => w.kind)).toEqual(['locate']);
    expect(c.advance(60 * MIN).some((e) => e.wait === 'enquiry')).toBe(false);
  });

  it('is not chased under a policy without the ladder (a snapshot from before it existed)', () => {
    const { enquiry: _none, ...ladders } = DEFAULT_POLICY.ladders;
    const { enquiryLadders: _neither, ...rest } = DEFAULT_POLICY;
    const policy = { ...rest, ladders };
    const c = new CaseDriver(policy);
    c.state.chasesEnquiries = true;
    c.step('startLocating', {});
    c.step('openEnquiry', { kind: 'telecom_lookup', owner: 'desk 1', dueInMinutes: 5 });
    expect(c.advance(60 * MIN).some((e) => e.wait === 'enquiry')).toBe(false);
  });

  it("e-mails which enquiry, whose, and how long it has run; never the enquiry's result or the person", () => {
    const c = chasingCase();
    c.step('openEnquiry', { kind: 'telecom_lookup', owner: 'SI Verma', dueInMinutes: 5 });
    const second = c.advance(21 * MIN).filter((e) => e.wait === 'enquiry')[1];
    expect(enquiryOfKey(c.state, second.key)?.id).toBe('E1');
    const job = mailJobFor(c.state, { kind: 'escalation', escalation: second }, caseInput());
    expect(job).toMatchObject({
      roles: SUP,
      level: 2,
      facts: { waitingFor: 'enquiry', enquiry: { id: 'E1', owner: 'SI Verma' } },
    });
    const mail = renderMail(job, 'https://jeevan.example/console/cases/X', UP);
    expect(mail.text).toContain('Enquiry / जाँच: E1 (telecom lookup), owner / ज़िम्मेदार: SI Verma');
    expect(mail.text).toContain('running for 20 min');
    expect(mail.subject).not.toContain('SI Verma');
  });
});

describe('the policy document', () => {
  it('carries the enquiry ladders through publishing, and checks their rungs like any other', () => {
    const doc = documentFromPolicy(DEFAULT_POLICY);
    expect(policyProblems(doc, 'UP')).toEqual([]);
    const compiled = compilePolicy(doc, 'v-test', 'UP');
    expect(compiled.ladders.enquiry).toEqual(DEFAULT_POLICY.ladders.enquiry);
    expect(compiled.enquiryLadders).toEqual(DEFAULT_POLICY.enquiryLadders);
    const bad = structuredClone(doc);
    bad.enquiryLadders = {
      telecom_lookup: {
        rungs: [
          { afterMs: 5, notify: ['smc_operators'] },
          { afterMs: 5, notify: SUP as ['smc_supervisor'] },
        ],
        repeat: { everyMs: 1, times: 0, notify: ['smc_supervisor'] },
      },
    };
    expect(policyProblems(bad, 'UP').map((p) => p.field)).toEqual(['enquiryLadders.telecom_lookup.rungs.1.afterMs']);
  });

  it('stays valid without an enquiry ladder (documents published before it existed)', () => {
    const doc = documentFromPolicy(DEFAULT_POLICY);
    delete doc.ladders.district.enquiry;
    delete doc.enquiryLadders;
    expect(policyProblems(doc, 'UP')).toEqual([]);
    expect(compilePolicy(doc, 'v-old', 'UP').ladders.enquiry).toBeUndefined();
  });
});
