import { describe, expect, it } from 'vitest';
import { cleanups } from '../helpers/cleanup.js';

describe('test cleanups', () => {
  it('run last-in first-out, past a failing one, and name the one that hangs', async () => {
    const order: string[] = [];
    const lines: string[] = [];
    const c = cleanups({ slowMs: 20, giveUpMs: 60, report: (line) => lines.push(line) });
    c.add('first', async () => order.push('first'));
    c.add('hangs', () => new Promise(() => {}));
    c.add('fails', async () => {
      order.push('fails');
      throw new Error('already gone');
    });
    const abandoned = await c.run();
    expect(order).toEqual(['fails', 'first']);
    expect(abandoned).toEqual(['hangs']);
    expect(lines.some((l) => l.startsWith('cleanup "hangs" still running after'))).toBe(true);
    expect(lines.at(-1)).toMatch(/^cleanup "hangs" abandoned after \d+ s$/);
    expect(await c.run()).toEqual([]);
  });
});
