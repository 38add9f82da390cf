// The pure rules of the directory: CSV as RFC 4180 writes it, duty shifts in IST (overnight
// too), what makes an entry valid, and who a role reaches for a place at a time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContactEntry } from '../../contract/directory.js';
import { parseCsv, toCsv } from '../../domain/csv.js';
import { resolveEntries } from '../../domain/directory-resolve.js';
import { checkContact } from '../../domain/directory-rows.js';
import { dutyMask, minuteOfDayIst, onDuty, uncovered } from '../../domain/shifts.js';

describe('CSV', () => {
  it('round-trips any table of strings, with the line each record starts on', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'ब', ',', '"', '\n', ' ', 'x', '=', '+', '-', '@', "'", '\t'),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 8 }), (rows) => {
        const text = toCsv(
          ['a', 'b', 'c'],
          rows.map(([a, b, c]) => ({ a, b, c })),
        );
        const { records, error } = parseCsv(text);
        expect(error).toBeUndefined();
        // A record made of one empty field is a blank line: the parser skips those.
        const kept = rows.filter((r) => r.some((f) => f !== '') || r.length > 1);
        expect(records.slice(1).map((r) => r.fields)).toEqual(kept.map((r) => [...r]));
        let line = 2;
        for (const [i, r] of records.slice(1).entries()) {
          expect(r.line).toBe(line);
          line += kept[i].join(',').split('\n').length;
        }
      }),
    );
  });

  it('writes a cell a spreadsheet would run as a formula as text (issue 12 item 9), and reads it back unchanged', () => {
    const text = toCsv(
      ['name', 'phone'],
      [
        { name: '=HYPERLINK("http://x.example","open")', phone: '+91 98765 43210' },
        { name: '@SUM(A1)', phone: -5 },
      ],
    );
    const [, first, second] = text.split('\r\n');
    expect(first).toBe(`"'=HYPERLINK(""http://x.example"",""open"")",'+91 98765 43210`);
    expect(second).toBe("'@SUM(A1),-5");
    expect(
      parseCsv(text)
        .records.slice(1)
        .map((r) => r.fields),
    ).toEqual([
      ['=HYPERLINK("http://x.example","open")', '+91 98765 43210'],
      ['@SUM(A1)', '-5'],
    ]);
  });

  it('names the line of an unclosed quote and of text after a closing quote', () => {
    expect(parseCsv('a,b\n1,"2\n3,4\n').error).toEqual({ line: 2, reason: 'a quoted field is never closed' });
    expect(parseCsv('a,b\n1,"2"x\n').error).toEqual({ line: 2, reason: 'text after a closing quote' });
    expect(parseCsv('\ufeffa,b\r\n1,2').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });
});

describe('shifts', () => {
  const at = (ist: string) => new Date(Date.parse(`2024-06-15T${ist}:00+05:30`));
  it('works in IST, with overnight windows and no shift meaning always', () => {
    expect(minuteOfDayIst(at('02:00'))).toBe(120);
    expect(onDuty({ start: 8 * 60, end: 20 * 60 }, at('07:59'))).toBe(false);
    expect(onDuty({ start: 8 * 60, end: 20 * 60 }, at('08:00'))).toBe(true);
    expect(onDuty({ start: 8 * 60, end: 20 * 60 }, at('20:00'))).toBe(false);
    expect(onDuty({ start: 20 * 60, end: 8 * 60 }, at('02:00'))).toBe(true);
    expect(onDuty({ start: 20 * 60, end: 8 * 60 }, at('12:00'))).toBe(false);
    expect(onDuty(undefined, at('12:00'))).toBe(true);
  });

  it('finds the minutes of the day nobody covers', () => {
    expect(
      uncovered(
        dutyMask([
          { start: 8 * 60, end: 20 * 60 },
          { start: 20 * 60, end: 8 * 60 },
        ]),
      ),
    ).toEqual([]);
    expect(
      uncovered(
        dutyMask([
          { start: 8 * 60, end: 20 * 60 },
          { start: 22 * 60, end: 6 * 60 },
        ]),
      ),
    ).toEqual([
      [360, 480],
      [1200, 1320],
    ]);
    expect(uncovered(dutyMask([]))).toEqual([[0, 1440]]);
  });
});

