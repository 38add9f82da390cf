// Turns the text found after a label into the value AlertIntake wants. Each reader returns
// undefined when it cannot make sense of the text; the caller decides what that means.
import type { AlertIntake } from '../../contract/alert.js';

type Platform = AlertIntake['platform'];
type ContentKind = AlertIntake['contentKind'];

/** "N/A", "none", "-": the sender saying there is nothing, which is not an unreadable value. */
export const isPlaceholder = (value: string) =>
  /^(n\/?a|none|nil|null|unknown|not (available|provided|known|applicable)|-+|—|\?+)\.?$/i.test(value.trim());

/** First match of one of the keywords, by position in the text: "Instagram (Facebook login)" is Instagram. */
function earliest<T>(text: string, table: readonly [RegExp, T][]): T | undefined {
  let best: { at: number; value: T } | undefined;
  for (const [re, value] of table) {
    const at = text.search(re);
    if (at !== -1 && (!best || at < best.at)) best = { at, value };
  }
  return best?.value;
}

const PLATFORM_WORDS: readonly [RegExp, Platform][] = [
  [/instagram|\binsta\b/i, 'instagram'],
  [/facebook|\bfb\b|messenger/i, 'facebook'],
  [/whats\s?app/i, 'whatsapp'],
  [/\bthreads\b/i, 'threads'],
];

/** A platform named in the text; anything else the sender names is 'other'. */
export function platformOf(text: string): Platform {
  return earliest(text, PLATFORM_WORDS) ?? 'other';
}

/** A platform recognisable in a profile URL or subject, when the Platform label is missing. */
export const platformIn = (text: string): Platform | undefined => earliest(text, PLATFORM_WORDS);

const KIND_WORDS: readonly [RegExp, ContentKind][] = [
  [/\blive\b|broadcast|livestream/i, 'live_video'],
  [/\breels?\b/i, 'reel'],
  [/\bstor(y|ies)\b/i, 'story'],
  [/\bcomments?\b|\brepl(y|ies)\b/i, 'comment'],
  [/\bmessages?\b|\bchat\b|\bdm\b|\bdirect\b/i, 'message'],
  [/\bposts?\b|\bstatus\b|\bphoto\b|\bimage\b|\bvideo\b/i, 'post'],
];

/** "Live video (broadcast in progress)" -> live_video, live; "Live video (ended)" -> live_video, not live. */
export function contentKindOf(text: string): { contentKind: ContentKind; live?: true } {
  const contentKind = earliest(text, KIND_WORDS) ?? 'other';
  const ended = /\b(ended|over|finished|recorded|replay|archived|no longer)\b/i.test(text);
  return contentKind === 'live_video' && !ended ? { contentKind, live: true } : { contentKind };
}

const ISO_LIKE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|UTC|GMT|IST|[+-]\d{2}:?\d{2})?\b/i;
const ZONE = /\b(UTC|GMT)\b|[+-]\d{2}:?\d{2}\b|\dZ\b/i;

function zoneMinutes(zone: string | undefined): number | undefined {
  if (!zone) return undefined;
  const z = zone.toUpperCase();
  if (z === 'Z' || z === 'UTC' || z === 'GMT') return 0;
  if (z === 'IST') return 330; // India Standard Time, UTC+5:30
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(z);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : undefined;
}

const plausible = (ms: number) => Number.isFinite(ms) && ms > Date.UTC(2000, 0, 1) && ms < Date.UTC(2100, 0, 1);

/**
 * A detection time as ISO 8601. "YYYY-MM-DD HH:MM[:SS]" is read as UTC when the label or the
 * value says UTC (and when nothing says otherwise: assumedUtc tells the caller to warn).
 * Day/month orders such as 02/03/2024 are refused: guessing wrong moves the time by months.
 */
