// Secrets at rest: passwords as argon2id hashes; session and API-token secrets (already
// 256 random bits) as SHA-256, which is enough for high-entropy values and fast to look up.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';

export const hashPassword = (password: string) =>
  argon2.hash(password, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** A hash to compare against when the user does not exist, so timing does not reveal usernames. */
let decoy: Promise<string> | undefined;
export const decoyHash = () => {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
};

/** The password hash of a machine account: no argon2 string, so no password ever matches it. */
export const MACHINE_PASSWORD_HASH = '!machine-account:no-password';

export const newSecret = () => randomBytes(32).toString('base64url');
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** API tokens look like `jv_<8 chars>_<secret>`; the prefix identifies a token in lists. */
export function newApiToken(): { token: string; prefix: string } {
  const prefix = randomBytes(6).toString('base64url').slice(0, 8);
  return { token: `jv_${prefix}_${newSecret()}`, prefix };
}

export const PASSWORD_RULE = 'at least 12 characters';
export function passwordProblem(password: string): string | undefined {
  if (password.length < 12) return `the password must have ${PASSWORD_RULE}`;
  if (password.length > 200) return 'the password is too long (200 characters at most)';
  return undefined;
}
