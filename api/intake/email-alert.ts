// From the fields found in an alert e-mail to an AlertIntake, or a precise reason why not.
// A value that cannot be read is never silently dropped: it is left out of its field and
// copied, as written, into the description, so the operator still sees it on the case.
import { Compile } from 'typebox/compile';
import { type AlertIntake, AlertIntakeSchema, alertProblem } from '../../contract/alert.js';
import { districtHint } from './district-hint.js';
import type { FieldKey, ReadFields } from './email-fields.js';
import { referenceInSubject } from './email-text.js';
import {
  contentKindOf,
  emailOf,
  handleOf,
  ipOf,
  isPlaceholder,
  phoneOf,
  platformIn,
  platformOf,
  referenceOf,
  textOf,
  timeOf,
  urlOf,
} from './email-values.js';

const validator = Compile(AlertIntakeSchema);

/** Warnings and reasons name labels and rules only, never values: they are logged. */
export type AlertReading = { ok: true; alert: AlertIntake; warnings: string[] } | { ok: false; reason: string };

const REACH_LABELS =
  'Username:/Handle:, Profile URL:, Registered phone:/Phone:/Mobile:, Registered email:/Email:, Last login IP:, Approximate location:/Location:';
const REACH_KEYS: readonly FieldKey[] = ['handle', 'profileUrl', 'phone', 'email', 'ipAddress', 'locationHint'];
const OPTIONAL_KEYS: readonly FieldKey[] = [...REACH_KEYS, 'accountName', 'detectedAt'];
const MAX_RAW = 2000; // a single label's value; bounds the work every value reader does
const DESCRIPTION_MAX = 5000; // AlertIntakeSchema's limit

export function alertFromFields(read: ReadFields, headers: { subject?: string; date?: Date }): AlertReading {
  const { fields } = read;
  const warnings: string[] = [];
  const unread: string[] = [];
  const problems: string[] = [];
  const raw = (key: FieldKey, max = MAX_RAW) => {
    const value = fields[key]?.value.trim();
    return value && !isPlaceholder(value) ? value.slice(0, max) : undefined;
  };
  const label = (key: FieldKey) => `${fields[key]?.label ?? key}:`;
  const notes: Notes = {
    warnings,
    asWritten: (key) => unread.push(`${label(key)} ${fields[key]?.value.slice(0, MAX_RAW)}`),
    couldNotRead: (key, why) => {
      warnings.push(`${label(key)} ${why}; kept as written in the description`);
      notes.asWritten(key);
    },
  };
  const subjects = [headers.subject ?? '', ...read.subjects];

  const refText = raw('reference');
  let sourceRef = refText ? referenceOf(refText) : undefined;
  if (refText && !sourceRef) notes.couldNotRead('reference', 'not a reference');
  sourceRef ??= subjects.map(referenceInSubject).find(Boolean);
  if (!sourceRef) problems.push('no alert reference found (looked for Reference:, Ref:, and "Ref ..." in the subject)');

  const platformText = raw('platform');
  const platform = platformText
    ? platformOf(platformText)
    : [raw('profileUrl') ?? '', ...subjects].map(platformIn).find(Boolean);
  if (!platform)
    problems.push(
      'no platform found (looked for Platform:, and Facebook, Instagram, WhatsApp or Threads in the profile URL or subject)',
    );
  else if (!platformText) warnings.push('no Platform: line; platform taken from the profile URL or subject');

  const kindText = raw('contentKind');
  const kind = kindText ? contentKindOf(kindText) : { contentKind: 'post' as const };
  if (!kindText) warnings.push('no Content type: line; taken as a post');

  const detectedAt = detectionTime(read, headers, raw('detectedAt'), notes);

  const alert: AlertIntake = {
    source: 'meta',
    sourceRef: sourceRef ?? '-',
    channel: 'email',
    platform: platform ?? 'other',
    ...kind,
  };
  if (detectedAt) alert.detectedAt = detectedAt;
  readReach(alert, raw, notes);

  // The schema is the last word on every optional field: what it refuses is kept as written instead.
  for (const error of validator.Errors(alert)) {
    const key = error.instancePath.slice(1) as FieldKey;
    if (OPTIONAL_KEYS.includes(key) && key in alert) {
      delete (alert as Record<string, unknown>)[key];
      notes.couldNotRead(key, `not accepted (${error.message})`);
    }
  }
  if (!REACH_KEYS.some((key) => alert[key as keyof AlertIntake] !== undefined)) {
    const unreadable = REACH_KEYS.filter((key) => raw(key)).map(label);
    const found = unreadable.length ? `; found but could not read ${unreadable.join(', ')}` : '';
    problems.push(`no way to reach or find the person (looked for ${REACH_LABELS})${found}`);
  }
  if (problems.length) return { ok: false, reason: problems.join('; ') };

  const description = composeDescription(raw('description', 4 * DESCRIPTION_MAX), unread);
  if (description) alert.description = description;
  const errors = validator.Errors(alert);
  if (errors.length)
    return {
      ok: false,
      reason: `alert does not fit the intake schema: ${errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`,
    };
  const problem = alertProblem(alert);
  return problem ? { ok: false, reason: problem } : { ok: true, alert, warnings };
}

