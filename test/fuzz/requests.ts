// Requests for one operation, generated from its contract: valid and broken path parameters,
// query strings and bodies, hostile payloads, odd headers and content types, and every kind
// of caller. Each request says what it broke on purpose, so the checks know it must not pass.
import fc from 'fast-check';
import type { Operation, Param } from './operations.js';
import { brokenOf } from './schema-broken.js';
import { type Hints, validOf } from './schema-valid.js';

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** Who is calling: a test identity's name (see identities in api-fuzz.test.ts). */
  who: string;
  /** What this request broke on purpose ('' when nothing): such a request must never succeed. */
  broken: string;
  /** For the report: which body generator made it. */
  bodyKind: string;
}

export interface RequestContext {
  hints: Hints;
  /** Identities to call as. */
  identities: string[];
  /** Real values for a path parameter (cases, tokens, users…), so requests reach real rows. */
  known(op: Operation, param: string): string[];
}

const HOSTILE_TEXT = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\u202e',
  '../../etc/passwd',
  "'; DROP TABLE cases; --",
  '<script>alert(1)</script>',
  '𝕵𝖊𝖊𝖛𝖆𝖓',
  'नमस्ते',
  '\ud800',
  '$'.concat('{jndi:ldap://x}'),
);
const hostileString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  HOSTILE_TEXT,
  fc.integer({ min: 1000, max: 70_000 }).map((n) => 'x'.repeat(n)),
);
const deep = (open: string, close: string) =>
  fc.integer({ min: 100, max: 20_000 }).map((n) => open.repeat(n) + close.repeat(n));

/** Bodies no schema of the API accepts: not JSON, JSON of the wrong shape, parser traps, too big. */
const hostilePayload: fc.Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ __fuzz: v })),
  fc.constantFrom(
    '{"sourceRef":',
    '{',
    'nul',
    'undefined',
    'NaN',
    '{"a":1,}',
    "{'a':1}",
    '\ufeff{}',
    '{"a":1e999}',
    '[1,2,',
    '"\\ud800"',
  ),
  fc.constantFrom(
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"a":1,"a":2,"__fuzz":1}',
  ),
  deep('[', ']'),
  deep('{"a":', '}').map((s) => s.replace(/}$/, '1}')),
  fc.integer({ min: 260_000, max: 400_000 }).map((n) => JSON.stringify({ __fuzz: 'x'.repeat(n) })),
  hostileString.map((s) => JSON.stringify(s)),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
);

const ODD_CONTENT_TYPES = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/json; charset=utf-8; boundary=x',
  'application/jsonx',
  '*/*',
  '',
);

const ODD_HEADERS = fc.record(
  {
    accept: fc.constantFrom(
      '*/*',
      'text/html',
      'application/xml',
      'application/json;q=0',
      'image/png',
      'ä/ö',
      'x'.repeat(3000),
    ),
    origin: fc.constantFrom('http://localhost:8233', 'https://evil.example', 'null', 'file://'),
    'x-forwarded-for': fc.constantFrom('1.2.3.4', '::1', 'x'.repeat(500), '127.0.0.1, 10.0.0.1'),
    'user-agent': hostileString.map((s) => s.replace(/[^\x20-\x7e]/g, '?').slice(0, 8000)),
    'x-jeevan-role': fc.constantFrom('admin', 'smc_supervisor'),
    'content-encoding': fc.constantFrom('gzip', 'br', 'identity'),
    'accept-language': fc.constantFrom('hi', 'en;q=0.1', '*'),
  },
  { requiredKeys: [] },
);

interface Part {
  value?: string;
  broken?: string;
}

function paramValue(op: Operation, p: Param, ctx: RequestContext): fc.Arbitrary<Part> {
  const known = ctx.known(op, p.name);
  const choices: fc.WeightedArbitrary<Part>[] = [
    { weight: 2, arbitrary: validOf(p.schema, ctx.hints, p.name).map((v) => ({ value: String(v) })) },
  ];
  if (known.length) choices.push({ weight: 5, arbitrary: fc.constantFrom(...known).map((value) => ({ value })) });
  const broken = brokenOf(p.schema, {}, true);
  if (broken.length)
    choices.push({
      weight: 2,
      arbitrary: fc
        .oneof(...broken)
        .map((v) => ({ value: typeof v === 'string' ? v : JSON.stringify(v), broken: `${p.in} ${p.name}` })),
    });
  if (p.in !== 'path' && !p.required) choices.push({ weight: 3, arbitrary: fc.constant({}) });
  return fc.oneof(...choices);
}

