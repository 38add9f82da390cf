// Alert e-mails for the SMTP intake fuzz: the sample alerts (test/fixtures/alert-emails),
// each with its own reference and Message-ID, re-encoded, nested in MIME, given huge or
// broken headers and binary parts, then mutated byte by byte. Any of them may be unreadable;
// none may crash the listener or be lost.
import fc from 'fast-check';
import { sample } from '../fixtures/alert-emails/build.js';

export interface FuzzMail {
  raw: Buffer;
  /** The unique reference the mail was built with (it may have been mutated away). */
  ref: string;
  how: string[];
}

const split = (eml: string) => {
  const at = eml.search(/\r?\n\r?\n/);
  return { head: eml.slice(0, at).split(/\r?\n/), body: eml.slice(at).replace(/^\r?\n\r?\n/, '') };
};

const ENCODINGS = ['7bit', '8bit', 'base64', 'quoted-printable', 'binary', 'x-unknown'] as const;
const CHARSETS = ['utf-8', 'iso-8859-1', 'utf-16', 'windows-1252', 'x-nonsense', 'utf-7', ''] as const;

function encode(text: string, encoding: string): string {
  if (encoding === 'base64')
    return (
      Buffer.from(text, 'utf8')
        .toString('base64')
        .match(/.{1,76}/g) ?? []
    ).join('\r\n');
  if (encoding === 'quoted-printable')
    return text.replace(/[=\u0080-\uffff]/g, (c) =>
      [...Buffer.from(c)].map((b) => `=${b.toString(16).toUpperCase()}`).join(''),
    );
  return text;
}

const leaf = (type: string, body: string, encoding: string, charset: string) =>
  `Content-Type: ${type}${charset ? `; charset=${charset}` : ''}\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${encode(body, encoding)}`;

const html = (text: string) =>
  `<html><body><table>${text
    .split(/\r?\n/)
    .map((l) => `<tr><td>${l.replace(/</g, '&lt;')}</td></tr>`)
    .join('')}</table></body></html>`;

/** The body as a MIME tree `depth` levels deep, with text, HTML and binary parts. */
function nest(
  body: string,
  depth: number,
  opts: { encoding: string; charset: string; binary: Uint8Array; badBoundary: boolean },
): { type: string; content: string } {
  let type = `text/plain; charset=${opts.charset || 'utf-8'}`;
  let content = encode(body, opts.encoding);
  for (let level = 0; level < depth; level++) {
    const boundary = `b${level}_${'='.repeat(level % 3)}x`;
    const parts = [
      `Content-Type: ${type}\r\nContent-Transfer-Encoding: ${level === 0 ? opts.encoding : '7bit'}\r\n\r\n${content}`,
      level === 0 ? leaf('text/html', html(body), 'quoted-printable', 'utf-8') : '',
      level % 2 === 1
        ? `Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="x${level}.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(opts.binary).toString('base64')}`
        : '',
    ].filter(Boolean);
    type = `multipart/${level % 2 ? 'mixed' : 'alternative'}; boundary="${boundary}"`;
    const close = opts.badBoundary && level === depth - 1 ? '' : `\r\n--${boundary}--`;
    content = `preamble\r\n${parts.map((p) => `--${boundary}\r\n${p}`).join('\r\n')}${close}\r\n`;
  }
  return { type, content };
}

