// Case e-mails: what each template says (and never says in a subject), which roles each
// case event mails, who the example directory resolves them to, and stable Message-IDs.

import { describe, expect, it } from 'vitest';
import { messageIdFor } from '../../activities/mail.js';
import { renderMail } from '../../activities/mail-templates.js';
import type { MailJob, MailTemplate } from '../../activities/mail-types.js';
import { LADDER_ROLES, type RecipientRole } from '../../contract/policy.js';
import { DEFAULT_POLICY } from '../../domain/default-policy.js';
import { UP } from '../../domain/profiles/UP/profile.js';
import { exampleDirectory } from '../../lib/directory/directory.js';
import { mailJobFor } from '../../workflows/mail-jobs.js';
import {
  alert,
  CANARY_DETAILS,
  CaseDriver,
  caseInput,
  HOUR,
  MIN,
  notifiedCase,
  officer,
  supervisor,
} from './fixtures.js';

const CASE_ID = 'JV-2024-000731';
const URL_ = `https://jeevan.example.org/cases/${CASE_ID}`;
const TEMPLATES: MailTemplate[] = ['district_notification', 'transfer', 'escalation', 'follow_up_reminder'];
/** Personal data a job may carry: it may reach the body of mail to the police who must act, never a subject. */
const CANARIES = ['CANARY-LOC House 12, Lane 4', 'CANARY-PS Akbarpur'];
const DEVANAGARI = /[\u0900-\u097F]/;

function job(template: MailTemplate, overrides: Partial<MailJob> = {}): MailJob {
  return {
    caseId: CASE_ID,
    step:
      template === 'escalation' || template === 'follow_up_reminder'
        ? 'escalation:arrive@2024-06-15T23:37:00.000Z'
        : template,
    level: template === 'escalation' ? 2 : template === 'follow_up_reminder' ? 1 : 0,
    roles: ['sp'],
    template,
    drill: false,
    districtCode: 'AMB',
    policeStation: CANARIES[1],
    toState: 'BR',
    facts: {
      severity: 'high',
      stage: 'district_notified',
      openedAt: '2024-06-15T23:37:00.000Z',
      locationSummary: CANARIES[0],
      nextDeadline: '2024-06-16T00:07:00.000Z',
      waitingFor: template === 'follow_up_reminder' ? 'follow_up' : 'arrive',
      dueAt: '2024-06-16T00:07:00.000Z',
      final: false,
    },
    ...overrides,
  };
}

describe('renderMail', () => {
  for (const template of TEMPLATES) {
    describe(template, () => {
      for (const drill of [false, true]) {
        it(`${drill ? 'drill' : 'real case'}: subject has the case number and no personal data; the body is bilingual and links the case`, () => {
          const { subject, text } = renderMail(job(template, { drill }), URL_, UP);
          expect(subject).toContain(CASE_ID);
          for (const canary of CANARIES) expect(subject).not.toContain(canary);
          expect(subject).not.toMatch(/[\r\n]/);
          expect(subject.startsWith('DRILL ')).toBe(drill);
          expect(text.includes('DRILL')).toBe(drill);
          expect(subject).toMatch(DEVANAGARI);
          expect(text).toMatch(DEVANAGARI);
          expect(text).toMatch(/[A-Za-z]{4,} [A-Za-z]{2,}/);
          expect(text).toContain(URL_);
          expect(text).toContain(CASE_ID);
        });
      }
    });
  }

  it('puts the location in the body of the district notification only (where the police must go)', () => {
    expect(renderMail(job('district_notification'), URL_, UP).text).toContain(CANARIES[0]);
    expect(renderMail(job('district_notification'), URL_, UP).text).toContain('Ambedkar Nagar / अम्बेडकर नगर');
    for (const template of ['transfer', 'escalation', 'follow_up_reminder'] as const)
      expect(renderMail(job(template), URL_, UP).text).not.toContain(CANARIES[0]);
  });

  it('marks critical cases, says who is awaited in an escalation, and says when a supervisor must take charge', () => {
    const critical = renderMail(
      job('escalation', { facts: { ...job('escalation').facts, severity: 'critical', final: true } }),
      URL_,
      UP,
    );
    expect(critical.subject).toMatch(/CRITICAL ESCALATION L2 JV-2024-000731/);
    expect(critical.text).toContain('still waiting for police arrival at the place');
    expect(critical.text).toContain('पुलिस का मौके पर पहुँचना');
    expect(critical.text).toContain('a supervisor must take charge');
    expect(renderMail(job('escalation'), URL_, UP).text).not.toContain('a supervisor must take charge');
    expect(renderMail(job('district_notification', { districtCode: undefined }), URL_, UP).text).toContain(
      'district not yet known',
    );
  });

  it('keeps a real case’s personal data out of every subject, end to end from the case state', () => {
    const details = CANARY_DETAILS;
    const input = caseInput({ alert: alert({ details }), districtHint: 'AMB' });
    const c = new CaseDriver(DEFAULT_POLICY, input);
    c.step('startLocating', {});
    c.step('markLocated', { districtCode: 'AMB', policeStation: 'CANARY thana', summary: 'CANARY House 7, Ward 3' });
    c.step('notifyDistrict', {});
    c.advance(20 * MIN);
    const jobs = [
      mailJobFor(c.state, { kind: 'district_notification' }, input),
      mailJobFor(c.state, { kind: 'transfer' }, input),
      ...c.state.escalation.history.map((e) => mailJobFor(c.state, { kind: 'escalation', escalation: e }, input)),
    ];
    for (const j of jobs) {
      const { subject } = renderMail(j, URL_, UP);
      expect(subject).not.toMatch(/canary|98765|203\.0\.113/i);
    }
  });
});

