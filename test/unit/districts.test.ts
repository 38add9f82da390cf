// domain/districts.ts is generated from domain/up-districts.csv, itself a copy of the shared
// data file: the three must agree row for row.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DISTRICTS, type District, districtByCode } from '../../domain/districts.js';

const repoCopy = fileURLToPath(new URL('../../domain/up-districts.csv', import.meta.url));
const sharedCopy = fileURLToPath(new URL('../../../shared/data/up-districts.csv', import.meta.url));
const csv = readFileSync(repoCopy, 'utf8');

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

describe('the districts of Uttar Pradesh', () => {
  it('domain/districts.ts has exactly the rows of domain/up-districts.csv, in order', () => {
    expect(DISTRICTS).toEqual(parse(csv));
  });

  it('are 75, with 7 commissionerates', () => {
    expect(DISTRICTS).toHaveLength(75);
    expect(DISTRICTS.filter((d) => d.policing === 'commissionerate').map((d) => d.nameEn)).toEqual([
      'Agra',
      'Gautam Buddh Nagar',
      'Ghaziabad',
      'Kanpur Nagar',
      'Lucknow',
      'Prayagraj',
      'Varanasi',
    ]);
  });

  it('have unique three-letter codes, English and Devanagari names, and are found by code', () => {
    expect(new Set(DISTRICTS.map((d) => d.code)).size).toBe(75);
    expect(new Set(DISTRICTS.map((d) => d.nameEn)).size).toBe(75);
    for (const d of DISTRICTS) {
      expect(d.code).toMatch(/^[A-Z]{3}$/);
      expect(d.nameEn).toMatch(/^[A-Z][A-Za-z .-]+$/);
      expect(d.nameHi).toMatch(/^[\u0900-\u097F ]+$/);
      expect(districtByCode(d.code)).toBe(d);
    }
    expect(districtByCode('ZZZ')).toBeUndefined();
    expect(districtByCode('amb')).toBeUndefined();
    expect(districtByCode('AMB')).toMatchObject({ nameEn: 'Ambedkar Nagar', policing: 'district' });
    expect(districtByCode('GZB')).toMatchObject({ nameEn: 'Ghaziabad', policing: 'commissionerate' });
  });

  it('the repository copy of the CSV equals the shared data file (where the shared folder is present)', () => {
    // Outside the project workspace (a bare clone) ../shared is absent: then the repo copy is its own reference.
    const reference = existsSync(sharedCopy) ? readFileSync(sharedCopy, 'utf8') : csv;
    expect(csv).toBe(reference);
  });
});
