// Personal fields at rest in PostgreSQL: sealed by the application with AES-256-GCM, so a
// database dump, a backup or a replica shows ciphertext and a key ID, never the person.
// Keys come from ENCRYPTION_KEYS (config readKeyring): the current key seals, every key
// opens, so keys rotate by putting a new one first. The database never uses a key as
// given: each is stretched with HKDF into a sub-key for this purpose alone, so the
// Temporal payload codec (same keyring) and the database never share a key.
// Each value is bound to its place (table, column, row) as associated data: a sealed
// value copied into another row or column does not open.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Keyring } from '../../config/index.js';

/** The stored form: as jsonb, or as its JSON text in a text column. */
export interface Sealed {
  v: 1;
  /** ID of the key in ENCRYPTION_KEYS that sealed it. */
  k: string;
  iv: string;
  ct: string;
  tag: string;
}

export interface FieldCrypto {
  /** Any JSON value → envelope (jsonb columns). */
  seal(value: unknown, place: string): Sealed;
  open<T = unknown>(stored: unknown, place: string): T;
  /** Text → the envelope's JSON text (text columns). */
  sealText(text: string, place: string): string;
  openText(stored: string, place: string): string;
  /** The key a stored value was sealed with (undefined when it is not an envelope). */
  keyOf(stored: unknown): string | undefined;
}

/** Where each sealed value lives: the associated data that ties it to its row. */
export const PLACE = {
  alertDetails: (alertId: string) => `alerts.details:${alertId}`,
  caseSnapshot: (caseId: string) => `cases.snapshot:${caseId}`,
  eventSummary: (caseId: string, seq: number) => `case_events.summary:${caseId}:${seq}`,
  outboxPayload: (caseId: string, kind: string, dedupeKey: string) => `outbox.payload:${caseId}:${kind}:${dedupeKey}`,
  rejectedEmail: (id: string) => `rejected_emails.raw:${id}`,
};

/** HKDF `info` of the database's sub-keys; another purpose (the payload codec) must use another. */
export const DB_KEY_INFO = 'jeevan/postgres-fields/v1';

export class FieldCryptoError extends Error {
  override name = 'FieldCryptoError';
}

export function createFieldCrypto(keyring: Keyring): FieldCrypto {
  const keys = new Map<string, Buffer>();
  for (const [id, key] of keyring.keys)
    keys.set(id, Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), DB_KEY_INFO, 32)));
  const current = keys.get(keyring.current);
  if (!current) throw new FieldCryptoError(`the current key ${keyring.current} is not in the keyring`);

  const seal = (value: unknown, place: string): Sealed => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', current, iv);
    cipher.setAAD(Buffer.from(place));
    const ct = Buffer.concat([cipher.update(JSON.stringify(value) ?? 'null', 'utf8'), cipher.final()]);
    return {
      v: 1,
      k: keyring.current,
      iv: iv.toString('base64'),
      ct: ct.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  };

  const open = <T>(stored: unknown, place: string): T => {
    if (!isSealed(stored)) throw new FieldCryptoError(`${placeName(place)} is not a sealed value`);
    const key = keys.get(stored.k);
    if (!key)
      throw new FieldCryptoError(
        `${placeName(place)} was sealed with key ${stored.k}, which is not in ENCRYPTION_KEYS`,
      );
    try {
      const tag = Buffer.from(stored.tag, 'base64');
      // Node would check a tag as short as 4 bytes, which a forger can guess: only the full 16 count.
      if (tag.length !== 16) throw new Error('truncated tag');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(stored.iv, 'base64'), { authTagLength: 16 });
      decipher.setAAD(Buffer.from(place));
      decipher.setAuthTag(tag);
      const text = Buffer.concat([decipher.update(Buffer.from(stored.ct, 'base64')), decipher.final()]).toString(
        'utf8',
      );
      return JSON.parse(text) as T;
    } catch {
      // Never the value, never the key: only where and which key.
      throw new FieldCryptoError(
        `${placeName(place)} does not open with key ${stored.k} (altered, or moved from another row)`,
      );
    }
  };

  return {
    seal,
    open,
    sealText: (text, place) => JSON.stringify(seal(text, place)),
    openText: (stored, place) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(stored);
      } catch {
        throw new FieldCryptoError(`${placeName(place)} is not a sealed value`);
      }
      const text = open<unknown>(parsed, place);
      if (typeof text !== 'string') throw new FieldCryptoError(`${placeName(place)} does not hold text`);
      return text;
    },
    keyOf(stored) {
      const value = typeof stored === 'string' ? safeParse(stored) : stored;
      return isSealed(value) ? value.k : undefined;
    },
  };
}

export function isSealed(value: unknown): value is Sealed {
  if (!value || typeof value !== 'object') return false;
  const s = value as Record<string, unknown>;
  return (
    s.v === 1 &&
    typeof s.k === 'string' &&
    typeof s.iv === 'string' &&
    typeof s.ct === 'string' &&
    typeof s.tag === 'string'
  );
}

/** The column part of a place, for errors: the row key may be a case number but never personal data. */
const placeName = (place: string) => place.split(':')[0];

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
