// Reads "Label: value" lines out of an alert e-mail's text. Real alerts will not match our
// illustrative samples, so labels are matched loosely: any order and case, extra spaces,
// synonyms, a tab or a run of spaces instead of the colon, values continued on later lines.

export type FieldKey =
  | 'reference'
  | 'platform'
  | 'contentKind'
  | 'detectedAt'
  | 'accountName'
  | 'handle'
  | 'profileUrl'
  | 'phone'
  | 'email'
  | 'ipAddress'
  | 'locationHint'
  | 'description';

/** A value as found: the label as the sender wrote it (for messages) and whether the label said UTC. */
export interface Found {
  label: string;
  value: string;
  utc: boolean;
}

export interface ReadFields {
  fields: Partial<Record<FieldKey, Found>>;
  /** "Subject:" and "Date:" lines inside the body: headers of forwarded or quoted mail. */
  subjects: string[];
  dates: string[];
}

// Labels after normalising (lower case, "(UTC)" and punctuation removed, "e-mail" -> "email").
const SYNONYMS: Record<FieldKey | 'subject' | 'date', string[]> = {
  reference: [
    'reference',
    'ref',
    'ref no',
    'ref number',
    'reference no',
    'reference number',
    'reference id',
    'case reference',
    'case ref',
    'case id',
  ],
  platform: ['platform', 'service', 'app', 'product', 'social media platform'],
  contentKind: ['content type', 'content kind', 'type of content', 'content format', 'type', 'media type'],
  detectedAt: [
    'detected at',
    'detected',
    'detected on',
    'detection time',
    'time detected',
    'time of detection',
    'time',
    'timestamp',
    'date time',
  ],
  accountName: [
    'account name',
    'name',
    'display name',
    'full name',
    'profile name',
    'account holder',
    'account holder name',
  ],
  handle: ['username', 'user name', 'handle', 'user handle', 'account handle', 'account username', 'screen name'],
  profileUrl: ['profile url', 'profile link', 'profile', 'url', 'link', 'account url', 'account link'],
  phone: [
    'registered phone',
    'phone',
    'mobile',
    'phone number',
    'mobile number',
    'phone no',
    'mobile no',
    'registered phone number',
    'registered mobile',
  ],
  email: ['registered email', 'email', 'email address', 'registered email address', 'email id'],
  ipAddress: ['last login ip', 'ip', 'ip address', 'last ip', 'login ip', 'last login ip address'],
  locationHint: [
    'approximate location',
    'location',
    'approx location',
    'estimated location',
    'last known location',
    'city',
    'address',
  ],
  description: ['description', 'details', 'summary', 'alert details', 'notes'],
  subject: ['subject'],
  date: ['date', 'sent'],
};
const LABELS = new Map(
  Object.entries(SYNONYMS).flatMap(([key, labels]) =>
    labels.map((l) => [l, key as FieldKey | 'subject' | 'date'] as const),
  ),
);

/** Fields whose value is prose: a line that merely looks like "Something: ..." continues it. */
const PROSE = new Set<FieldKey>(['description']);
const MAX_CONTINUATION = 5; // short fields (an address) may wrap, but not forever
const MAX_VALUE = 20_000; // enough for any real description; a 1 MB body must not become one value

interface Split {
  label: string;
  key: string;
  rest: string;
  utc: boolean;
  colon: boolean;
  /** Short enough to be a label we do not know, e.g. "Country: India". */
  labelShaped: boolean;
}

// Finds the separator by scanning, not with a regex: lines are untrusted and may be huge.
function splitLabel(line: string): Split | undefined {
  const text = line.replace(/^[-*•·]+\s+/, '').replace(/^\*+/, '');
  const head = text.slice(0, 60);
  let at = head.search(/[:：\t]/);
  const colon = at > 0;
  if (!colon) {
    at = head.search(/ {2}/);
    if (at <= 0) return undefined;
  }
  const label = text.slice(0, at).replace(/\*+$/, '').trim();
  const utc = /\b(utc|gmt)\b/i.test(label);
  const key = label
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\be-mail\b/g, 'email')
    .replace(/\b(utc|gmt)\b/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const rest = text
    .slice(at + 1)
    .replace(/^\*+/, '')
    .trim();
  const labelShaped =
    colon && /^\p{L}[\p{L}\p{N} .()'/#&-]*$/u.test(label) && label.length <= 40 && label.split(/\s+/).length <= 5;
  return { label, key, rest, utc, colon, labelShaped };
}

export function readFields(lines: readonly string[]): ReadFields {
  const out: ReadFields = { fields: {}, subjects: [], dates: [] };
  // The field being filled; a repeated label is still read (so its continuation lines are
  // not mistaken for something else) but the first non-empty value wins.
  let current: { key: FieldKey; found: Found; lines: number; blank: boolean } | undefined;

  for (const raw of lines) {
    const line = raw.trim();
    const split = line ? splitLabel(line) : undefined;
    const known = split ? LABELS.get(split.key) : undefined;
    if (split && known) {
      current = undefined;
      if (known === 'subject') out.subjects.push(split.rest);
      else if (known === 'date') out.dates.push(split.rest);
      else {
        const found: Found = { label: split.label, value: split.rest.slice(0, MAX_VALUE), utc: split.utc };
        current = { key: known, found, lines: 0, blank: false };
        if (!out.fields[known]?.value) out.fields[known] = found;
      }
      continue;
    }
    if (!current) continue;
    const { found } = current;
    if (line === '') {
      // "Description:" then a blank line then the text is still the description.
      if (found.value === '' && !current.blank) current.blank = true;
      else current = undefined;
      continue;
    }
    const ends =
      /^(-{2,}|_{3,}|={3,})/.test(line) || // signature, forwarded-message marker
      (found.value !== '' && !PROSE.has(current.key) && (split?.labelShaped || current.lines >= MAX_CONTINUATION));
    if (ends) {
      current = undefined;
      continue;
    }
    current.lines += 1;
    if (found.value.length < MAX_VALUE)
      found.value = (found.value ? `${found.value} ${line}` : line).slice(0, MAX_VALUE);
  }
  return out;
}

/** Combines two readings (text part first, HTML part filling the gaps). */
export function mergeFields(first: ReadFields, second: ReadFields): ReadFields {
  const fields = { ...first.fields };
  for (const [key, found] of Object.entries(second.fields) as [FieldKey, Found][]) {
    if (!fields[key]?.value) fields[key] = found;
  }
  return { fields, subjects: [...first.subjects, ...second.subjects], dates: [...first.dates, ...second.dates] };
}