const structured = fc.record({
  sample: fc.constantFrom<'full' | 'minimal'>('full', 'minimal'),
  depth: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 4 }) },
    { weight: 1, arbitrary: fc.integer({ min: 5, max: 60 }) },
  ),
  encoding: fc.constantFrom(...ENCODINGS),
  charset: fc.constantFrom(...CHARSETS),
  binary: fc.oneof(
    { weight: 9, arbitrary: fc.uint8Array({ maxLength: 4096 }) },
    { weight: 1, arbitrary: fc.integer({ min: 400_000, max: 700_000 }).map((n) => new Uint8Array(n)) },
  ),
  /** A control character inside a field's value (the reference, the handle): encoded, it passes any transport. */
  fieldJunk: fc.constantFrom('', '\u0000', '\u0007', '\ufffd', '\u202e', '\ud800'),
  badBoundary: fc.boolean(),
  subject: fc.oneof(
    fc.constant(undefined),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.integer({ min: 1000, max: 200_000 }).map((n) => 'S'.repeat(n)),
    fc.constantFrom('=?utf-8?B?!!notbase64!!?=', '=?x-unknown?Q?abc?=', '=?utf-8?Q?Ref_LR=2D2024?='),
  ),
  extraHeaders: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3000 })),
  dropMessageId: fc.boolean(),
  garbageDate: fc.boolean(),
});

/** Byte-level damage after the mail is built: flips, truncation, NULs, bare CR/LF, raw 8-bit junk. */
const mutations = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.constantFrom(
        '\u0000',
        '\r',
        '\n',
        '\r\n.\r\n',
        '\xff\xfe',
        '\r\n\r\n',
        '=\r\n',
        'Content-Type: multipart/mixed\r\n',
      ),
    }),
  ),
  { maxLength: 4 },
);

let counter = 0;

export const fuzzMail: fc.Arbitrary<FuzzMail> = fc
  .tuple(structured, fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 2, arbitrary: mutations }))
  .map(([s, damage]) => {
    counter += 1;
    const ref = `LR-FUZZ-${process.pid}-${counter}-${Date.now() % 100000}`;
    const eml = sample(s.sample)
      .replace(/LR-2024-023\d-\d{4}/g, ref)
      .replace(/^(Username|Reference): (.*)$/gm, (_, label, value) => `${label}: ${value}${s.fieldJunk}`);
    const { head, body } = split(eml);
    const how = [`${s.sample}`, `depth ${s.depth}`, s.encoding, s.charset || 'no charset', JSON.stringify(s.fieldJunk)];
    const headers = head.filter((h) => !/^(Content-Type|Content-Transfer-Encoding|MIME-Version):/i.test(h));
    const withIds = headers
      .map((h) => (/^Message-ID:/i.test(h) ? `Message-ID: <${ref.toLowerCase()}@fuzz.example.org>` : h))
      .filter((h) => !(s.dropMessageId && /^Message-ID:/i.test(h)))
      .map((h) => (s.garbageDate && /^Date:/i.test(h) ? 'Date: Someday, 99 Foo 20XX 25:61:61 +9999' : h))
      .map((h) => (s.subject !== undefined && /^Subject:/i.test(h) ? `Subject: ${s.subject}` : h));
    for (let i = 0; i < s.extraHeaders; i++) withIds.push(`X-Fuzz-${i}: ${'v'.repeat(i % 50)}\r\n\tfolded ${i}`);
    if (s.extraHeaders) how.push(`${s.extraHeaders} extra headers`);
    const { type, content } =
      s.depth === 0
        ? { type: `text/plain; charset=${s.charset || 'utf-8'}`, content: encode(body, s.encoding) }
        : nest(body, s.depth, s);
    const text = `${withIds.join('\r\n')}\r\nMIME-Version: 1.0\r\nContent-Type: ${type}\r\nContent-Transfer-Encoding: ${s.depth === 0 ? s.encoding : '7bit'}\r\n\r\n${content}`;
    let raw = Buffer.from(text, 'utf8');
    for (const m of damage) {
      const at = raw.length ? m.at % raw.length : 0;
      if (m.kind === 'flip') raw[at] = m.byte;
      else if (m.kind === 'truncate') raw = raw.subarray(0, Math.max(at, 1));
      else raw = Buffer.concat([raw.subarray(0, at), Buffer.from(m.bytes, 'latin1'), raw.subarray(at)]);
      how.push(m.kind);
    }
    return { raw, ref, how };
  });
