// The console's small pure helpers: times in IST and short durations in both languages, the
// router's path patterns, and filling {params} into a translated text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration, formatTime } from '../../console/src/lib/format.js';
import { fill } from '../../console/src/lib/i18n.js';
import { match } from '../../console/src/lib/router.js';

describe('format', () => {
  it('shows times in India Standard Time on a 24-hour clock, in either language', () => {
    const at = '2024-06-15T23:37:05.000Z'; // 05:07:05 on 16 June in IST
    expect(formatTime(at, 'en')).toBe('05:07:05');
    expect(formatDateTime(at, 'en')).toMatch(/^16 Jun(e)?,? 05:07$/);
    expect(formatDateTime(at, 'hi')).toContain('05:07');
    expect(formatDateTime(at, 'hi')).toMatch(/जून/);
    for (const lang of ['en', 'hi'] as const) {
      expect(formatTime(null, lang)).toBe('—');
      expect(formatDateTime(undefined, lang)).toBe('—');
    }
  });

  it('gives durations as 1h 05m, 4m 09s, 12s, 2d 3h, and their absolute value', () => {
    const s = 1000;
    expect(formatDuration(12 * s)).toBe('12s');
    expect(formatDuration(4 * 60 * s + 9 * s)).toBe('4m 09s');
    expect(formatDuration(3600 * s + 5 * 60 * s + 59 * s)).toBe('1h 05m');
    expect(formatDuration(51 * 3600 * s)).toBe('2d 3h');
    expect(formatDuration(-(4 * 60 * s + 9 * s))).toBe('4m 09s');
    expect(formatDuration(3600 * s + 5 * 60 * s, 'hi')).toBe('1 घं 05 मि');
    expect(formatDuration(999)).toBe('0s');
  });

  it('reads back to the duration it stands for, to the unit shown', () => {
    const units: Record<string, number> = { d: 86_400, h: 3600, m: 60, s: 1 };
    fc.assert(
      fc.property(fc.integer({ min: -30 * 86_400_000, max: 30 * 86_400_000 }), (ms) => {
        const text = formatDuration(ms);
        const parts = [...text.matchAll(/(\d+)([dhms])/g)];
        expect(parts.length, text).toBeGreaterThan(0);
        expect(parts.length, text).toBeLessThanOrEqual(2);
        const seconds = parts.reduce((sum, [, n, u]) => sum + Number(n) * units[u], 0);
        const smallest = units[parts.at(-1)?.[2] ?? 's'];
        const actual = Math.floor(Math.abs(ms) / 1000);
        expect(actual - seconds, text).toBeGreaterThanOrEqual(0);
        expect(actual - seconds, text).toBeLessThan(smallest);
        // The Hindi text has the same numbers.
        expect([...formatDuration(ms, 'hi').matchAll(/\d+/g)].map(String), text).toEqual(parts.map((p) => p[1]));
      }),
    );
  });
});

describe('router match', () => {
  it('matches patterns with parameters, decoded, and nothing else', () => {
    expect(match('/', '/')).toEqual({});
    expect(match('/cases/:id', '/cases/JV-2026-000123')).toEqual({ id: 'JV-2026-000123' });
    expect(match('/cases/:id', '/cases/JV%2D2026%20x')).toEqual({ id: 'JV-2026 x' });
    expect(match('/cases/:id', '/cases/a/b')).toBeUndefined();
    expect(match('/cases/:id', '/cases')).toBeUndefined();
    expect(match('/reports', '/reports/')).toEqual({});
    expect(match('/reports', '/directory')).toBeUndefined();
    expect(match('/', '/cases/x')).toBeUndefined();
  });

  it('gives back any parameter value it was built with', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        expect(match('/x/:a/y/:b', `/x/${encodeURIComponent(a)}/y/${encodeURIComponent(b)}`)).toEqual({ a, b });
      }),
    );
  });
});

describe('i18n fill', () => {
  it('fills the named parameters it is given and leaves the others as written', () => {
    expect(fill('{n} open · {o} overdue', { n: 3, o: 0 })).toBe('3 open · 0 overdue');
    expect(fill('मामला {id} खोलें', { id: 'JV-2026-000001' })).toBe('मामला JV-2026-000001 खोलें');
    expect(fill('{a} and {b}', { a: 'x' })).toBe('x and {b}');
    expect(fill('{a}{a}', { a: '{a}' })).toBe('{a}{a}');
    expect(fill('no params {x}')).toBe('no params {x}');
    expect(fill('{toString}', {})).toBe('{toString}');
  });
});
