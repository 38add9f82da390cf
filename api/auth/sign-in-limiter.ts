// Sign-in back-off per (address, username): after a few failures from one address for one
// username, that pair must wait, doubling up to 15 minutes. Someone else's guesses from
// another address never keep an officer out. In memory, per API process.
const FREE_FAILURES = 3;
const FIRST_WAIT_MS = 1000;
const MAX_WAIT_MS = 15 * 60_000;
const FORGET_MS = 60 * 60_000;
const MAX_PAIRS = 100_000;

interface Pair {
  failures: number;
  notBefore: number;
  lastAt: number;
}

export function signInLimiter(now: () => number = Date.now) {
  const pairs = new Map<string, Pair>();
  const key = (ip: string, username: string) => `${ip}\u0000${username.toLowerCase()}`;
  const prune = () => {
    if (pairs.size < MAX_PAIRS) return;
    for (const [k, p] of pairs) if (now() - p.lastAt > FORGET_MS) pairs.delete(k);
    if (pairs.size >= MAX_PAIRS) pairs.clear();
  };
  return {
    /** Failures this pair has collected (0 when it has none, or they are forgotten). */
    failures(ip: string, username: string): number {
      const p = pairs.get(key(ip, username));
      return p && now() - p.lastAt < FORGET_MS ? p.failures : 0;
    },
    /** Whether the pair must wait before its password is checked again. */
    waiting(ip: string, username: string): boolean {
      const p = pairs.get(key(ip, username));
      return Boolean(p && now() < p.notBefore);
    },
    failed(ip: string, username: string): void {
      prune();
      const k = key(ip, username);
      const failures = this.failures(ip, username) + 1;
      const wait =
        failures <= FREE_FAILURES ? 0 : Math.min(FIRST_WAIT_MS * 2 ** (failures - FREE_FAILURES - 1), MAX_WAIT_MS);
      pairs.set(k, { failures, notBefore: now() + wait, lastAt: now() });
    },
    succeeded(ip: string, username: string): void {
      pairs.delete(key(ip, username));
    },
  };
}

export type SignInLimiter = ReturnType<typeof signInLimiter>;
