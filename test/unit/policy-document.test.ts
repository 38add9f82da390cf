// Policy as data: the edited document compiles into the snapshot a case copies (a district's
// own ladders once its district is known), publishing's gap check names exactly what reaches
// nobody, and the dry run projects what the case rules then do.
import { describe, expect, it } from 'vitest';
import type { ContactEntry } from '../../contract/directory.js';
import type { Ladder } from '../../contract/policy.js';
import type { PolicyDocument } from '../../contract/policy-document.js';
import { DEFAULT_POLICY } from '../../domain/default-policy.js';
import { dryRun } from '../../domain/dry-run.js';
import { compilePolicy, DEFAULT_POLICY_DOCUMENT, policyProblems } from '../../domain/policy-document.js';
import { policyGaps } from '../../domain/policy-gaps.js';
import { seedEntries } from '../../lib/directory/seed.js';
import { CaseDriver, HOUR, iso, MIN, T0 } from './fixtures.js';

const ladder = (minutes: number[], roles: Ladder['rungs'][number]['notify'][] = minutes.map(() => ['sp'])): Ladder => ({
  rungs: minutes.map((m, i) => ({ afterMs: m * MIN, notify: roles[i] })),
  repeat: { everyMs: 20 * MIN, times: 2, notify: ['adg_zone', 'smc_incharge'] },
});
const doc = (over: Partial<PolicyDocument> = {}): PolicyDocument => ({
  ...structuredClone(DEFAULT_POLICY_DOCUMENT),
  ...over,
});

describe('compilePolicy', () => {
  it('compiles the default document back to the built-in default, without districtOverrides', () => {
    expect(compilePolicy(DEFAULT_POLICY_DOCUMENT, DEFAULT_POLICY.version, 'UP')).toEqual(DEFAULT_POLICY);
    expect('districtOverrides' in compilePolicy(DEFAULT_POLICY_DOCUMENT, 'x', 'UP')).toBe(false);
  });

  it('gives commissionerates their ladders and a district its own override, over the policing type', () => {
    const d = doc({
      ladders: { district: DEFAULT_POLICY_DOCUMENT.ladders.district, commissionerate: { arrive: ladder([10, 20]) } },
      districtOverrides: { AGR: { arrive: ladder([5]) }, AMB: { acknowledge: ladder([3]) } },
    });
    const p = compilePolicy(d, 'v2', 'UP');
    expect(Object.keys(p.districtOverrides ?? {}).sort()).toEqual([
      'AGR',
      'AMB',
      'GBN',
      'GZB',
      'KNP',
      'LKO',
      'PRY',
      'VNS',
    ]);
    expect(p.districtOverrides?.LKO).toEqual({ arrive: ladder([10, 20]) });
    expect(p.districtOverrides?.AGR).toEqual({ arrive: ladder([5]) });
    expect(p.districtOverrides?.AMB).toEqual({ acknowledge: ladder([3]) });
    expect(p.ladders).toEqual(DEFAULT_POLICY.ladders);
  });

  it("escalates on the district's ladder once the case is located there, and on the base ladder before", () => {
    const p = compilePolicy(
      doc({ districtOverrides: { LKO: { arrive: ladder([4, 8]) }, AMB: { locate: ladder([1]) } } }),
      'v3',
      'UP',
    );
    const run = (district: string) => {
      const c = new CaseDriver(p);
      c.step('startLocating', {});
      const beforeLocated = c.state.escalation.next;
      c.step('markLocated', { districtCode: district, policeStation: 'Kotwali' });
      c.step('notifyDistrict', {});
      c.step('acknowledge', { party: 'control_room' });
      c.step('acknowledge', { party: 'police_station' });
      const fired = c.advance(10 * MIN);
      return { beforeLocated, fired: fired.map((e) => [e.wait, e.level, (Date.parse(e.dueAt) - T0) / MIN]) };
    };
    expect(run('LKO').fired).toEqual([
      ['arrive', 1, 4],
      ['arrive', 2, 8],
    ]);
    expect(run('AMB').fired).toEqual([]); // the default arrive ladder starts at 15 min
    expect(run('AMB').beforeLocated?.dueAt).toBe(iso(T0 + 10 * MIN)); // a locate override never applies
  });
});

describe('policyProblems', () => {
  it('names rungs out of order, unknown districts and overrides that could never apply', () => {
    const d = doc({ districtOverrides: { ZZZ: {}, AGR: { locate: ladder([1]), arrive: ladder([30, 20]) } } });
    expect(policyProblems(d, 'UP')).toEqual([
      { field: 'districtOverrides.ZZZ', problem: 'unknown district code ZZZ' },
      {
        field: 'districtOverrides.AGR.arrive.rungs.1.afterMs',
        problem: `must be later than the rung before (${30 * MIN} ms)`,
      },
      {
        field: 'districtOverrides.AGR.locate',
        problem: 'has no effect: a case waits for location before its district is known',
      },
    ]);
  });
});