export function timeOf(value: string, labelUtc: boolean): { iso: string; assumedUtc: boolean } | undefined {
  const text = value.trim();
  const m = ISO_LIKE.exec(text);
  if (m) {
    // A zone may also be written apart from the time: "2024-02-02 18:05:40 (UTC)".
    const offset = zoneMinutes(m[7]) ?? (/\bIST\b/.test(text) ? 330 : /\b(UTC|GMT)\b/i.test(text) ? 0 : undefined);
    const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
    const ms = Date.UTC(y, mo - 1, d, h, mi, s) - (offset ?? 0) * 60_000;
    const roundTrip = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
    if (
      roundTrip.getUTCMonth() !== mo - 1 ||
      roundTrip.getUTCDate() !== d ||
      h > 23 ||
      mi > 59 ||
      s > 59 ||
      !plausible(ms)
    )
      return undefined;
    return { iso: new Date(ms).toISOString(), assumedUtc: offset === undefined && !labelUtc };
  }
  if (/\d{1,2}[/.]\d{1,2}[/.]\d{2,4}/.test(text)) return undefined;
  // Other spellings ("Fri, 02 Feb 2024 18:05:40 +0000", "2 Feb 2024 18:05 UTC") only with a stated zone:
  // without one, Date.parse would use the server's own time zone.
  const zoned = ZONE.test(text) ? text : labelUtc ? `${text} UTC` : undefined;
  const ms = zoned ? Date.parse(zoned.replace(/\bIST\b/, '+0530')) : Number.NaN;
  return plausible(ms) ? { iso: new Date(ms).toISOString(), assumedUtc: false } : undefined;
}

/** A sender's reference: the first token the contract's pattern allows, without "#" or trailing dots. */
export function referenceOf(value: string): string | undefined {
  const m = /[A-Za-z0-9][A-Za-z0-9._:/-]{0,119}/.exec(value.replace(/^[#\s]+/, ''));
  return m ? m[0].replace(/[.:/-]+$/, '') || undefined : undefined;
}

const PHONE = /\+?\d[\d ().-]{3,28}\d/g;

/** Digits only, with a leading "+" kept: "+91 98765 43210" -> "+919876543210". */
export function phoneOf(value: string): { phone: string; more: boolean } | undefined {
  const matches = [...value.matchAll(PHONE)].map((m) => m[0]).filter((p) => p.replace(/\D/g, '').length >= 6);
  if (matches.length === 0) return undefined;
  const digits = matches[0].replace(/\D/g, '');
  if (digits.length > 15) return undefined; // longer than any E.164 number
  return { phone: `${matches[0].startsWith('+') ? '+' : ''}${digits}`, more: matches.length > 1 };
}

const EMAIL = /[^\s<>()[\]"',;:]{1,64}@[^\s<>()[\]"',;:@]{1,190}\.[A-Za-z]{2,24}\b/g;

export function emailOf(value: string): { email: string; more: boolean } | undefined {
  const matches = [...value.matchAll(EMAIL)].map((m) => m[0]);
  return matches.length ? { email: matches[0], more: matches.length > 1 } : undefined;
}

/** The profile link; a bare "instagram.com/name" gets https:// in front. */
export function urlOf(value: string): string | undefined {
  const full = /https?:\/\/[^\s<>"']+/i.exec(value)?.[0];
  const bare = full ? undefined : /^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+\/[^\s<>"']*/i.exec(value.trim())?.[0];
  const url = full ?? (bare ? `https://${bare}` : undefined);
  return url?.replace(/[.,;:)\]]+$/, '');
}

/** "203.0.113.45 (2024-02-02 17:58 UTC)" -> "203.0.113.45": the address without the login time. */
export function ipOf(value: string): string | undefined {
  const v4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/.exec(value)?.[0];
  const paren = value.indexOf('(');
  return v4 ?? ((paren === -1 ? value : value.slice(0, paren)).trim() || undefined);
}

/** A handle as written, without link targets the HTML flattening appended or quotes around it. */
export function handleOf(value: string): string | undefined {
  return (
    value
      .replace(/<[^<>]*>/g, '')
      .replace(/^["'“]+|["'”]+$/g, '')
      .trim() || undefined
  );
}

/** Free text: spaces collapsed, cut at max characters with an ellipsis so the cut is visible. */
export function textOf(value: string, max: number): string | undefined {
  const text = value.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
