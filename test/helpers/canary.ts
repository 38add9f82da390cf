// Unique personal values to plant in a case, and the search for them wherever personal data
// must never appear. Every text value carries one random tag of letters (no real data or
// binary noise contains it by chance); the phone number and IP address are searched as such.
import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import type { ApiTestEnv } from './api.js';

export interface Canary {
  tag: string;
  phoneDigits: string;
  alert: {
    accountName: string;
    handle: string;
    profileUrl: string;
    phone: string;
    email: string;
    ipAddress: string;
    locationHint: string;
    description: string;
  };
  /** A free-text value for a step's notes or summary, e.g. text('locatedSummary'). */
  text(what: string): string;
  needles: string[];
}

export function makeCanary(): Canary {
  const tag = `zq${Array.from({ length: 12 }, () => String.fromCharCode(97 + randomInt(26))).join('')}`;
  const phoneDigits = `9${randomInt(100_000_000, 999_999_999)}`;
  const ipAddress = `10.${randomInt(100, 255)}.${randomInt(100, 255)}.${randomInt(100, 255)}`;
  const phone = `+91 ${phoneDigits.slice(0, 5)} ${phoneDigits.slice(5)}`;
  return {
    tag,
    phoneDigits,
    alert: {
      accountName: `Asha ${tag} Verma`,
      handle: `@${tag}_h`,
      profileUrl: `https://www.instagram.com/${tag}_p`,
      phone,
      email: `${tag}.e@example.org`,
      ipAddress,
      locationHint: `House 12, ${tag} Lane, Vijay Nagar`,
      description: `Posted a goodbye note (${tag} description)`,
    },
    text: (what) => `${what}: ${tag} personal detail`,
    needles: [tag, tag.toUpperCase(), phoneDigits, `${phoneDigits.slice(0, 5)} ${phoneDigits.slice(5)}`, ipAddress],
  };
}

/** The needles found in a haystack (text or raw bytes); empty when it is clean. */
export function hits(canary: Canary, haystack: string | Buffer): string[] {
  const bytes = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  return canary.needles.filter((needle) => bytes.includes(Buffer.from(needle, 'utf8')));
}

export interface FoundPayload {
  path: string;
  metadata: Record<string, Uint8Array | string>;
  data?: Uint8Array | string;
}

/** Every Temporal payload ({metadata, data}) anywhere in a history, raw or as the UI's JSON. */
export function payloadsIn(node: unknown, path = ''): FoundPayload[] {
  if (!node || typeof node !== 'object' || ArrayBuffer.isView(node)) return [];
  const record = node as Record<string, unknown>;
  if (record.metadata && typeof record.metadata === 'object' && 'encoding' in (record.metadata as object)) {
    return [{ path, metadata: record.metadata as FoundPayload['metadata'], data: record.data as FoundPayload['data'] }];
  }
  return Object.entries(record).flatMap(([key, value]) => payloadsIn(value, `${path}.${key}`));
}

/** A payload's encoding, whether its metadata holds bytes (SDK) or base64 (HTTP JSON). */
export function encodingOf(payload: FoundPayload): string {
  const value = payload.metadata.encoding;
  return typeof value === 'string'
    ? Buffer.from(value, 'base64').toString('utf8')
    : Buffer.from(value).toString('utf8');
}

/** One searchable line of anything: bigints, errors, cycles, and bytes as Latin-1 (one char per byte). */
export const line = (value: unknown) => {
  const bytes = (v: unknown) =>
    v instanceof Uint8Array
      ? Buffer.from(v.buffer, v.byteOffset, v.byteLength)
      : (v as { type?: string })?.type === 'Buffer'
        ? Buffer.from((v as { data: number[] }).data)
        : undefined;
  try {
    return JSON.stringify(value, (_, v) => {
      if (typeof v === 'bigint') return String(v);
      if (v instanceof Error) return { message: v.message, stack: v.stack };
      return bytes(v)?.toString('latin1') ?? v;
    });
  } catch {
    return String(value);
  }
};

/** A case with canary values in every personal field, taken through notification, escalation and outcome. */
export async function walkCase(e: ApiTestEnv, canary: Canary): Promise<string> {
  const post = async (url: string, payload: object, role = 'smc_operator') => {
    const res = await e.app.inject({ method: 'POST', url, payload, headers: e.as(role) });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };
  const alert = {
    sourceRef: `LR-CANARY-${Date.now()}`,
    channel: 'phone',
    platform: 'instagram',
    contentKind: 'post',
    ...canary.alert,
  };
  const id: string = (await post('/alerts', alert)).caseId;
  const step = (path: string, body: object, role?: string) => post(`/cases/${id}${path}`, body, role);
  await step('/locating/start', { notes: canary.text('start') });
  const opened = await step('/enquiries', {
    kind: 'telecom_lookup',
    owner: 'STF desk',
    dueInMinutes: 15,
    notes: canary.text('enquiry'),
  });
  const enquiryId = opened.case.locating.enquiries.at(-1).id;
  await step('/enquiries/result', {
    enquiryId,
    found: true,
    summary: canary.text('enquiry result'),
    confidence: 2,
    districtCode: 'GZB',
    policeStation: 'Vijay Nagar',
  });
  await step('/location-hints', { summary: canary.text('hint'), confidence: 1, districtCode: 'GZB' });
  await step('/located', {
    districtCode: 'GZB',
    policeStation: 'Vijay Nagar',
    summary: canary.text('located'),
    confidence: 3,
    notes: canary.text('located notes'),
  });
  await step('/notes', { text: canary.text('note') });
  await step('/notify', { notes: canary.text('notify') });
  // Nobody acknowledges: the ladder escalates by e-mail within a second.
  await e.mail.waitFor((m) => m.headers['x-jeevan-case'] === id && m.subject.includes('ESCALATION'), 1, 30_000);
  await step('/acknowledge', { party: 'control_room', notes: canary.text('ack') }, 'district_officer');
  await step('/acknowledge', { party: 'police_station' }, 'district_officer');
  await step('/dispatch', { unit: 'Inspector, Vijay Nagar PS', notes: canary.text('dispatch') }, 'district_officer');
  await step('/arrive', {}, 'district_officer');
  await step('/contact', { notes: canary.text('contact') }, 'district_officer');
  await step(
    '/outcome',
    {
      outcome: 'safe',
      gender: 'female',
      age: 24,
      counselling: true,
      helplineReferral: true,
      notes: canary.text('outcome'),
    },
    'district_officer',
  );
  await step('/sign-off', { notes: canary.text('sign-off') }, 'smc_supervisor');
  return id;
}

/** The readable payloads of `temporal workflow show --output json` (which prints payload data as base64). */
export function plaintextOf(stdout: string): string {
  let history: unknown;
  try {
    history = JSON.parse(stdout);
  } catch {
    return '';
  }
  const plain = payloadsIn(history).filter((p) => encodingOf(p) !== 'binary/encrypted');
  return plain.map((p) => Buffer.from(String(p.data ?? ''), 'base64').toString('utf8')).join('\n');
}