describe('mailJobFor', () => {
  const input = caseInput();

  it('sends the district notification to the control room and the police station, with the best location', () => {
    const c = notifiedCase();
    expect(mailJobFor(c.state, { kind: 'district_notification' }, input)).toMatchObject({
      caseId: input.caseId,
      step: 'district_notification',
      level: 0,
      template: 'district_notification',
      roles: ['district_control_room', 'police_station'],
      districtCode: 'AMB',
      policeStation: 'Akbarpur',
      facts: { severity: 'high', stage: 'district_notified', locationSummary: 'Akbarpur, Ambedkar Nagar' },
    });
  });

  it("tells the state's 112 control room too once the workflow took patch notify-112", () => {
    const c = notifiedCase();
    expect(mailJobFor(c.state, { kind: 'district_notification' }, input, { notify112: true }).roles).toEqual([
      'district_control_room',
      'police_station',
      'emergency_112',
    ]);
    // The option touches nothing but the district notification.
    const next = c.state.escalation.next!;
    expect(mailJobFor(c.state, { kind: 'escalation', escalation: next }, input, { notify112: true }).roles).toEqual(
      next.notify,
    );
  });

  it('sends a transfer to the nodal officer of the other state and the SMC supervisor', () => {
    const c = new CaseDriver();
    c.step('startLocating', {});
    c.step('markNotLocated', { reason: 'outside_jurisdiction' });
    c.step('transfer', { toState: 'BR', nodalOfficer: 'Bihar SMC desk' });
    expect(mailJobFor(c.state, { kind: 'transfer' }, input)).toMatchObject({
      step: 'transfer',
      level: 0,
      template: 'transfer',
      roles: ['nodal_officer', 'smc_supervisor'],
      toState: 'BR',
    });
  });

  it('sends each escalation to the people its ladder level names, keyed by wait and level', () => {
    const c = notifiedCase();
    const fired = c.advance(16 * MIN);
    expect(fired.map((e) => [e.wait, e.level])).toEqual([
      ['acknowledge', 1],
      ['acknowledge', 2],
      ['acknowledge', 3],
      ['arrive', 1],
    ]);
    const jobs = fired.map((e) => mailJobFor(c.state, { kind: 'escalation', escalation: e }, input));
    expect(jobs.map((j) => j.roles)).toEqual([
      ['district_control_room', 'sp'],
      ['district_control_room', 'sp', 'smc_supervisor'],
      ['district_control_room', 'sp', 'smc_supervisor'],
      ['sp'],
    ]);
    expect(jobs.map((j) => j.template)).toEqual(['escalation', 'escalation', 'escalation', 'escalation']);
    expect(jobs[3]).toMatchObject({
      step: `escalation:${fired[3].key}`,
      level: 1,
      facts: { waitingFor: 'arrive', dueAt: fired[3].dueAt, final: false },
    });
    expect(new Set(jobs.map((j) => `${j.step}|${j.level}`)).size).toBe(4);
  });

  it('turns the first level of a welfare check into a reminder, and later levels into escalations', () => {
    const c = notifiedCase();
    c.step('acknowledge', { party: 'control_room' }, officer);
    c.step('acknowledge', { party: 'police_station' }, officer);
    c.step('arrive', {}, officer);
    c.step('contactMade', {}, officer);
    c.step(
      'recordOutcome',
      { outcome: 'safe', gender: 'female', ageBand: '19-25', counselling: true, helplineReferral: true },
      officer,
    );
    c.step('signOff', {}, supervisor);
    const fired = c.advance(36 * HOUR);
    const jobs = fired.map((e) => mailJobFor(c.state, { kind: 'escalation', escalation: e }, input));
    expect(jobs.map((j) => [j.template, j.level, j.roles])).toEqual([
      ['follow_up_reminder', 1, ['police_station', 'district_control_room']],
      ['escalation', 2, ['sp']],
    ]);
  });

  it('uses the district suggested by the alert until one is confirmed', () => {
    const hinted = caseInput({ districtHint: 'GZB' });
    const c = new CaseDriver(DEFAULT_POLICY, hinted);
    const next = c.state.escalation.next!;
    expect(mailJobFor(c.state, { kind: 'escalation', escalation: next }, hinted).districtCode).toBe('GZB');
    expect(
      mailJobFor(new CaseDriver().state, { kind: 'escalation', escalation: next }, caseInput()).districtCode,
    ).toBeUndefined();
  });
});

