// Keyed hashes of the identifiers that tell us two alerts are about the same person.
// HMAC with a secret key: the table of hashes reveals nothing without the key, and
// matching never needs the plain text.
import { createHmac } from 'node:crypto';
import type { AlertIntake } from '../../contract/alert.js';

export type IdentityKind = 'phone' | 'account' | 'email';

export function normalisePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  // Indian mobiles: compare on the last ten digits whatever prefix (+91, 0, 91) was written.
  return digits.length >= 10 ? digits.slice(-10) : digits;
}

export function normaliseAccount(alert: Pick<AlertIntake, 'platform' | 'handle' | 'profileUrl'>): string | undefined {
  const handle = alert.handle?.trim().replace(/^@/, '').toLowerCase();
  if (handle) return `${alert.platform}:${handle}`;
  const url = alert.profileUrl?.trim().toLowerCase().replace(/\/+$/, '');
  return url ? `url:${url}` : undefined;
}

export function identityHashes(key: Buffer, alert: AlertIntake): { kind: IdentityKind; hash: string }[] {
  const h = (kind: IdentityKind, value: string) => ({
    kind,
    hash: createHmac('sha256', key).update(`${kind}:${value}`).digest('base64url'),
  });
  const out: { kind: IdentityKind; hash: string }[] = [];
  if (alert.phone && normalisePhone(alert.phone).length >= 6) out.push(h('phone', normalisePhone(alert.phone)));
  const account = normaliseAccount(alert);
  if (account) out.push(h('account', account));
  if (alert.email) out.push(h('email', alert.email.trim().toLowerCase()));
  return out;
}