/** Junk in the raw URL itself, past what encodeURIComponent would ever send. */
const RAW_JUNK = fc.constantFrom(
  '%00',
  '%',
  '%%%',
  '%2e%2e%2f',
  '..',
  '%C0%AE',
  '%ff%fe',
  `${'9'.repeat(5000)}`,
  '%F0%9F%98%80',
  'a;b',
  'JV-2026-0000001%27',
);

function urlOf(op: Operation, ctx: RequestContext): fc.Arbitrary<{ url: string; broken: string }> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const query = op.params.filter((p) => p.in === 'query');
  const pathArb = fc.tuple(
    ...pathParams.map((p) =>
      fc.oneof(
        { weight: 9, arbitrary: paramValue(op, p, ctx) },
        { weight: 1, arbitrary: RAW_JUNK.map((raw) => ({ raw, broken: `path ${p.name}` })) },
      ),
    ),
  );
  const queryArb = fc.tuple(...query.map((p) => paramValue(op, p, ctx)));
  const extraQuery = fc.oneof(
    { weight: 6, arbitrary: fc.constant('') },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '__proto__[isAdmin]=1',
        'constructor=1',
        'unknown=1',
        '%%%',
        'a=%00',
        `x=${'y'.repeat(9000)}`,
        '&&&=',
        'limit=1&limit=2',
      ),
    },
  );
  return fc.tuple(pathArb, queryArb, extraQuery).map(([paths, queries, extra]) => {
    let url = op.path;
    const broken: string[] = [];
    pathParams.forEach((p, i) => {
      const part = paths[i] as Part & { raw?: string };
      url = url.replace(`{${p.name}}`, part.raw ?? encodeURIComponent(part.value ?? ''));
      if (part.broken) broken.push(part.broken);
    });
    const pairs = query.flatMap((p, i) => {
      const part = queries[i];
      if (part.broken) broken.push(part.broken);
      return part.value === undefined ? [] : [`${encodeURIComponent(p.name)}=${encodeURIComponent(part.value)}`];
    });
    const qs = [...pairs, extra].filter(Boolean).join('&');
    return { url: qs ? `${url}?${qs}` : url, broken: broken.join(', ') };
  });
}

function bodyOf(
  op: Operation,
  ctx: RequestContext,
): fc.Arbitrary<{ payload?: string; contentType?: string; broken: string; kind: string }> {
  const json = 'application/json';
  if (!op.body) {
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant({ broken: '', kind: 'none' }) },
      {
        weight: 1,
        arbitrary: hostilePayload.map((payload) => ({ payload, contentType: json, broken: '', kind: 'stray' })),
      },
    );
  }
  const broken = brokenOf(op.body, ctx.hints);
  const valid = validOf(op.body, ctx.hints);
  return fc.oneof(
    {
      weight: 4,
      arbitrary: valid.map((v) => ({ payload: JSON.stringify(v), contentType: json, broken: '', kind: 'valid' })),
    },
    {
      weight: 4,
      arbitrary: fc
        .oneof(...broken)
        .map((v) => ({ payload: JSON.stringify(v), contentType: json, broken: 'body', kind: 'broken' })),
    },
    {
      weight: 2,
      arbitrary: hostilePayload.map((payload) => ({ payload, contentType: json, broken: '', kind: 'hostile' })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, ODD_CONTENT_TYPES)
        .map(([v, contentType]) => ({ payload: JSON.stringify(v), contentType, broken: '', kind: 'content-type' })),
    },
    { weight: 1, arbitrary: fc.constant({ broken: 'body', kind: 'missing' }) },
  );
}

export function requestsFor(op: Operation, ctx: RequestContext): fc.Arbitrary<FuzzRequest> {
  const idempotency = op.params.find((p) => p.in === 'header' && p.name === 'idempotency-key');
  const idem = idempotency ? paramValue(op, idempotency, ctx) : fc.constant<Part>({});
  return fc
    .record({
      who: fc.constantFrom(...ctx.identities),
      url: urlOf(op, ctx),
      body: bodyOf(op, ctx),
      odd: fc.oneof({ weight: 3, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: ODD_HEADERS }),
      idem,
    })
    .map(({ who, url, body, odd, idem }) => {
      const headers: Record<string, string> = { ...(odd as Record<string, string>) };
      if (body.contentType !== undefined) headers['content-type'] = body.contentType;
      if (idem.value !== undefined) headers['idempotency-key'] = idem.value;
      const broken = [url.broken, body.broken, idem.broken].filter(Boolean).join(', ');
      return { method: op.method, url: url.url, headers, payload: body.payload, who, broken, bodyKind: body.kind };
    });
}