describe('policyGaps', () => {
  const seed = seedEntries();
  const without = (pred: (c: ContactEntry) => boolean) => seed.filter((c) => !pred(c));
  it('finds none for the default policy over the example directory', () => {
    expect(policyGaps(DEFAULT_POLICY_DOCUMENT, seed, 'UP')).toEqual([]);
  });

  it('names the level, the roles, the districts and the hours nobody covers', () => {
    const noCp = without((c) => c.role === 'cp_or_range_ig' && (c.districtCode === 'LKO' || c.districtCode === 'AMB'));
    expect(policyGaps(DEFAULT_POLICY_DOCUMENT, noCp, 'UP')).toEqual([
      {
        field: 'ladders.district.arrive.rungs.1.notify',
        problem: 'arrive level 2 (cp_or_range_ig) reaches nobody in districts AMB, LKO at 00:00–24:00 IST',
      },
    ]);
    const dayOnly = seed.map((c) =>
      c.role === 'cp_or_range_ig' && c.districtCode === 'LKO' ? { ...c, shift: { start: 8 * 60, end: 20 * 60 } } : c,
    );
    const d = doc({
      ladders: {
        district: DEFAULT_POLICY_DOCUMENT.ladders.district,
        commissionerate: { arrive: ladder([15, 30], [['sp'], ['cp_or_range_ig']]) },
      },
    });
    expect(policyGaps(d, dayOnly, 'UP')).toEqual([
      {
        field: 'ladders.commissionerate.arrive.rungs.1.notify',
        problem: 'arrive level 2 (cp_or_range_ig) reaches nobody in district LKO at 00:00–08:00, 20:00–24:00 IST',
      },
    ]);
  });

  it("takes the state's 112 control room in any level, before and after location, and names it when nobody answers", () => {
    const d = doc();
    d.ladders.district.locate = ladder([10], [['emergency_112']]);
    d.ladders.district.acknowledge = ladder([5], [['district_control_room', 'emergency_112']]);
    expect(policyProblems(d, 'UP')).toEqual([]);
    expect(policyGaps(d, seedEntries(), 'UP')).toEqual([]);
    expect(
      policyGaps(
        d,
        without((c) => c.role === 'emergency_112'),
        'UP',
      ),
    ).toEqual([
      {
        field: 'ladders.district.locate.rungs.0.notify',
        problem: 'locate level 1 (emergency_112) reaches nobody in a case not yet located at 00:00–24:00 IST',
      },
    ]);
  });

  it('checks waits before location without a district, and transfers per state', () => {
    const d = doc();
    d.ladders.district.locate = ladder([10], [['sp']]);
    d.ladders.district.transfer_ack = ladder([15], [['nodal_officer']]);
    const gaps = policyGaps(
      d,
      without((c) => c.stateCode === 'BR'),
      'UP',
    );
    expect(gaps).toEqual([
      {
        field: 'ladders.district.locate.rungs.0.notify',
        problem: 'locate level 1 (sp) reaches nobody in a case not yet located at 00:00–24:00 IST',
      },
      {
        field: 'ladders.district.transfer_ack.rungs.0.notify',
        problem:
          'transfer_ack level 1 (nodal_officer) for a transfer to BR reaches nobody in a case not yet located at 00:00–24:00 IST',
      },
      expect.objectContaining({
        field: 'ladders.district.transfer_ack.rungs.0.notify',
        problem: expect.stringContaining('for a transfer to BR reaches nobody in districts AGR, ALG'),
      }),
    ]);
  });
});

describe('dryRun', () => {
  it('projects exactly what a case on the same policy fires when nobody moves after notification', () => {
    const p = compilePolicy(doc({ districtOverrides: { LKO: { arrive: ladder([4, 8]) } } }), 'v4', 'UP');
    const projected = dryRun(p, { districtCode: 'LKO', severity: 'critical', from: iso(T0) }).find(
      (s) => s.stage === 'district_notified',
    );
    const c = new CaseDriver(p, { severity: 'critical' });
    c.step('startLocating', {});
    c.step('markLocated', { districtCode: 'LKO', policeStation: 'Hazratganj' });
    c.step('notifyDistrict', {});
    const fired = c.advance(24 * HOUR);
    expect(projected?.escalations.map((e) => [e.wait, e.level, e.dueAt, e.roles, e.final])).toEqual(
      fired.map((e) => [e.wait, e.level, e.dueAt, e.notify, e.final]),
    );
    expect(projected?.escalations.slice(0, 2).map((e) => [e.wait, e.afterMs / MIN])).toEqual([
      ['arrive', 2],
      ['acknowledge', 2.5],
    ]);
  });
});
