// mulberry32: a small seeded generator, good enough for test data and fault schedules. The
// one implementation behind the synthetic plans (synthetic-plan.ts) and the soak (test/soak/rng.ts).
/** A generator of numbers in [0, 1) that repeats for the same seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
