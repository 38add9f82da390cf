// Each profile's districts.ts is generated from the districts.csv beside it, itself a copy of
// the shared data file: the three must agree row for row.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type District, districtByCode, districtsOf } from '../../domain/districts.js';

const csvOf = (state: string) =>
  readFileSync(fileURLToPath(new URL(`../../domain/profiles/${state}/districts.csv`, import.meta.url)), 'utf8');
const sharedCopy = (state: string) =>
  fileURLToPath(new URL(`../../../shared/data/${state.toLowerCase()}-districts.csv`, import.meta.url));

function parse(text: string): District[] {
  const [header, ...lines] = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  expect(header).toBe('code,name_en,name_hi,policing');
  return lines.map((line) => {
    const cells = line.split(',');
    expect(cells, line).toHaveLength(4);
    const [code, nameEn, nameHi, policing] = cells;
    expect(['district', 'commissionerate'], line).toContain(policing);
    return { code, nameEn, nameHi, policing: policing as District['policing'] };
  });
}

describe.each([
  { state: 'UP', count: 75 },
  { state: 'UK', count: 13 },
])('the districts of $state', ({ state, count }) => {
  const districts = districtsOf(state);

  it('districts.ts has exactly the rows of districts.csv, in order', () => {
    expect(districts).toEqual(parse(csvOf(state)));
  });

  it(`are ${count}, with unique three-letter codes, English and Devanagari names, and are found by code`, () => {
    expect(districts).toHaveLength(count);
    expect(new Set(districts.map((d) => d.code)).size).toBe(count);
    expect(new Set(districts.map((d) => d.nameEn)).size).toBe(count);
    for (const d of districts) {
      expect(d.code).toMatch(/^[A-Z]{3}$/);
      expect(d.nameEn).toMatch(/^[A-Z][A-Za-z .-]+$/);
      expect(d.nameHi).toMatch(/^[\u0900-\u097F ]+$/);
      expect(districtByCode(d.code, state)).toBe(d);
    }
    expect(districtByCode('ZZZ', state)).toBeUndefined();
  });

  it('the repository copy of the CSV equals the shared data file (where the shared folder is present)', () => {
    // Outside the project workspace (a bare clone) ../shared is absent: then the repo copy is its own reference.
    const csv = csvOf(state);
    const reference = existsSync(sharedCopy(state)) ? readFileSync(sharedCopy(state), 'utf8') : csv;
    expect(csv).toBe(reference);
  });
});

describe("a state's district codes are its own", () => {
  it('UP has 7 commissionerates; UK none', () => {
    expect(
      districtsOf('UP')
        .filter((d) => d.policing === 'commissionerate')
        .map((d) => d.code),
    ).toEqual(['AGR', 'GBN', 'GZB', 'KNP', 'LKO', 'PRY', 'VNS']);
    expect(districtsOf('UK').filter((d) => d.policing === 'commissionerate')).toEqual([]);
  });

  it("one state's code is unknown in the other", () => {
    expect(districtByCode('amb', 'UP')).toBeUndefined();
    expect(districtByCode('AMB', 'UP')).toMatchObject({ policing: 'district' });
    expect(districtByCode('GZB', 'UP')).toMatchObject({ policing: 'commissionerate' });
    expect(districtByCode('DDN', 'UK')).toMatchObject({ nameHi: 'देहरादून' });
    expect(districtByCode('DDN', 'UP')).toBeUndefined();
    expect(districtByCode('AGR', 'UK')).toBeUndefined();
  });
});