/** What intake could not take as it stands: warnings (labels only, logged) and raw lines (for the case). */
interface Notes {
  warnings: string[];
  asWritten(key: FieldKey): void;
  couldNotRead(key: FieldKey, why: string): void;
}

function detectionTime(
  read: ReadFields,
  headers: { date?: Date },
  text: string | undefined,
  notes: Notes,
): string | undefined {
  const stated = text ? timeOf(text, read.fields.detectedAt?.utc ?? false) : undefined;
  if (text && !stated) notes.couldNotRead('detectedAt', 'not a date and time that can be read without guessing');
  if (stated?.assumedUtc) notes.warnings.push(`${read.fields.detectedAt?.label}: no time zone stated; read as UTC`);
  if (stated) return stated.iso;
  // No usable detection time: the forwarded message's Date line is closer to it than our own Date header.
  const forwarded = read.dates.map((d) => timeOf(d, false)).find(Boolean)?.iso;
  const header = headers.date && !Number.isNaN(headers.date.getTime()) ? headers.date.toISOString() : undefined;
  const fallback = forwarded ?? header;
  if (fallback)
    notes.warnings.push(
      `no readable detection time; the e-mail's ${forwarded ? 'forwarded Date: line' : 'Date header'} is used instead`,
    );
  return fallback;
}

function readReach(alert: AlertIntake, raw: (key: FieldKey) => string | undefined, notes: Notes): void {
  const read = <T>(key: FieldKey, reader: (text: string) => T | undefined, what: string): T | undefined => {
    const text = raw(key);
    const value = text ? reader(text) : undefined;
    if (text && value === undefined) notes.couldNotRead(key, `not ${what}`);
    return value;
  };
  // Two phone numbers on one line: the first goes in the field, the line as written in the description.
  const several = (key: FieldKey, noun: string) => {
    notes.asWritten(key);
    notes.warnings.push(`${noun}: several given; the first is used, all are kept in the description`);
  };
  const accountName = read('accountName', (t) => textOf(handleOf(t) ?? '', 200), 'a name');
  const handle = read('handle', (t) => textOf(handleOf(t) ?? '', 200), 'a handle');
  const profileUrl = read('profileUrl', urlOf, 'a link');
  const phone = read('phone', phoneOf, 'a phone number');
  const email = read('email', emailOf, 'an e-mail address');
  const ipAddress = read('ipAddress', (t) => textOf(ipOf(t) ?? '', 100), 'an IP address');
  const locationHint = read('locationHint', (t) => textOf(t, 500), 'a place');
  if (phone?.more) several('phone', 'phone number');
  if (email?.more) several('email', 'e-mail address');
  const district = locationHint ? districtHint(locationHint) : undefined;
  Object.assign(
    alert,
    Object.fromEntries(
      Object.entries({
        accountName,
        handle,
        profileUrl,
        phone: phone?.phone,
        email: email?.email,
        ipAddress,
        locationHint,
        districtHint: district,
      }).filter(([, v]) => v !== undefined),
    ),
  );
}

/** The description, with the lines intake could not read appended so nothing is lost. */
function composeDescription(text: string | undefined, unread: string[]): string | undefined {
  const notes = unread.length
    ? `\n\n[From the alert e-mail as written; intake could not fully read these lines:]\n${unread.join('\n')}`.slice(
        0,
        DESCRIPTION_MAX / 2,
      )
    : '';
  const body = text ? (textOf(text, DESCRIPTION_MAX - notes.length) ?? '') : '';
  return (body + notes).trim() || undefined;
}