describe('checkContact', () => {
  const base = {
    role: 'sp',
    scope: 'district',
    districtCode: 'agr',
    name: ' DCP Agra ',
    email: 'DCP.Agra@Police.Example.org',
  };
  it('normalises a good entry', () => {
    expect(checkContact(base, 'UP').entry).toMatchObject({
      districtCode: 'AGR',
      name: 'DCP Agra',
      email: 'dcp.agra@police.example.org',
      shift: undefined,
    });
    expect(checkContact({ ...base, shiftStart: '22:00', shiftEnd: '06:00' }, 'UP').entry?.shift).toEqual({
      start: 1320,
      end: 360,
    });
  });
  it('names every problem', () => {
    const fields = (input: object) => checkContact({ ...base, ...input }, 'UP').problems.map((p) => p.field);
    expect(fields({ role: 'boss' })).toEqual(['role']);
    expect(fields({ scope: 'station' })).toEqual(['scope', 'station']);
    expect(fields({ scope: 'state', stateCode: 'UP' })).toEqual(['scope', 'districtCode', 'stateCode']);
    expect(fields({ email: 'a@b' })).toEqual(['email']);
    expect(fields({ shiftStart: '08:00', shiftEnd: '08:00' })).toEqual(['shiftEnd']);
  });
  it("keeps the 112 control room at state scope under this state's code, a nodal officer under another's", () => {
    const at = (role: string, stateCode: string) =>
      checkContact({ ...base, role, scope: 'state', districtCode: undefined, stateCode }, 'UP').problems.map(
        (p) => p.field,
      );
    expect(at('emergency_112', 'UP')).toEqual([]);
    expect(at('emergency_112', 'MH')).toEqual(['stateCode']);
    expect(at('nodal_officer', 'UP')).toEqual(['stateCode']);
    expect(at('nodal_officer', 'MH')).toEqual([]);
    expect(checkContact({ ...base, role: 'emergency_112' }, 'UP').problems.map((p) => p.field)).toEqual(['scope']);
  });
});

describe('resolveEntries', () => {
  const c = (over: Partial<ContactEntry>): ContactEntry => ({
    role: 'police_station',
    scope: 'district',
    districtCode: 'AGR',
    name: 'x',
    email: 'x@e.org',
    active: true,
    ...over,
  });
  const contacts = [
    c({ email: 'desk.agr@e.org' }),
    c({ scope: 'station', stationName: 'Hari Parvat', email: 'day@e.org', shift: { start: 480, end: 1200 } }),
    c({ scope: 'station', stationName: 'Hari Parvat', email: 'old@e.org', active: false }),
    c({ role: 'sp', email: 'dcp.agr@e.org' }),
    c({ role: 'smc_supervisor', scope: 'hq', districtCode: undefined, email: 'sup@e.org' }),
    c({ role: 'nodal_officer', scope: 'state', districtCode: undefined, stateCode: 'MH', email: 'mh@e.org' }),
    c({ role: 'emergency_112', scope: 'state', districtCode: undefined, stateCode: 'UP', email: '112@e.org' }),
  ];
  const who = (role: ContactEntry['role'], ctx: object, ist = '12:00') =>
    resolveEntries(contacts, role, { ...ctx, homeState: 'UP' }, new Date(`2024-06-15T${ist}:00+05:30`)).map(
      (r) => r.email,
    );
  it('reaches a station on shift, else the district desk; district roles need a district; HQ always; nodal by state', () => {
    expect(who('police_station', { districtCode: 'AGR', policeStation: ' hari parvat ' })).toEqual(['day@e.org']);
    expect(who('police_station', { districtCode: 'AGR', policeStation: 'Hari Parvat' }, '23:00')).toEqual([
      'desk.agr@e.org',
    ]);
    expect(who('police_station', { districtCode: 'AGR', policeStation: 'Tajganj' })).toEqual(['desk.agr@e.org']);
    expect(who('sp', {})).toEqual([]);
    expect(who('sp', { districtCode: 'LKO' })).toEqual([]);
    expect(who('smc_supervisor', { districtCode: 'LKO' })).toEqual(['sup@e.org']);
    expect(who('nodal_officer', { toState: 'MH' })).toEqual(['mh@e.org']);
    expect(who('nodal_officer', { toState: 'BR' })).toEqual([]);
    expect(who('emergency_112', {})).toEqual(['112@e.org']);
    expect(who('emergency_112', { districtCode: 'AGR', toState: 'MH' })).toEqual(['112@e.org']);
  });
});
