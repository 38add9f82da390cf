// Whether an alert that repeats a stored alert's reference says the same thing. A repeat
// that differs is never dropped as a duplicate: a forged mail sent ahead of a genuine alert
// (with its reference) would otherwise make the genuine one vanish. It is kept on the case
// as a further alert marked "same reference, different content" (repeatOf).
import { isDeepStrictEqual } from 'node:util';
import type { AlertSummary } from '../../contract/case.js';
import { type FieldCrypto, PLACE } from '../../lib/crypto/field-crypto.js';

export interface StoredAlert {
  id: string;
  platform: string;
  contentKind: string;
  live: boolean;
  detectedAt: Date | null;
  details: unknown;
}

/** The details without absent fields, so `{ phone: undefined }` equals `{}`. */
const defined = (o: object) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== ''));

export function sameContent(fields: FieldCrypto, stored: StoredAlert, summary: AlertSummary): boolean {
  // Erased by retention: nothing left to compare with, so it cannot be called the same.
  if (stored.details === null) return false;
  const details = fields.open<AlertSummary['details']>(stored.details, PLACE.alertDetails(stored.id));
  const detectedAt = stored.detectedAt?.getTime() ?? null;
  const incoming = summary.detectedAt ? Date.parse(summary.detectedAt) : null;
  return (
    stored.platform === summary.platform &&
    stored.contentKind === summary.contentKind &&
    stored.live === summary.live &&
    detectedAt === incoming &&
    isDeepStrictEqual(defined(details), defined(summary.details))
  );
}
