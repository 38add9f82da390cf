// The soak's one source of chance: a seeded generator (mulberry32), so a run's schedule of
// faults and its load can be replayed with --seed.
import { mulberry32 } from '../../domain/mulberry32.js';
export interface Rng {
  seed: number;
  /** In [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: T[]): T[];
  chance(p: number): boolean;
}

export function rng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)],
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(0, i);
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
    chance: (p) => next() < p,
  };
}

/**
 * A second generator drawn from the first: the load and each lane of faults get their own, so one's draws do not shift
 * another's.
 */
export const fork = (r: Rng): Rng => rng(r.int(1, 2 ** 31 - 1));