describe('the example directory (domain/profiles/UP/directory/contacts.csv)', () => {
  const directory = exampleDirectory();
  const resolveAll = (ctx: { districtCode?: string; toState?: string }) =>
    Object.fromEntries(
      LADDER_ROLES.map((role) => [role, directory.resolve(role, ctx).map((r) => `${r.name} <${r.email}>`)]),
    ) as Record<RecipientRole, string[]>;

  it('resolves every role for a district policed by an SP and a Range IG', () => {
    expect(resolveAll({ districtCode: 'AMB', toState: 'BR' })).toEqual({
      smc_operators: ['SMC duty desk <smc-desk@smc.police.example.org>'],
      smc_supervisor: ['SMC supervisor <smc-supervisor@smc.police.example.org>'],
      smc_incharge: ['SMC in-charge <smc-incharge@smc.police.example.org>'],
      district_control_room: ['Control room, Ambedkar Nagar <control-room.amb@police.example.org>'],
      police_station: ['Station house officer, Ambedkar Nagar <sho.amb@police.example.org>'],
      sp: ['SP, Ambedkar Nagar <sp.amb@police.example.org>'],
      cp_or_range_ig: ['Range IG for Ambedkar Nagar <range-ig.amb@police.example.org>'],
      adg_zone: ['ADG zone for Ambedkar Nagar <adg-zone.amb@police.example.org>'],
      nodal_officer: ['Nodal officer, BR <nodal.br@states.police.example.org>'],
      emergency_112: ['UP-112 control room <control-room.up112@police.example.org>'],
    });
  });

  it('resolves the SP role to a DCP and the Range IG role to the Commissioner in a commissionerate', () => {
    const all = resolveAll({ districtCode: 'LKO' });
    expect(all.sp).toEqual(['DCP, Lucknow <dcp.lko@police.example.org>']);
    expect(all.cp_or_range_ig).toEqual(['Commissioner of Police, Lucknow <cp.lko@police.example.org>']);
    expect(all.district_control_room).toEqual(['Control room, Lucknow <control-room.lko@police.example.org>']);
    for (const role of LADDER_ROLES)
      expect(directory.resolve(role, { districtCode: 'LKO', toState: 'MP' }), role).toHaveLength(1);
  });

  it('returns nobody for a district role without a (known) district, or a nodal officer without a state; the SMC and 112 always', () => {
    for (const ctx of [{}, { districtCode: 'ZZZ' }]) {
      for (const role of [
        'district_control_room',
        'police_station',
        'sp',
        'cp_or_range_ig',
        'adg_zone',
        'nodal_officer',
      ] as const) {
        expect(directory.resolve(role, ctx), `${role} ${JSON.stringify(ctx)}`).toEqual([]);
      }
      for (const role of ['smc_operators', 'smc_supervisor', 'smc_incharge', 'emergency_112'] as const)
        expect(directory.resolve(role, ctx)).toHaveLength(1);
    }
  });

  it('reaches a station in the directory at the officer on shift, and any other station at the district desk', () => {
    // 10:00 and 23:00 IST: the day and the night SHO of Hari Parvat (domain/profiles/UP/directory/contacts.csv).
    const at = (iso: string) => ({ districtCode: 'AGR', policeStation: 'hari parvat', at: new Date(iso) });
    expect(directory.resolve('police_station', at('2024-06-15T04:30:00Z')).map((r) => r.email)).toEqual([
      'sho-day.hari-parvat.agr@police.example.org',
    ]);
    expect(directory.resolve('police_station', at('2024-06-15T17:30:00Z')).map((r) => r.email)).toEqual([
      'sho-night.hari-parvat.agr@police.example.org',
    ]);
    expect(
      directory.resolve('police_station', { districtCode: 'AGR', policeStation: 'Sadar Bazar' }).map((r) => r.email),
    ).toEqual(['sho.agr@police.example.org']);
  });
});

describe('messageIdFor', () => {
  const base = job('escalation');

  it('is the same for the same job and recipient (a retried send is recognisable)', () => {
    expect(messageIdFor(base, 'sp.amb@police.example.org')).toBe(
      messageIdFor({ ...base, facts: { ...base.facts, severity: 'critical' } }, 'sp.amb@police.example.org'),
    );
    expect(messageIdFor(base, 'sp.amb@police.example.org')).toMatch(
      new RegExp(`^<${CASE_ID}\\.[0-9a-f]{24}@jeevan\\.invalid>$`),
    );
  });

  it('differs per recipient, per level and per step, and carries no personal data', () => {
    const ids = [
      messageIdFor(base, 'sp.amb@police.example.org'),
      messageIdFor(base, 'control-room.amb@police.example.org'),
      messageIdFor({ ...base, level: 3 }, 'sp.amb@police.example.org'),
      messageIdFor({ ...base, step: 'escalation:acknowledge@2024-06-15T23:37:00.000Z' }, 'sp.amb@police.example.org'),
      messageIdFor({ ...base, caseId: 'JV-2024-000732' }, 'sp.amb@police.example.org'),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).not.toMatch(/police\.example|CANARY/);
  });
});
