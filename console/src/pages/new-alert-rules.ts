// The phone-alert form's fields and their checks, mirroring contract/alert.ts (the API's
// schema, which stays the judge): required fields, lengths and formats, and "at least one way
// to reach or find the person". The lists are copied, not imported, to keep TypeBox out of
// the console bundle.
export const PLATFORMS = ['facebook', 'instagram', 'whatsapp', 'threads', 'other'] as const;
export const CONTENT_KINDS = ['post', 'story', 'comment', 'live_video', 'reel', 'message', 'other'] as const;
export const URGENCIES = ['critical', 'high', 'normal'] as const;
/** contract/alert.ts REACH_FIELDS */
export const REACH_FIELDS = ['phone', 'handle', 'profileUrl', 'email', 'locationHint', 'ipAddress'] as const;

export interface AlertForm {
  sourceRef: string;
  platform: string;
  contentKind: string;
  live: boolean;
  urgency: string;
  detectedAt: string;
  accountName: string;
  handle: string;
  profileUrl: string;
  phone: string;
  email: string;
  ipAddress: string;
  locationHint: string;
  districtHint: string;
  description: string;
  drill: boolean;
}

export type FieldName = keyof AlertForm | 'reach';

export const EMPTY_FORM: AlertForm = {
  sourceRef: '',
  platform: '',
  contentKind: '',
  live: false,
  urgency: 'high',
  detectedAt: '',
  accountName: '',
  handle: '',
  profileUrl: '',
  phone: '',
  email: '',
  ipAddress: '',
  locationHint: '',
  districtHint: '',
  description: '',
  drill: false,
};

/** A problem's message key and its parameters; `now` shows it while typing, before the field is left. */
export interface Problem {
  key: 'required' | 'tooLong' | 'refChars' | 'phoneChars' | 'phoneShort' | 'emailBad' | 'url' | 'future' | 'reach';
  max?: number;
  now?: boolean;
}

export const MAX: Partial<Record<keyof AlertForm, number>> = {
  sourceRef: 120,
  accountName: 200,
  handle: 200,
  profileUrl: 500,
  phone: 30,
  email: 254,
  ipAddress: 100,
  locationHint: 500,
  description: 5000,
};

const REF = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/;
const PHONE = /^[+0-9 ()-]+$/;
// The schema's `format: 'email'` (as the API's validator reads it): dot-separated atoms, then a
// host name with a dot. A looser check let "a,b@c.d" through, only for the API to refuse it.
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** "2026-03-12T03:05" typed in India Standard Time → an ISO date-time. */
export function istToIso(local: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return undefined;
  const at = new Date(`${local}:00+05:30`);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

export function validate(f: AlertForm, now = Date.now()): Partial<Record<FieldName, Problem>> {
  const p: Partial<Record<FieldName, Problem>> = {};
  for (const [name, max] of Object.entries(MAX) as [keyof AlertForm, number][]) {
    if (String(f[name]).trim().length > max) p[name] = { key: 'tooLong', max, now: true };
  }
  const ref = f.sourceRef.trim();
  if (!ref) p.sourceRef = { key: 'required' };
  else if (!REF.test(ref)) p.sourceRef ??= { key: 'refChars', now: true };
  if (!f.platform) p.platform = { key: 'required' };
  if (!f.contentKind) p.contentKind = { key: 'required' };
  const phone = f.phone.trim();
  if (phone && !PHONE.test(phone)) p.phone = { key: 'phoneChars', now: true };
  else if (phone && phone.replace(/\D/g, '').length < 5) p.phone ??= { key: 'phoneShort' };
  if (f.email.trim() && !EMAIL.test(f.email.trim())) p.email ??= { key: 'emailBad' };
  if (f.profileUrl.trim() && !isWebAddress(f.profileUrl.trim())) p.profileUrl ??= { key: 'url' };
  if (f.detectedAt) {
    const iso = istToIso(f.detectedAt);
    if (iso && Date.parse(iso) > now + 5 * 60_000) p.detectedAt = { key: 'future' };
  }
  if (!REACH_FIELDS.some((name) => f[name].trim() !== '')) p.reach = { key: 'reach' };
  return p;
}

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The request body: trimmed, empty fields left out (the API refuses empty strings). */
export function toBody(f: AlertForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    channel: 'phone',
    sourceRef: f.sourceRef.trim(),
    platform: f.platform,
    contentKind: f.contentKind,
  };
  for (const name of [
    'accountName',
    'handle',
    'profileUrl',
    'phone',
    'email',
    'ipAddress',
    'locationHint',
    'districtHint',
    'description',
  ] as const) {
    const value = f[name].trim();
    if (value) body[name] = value;
  }
  if (f.live) body.live = true;
  if (f.drill) body.drill = true;
  const live = f.live || f.contentKind === 'live_video';
  body.urgency = live ? 'critical' : f.urgency;
  const detected = istToIso(f.detectedAt);
  if (detected) body.detectedAt = detected;
  return body;
}

/** A reference for a call that came with none: PH-20260312-030512 (India Standard Time). */
export function callReference(at = new Date()): string {
  const ist = new Date(at.getTime() + 330 * 60_000).toISOString();
  return `PH-${ist.slice(0, 10).replaceAll('-', '')}-${ist.slice(11, 19).replaceAll(':', '')}`;
}
