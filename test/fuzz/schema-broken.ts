// Values that break a JSON Schema in exactly one known place, the rest of the value valid:
// each constraint the contract states (type, length, pattern, range, enum, required field,
// unknown field, item count) gets its own breaker, so every rule is tried on its own.
import fc from 'fast-check';
import { flatten, type Hints, type Schema, typeOf, validOf } from './schema-valid.js';

/** One value of each JSON type; a breaker picks those the schema does not allow. */
const OF_TYPE: Record<string, fc.Arbitrary<unknown>> = {
  string: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('', '0', 'true', 'null')),
  integer: fc.integer(),
  number: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0.5, -0, 1e308)),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
};

function allowedTypes(s: Schema): string[] | undefined {
  if (s.enum || s.const !== undefined) return undefined;
  const branches = s.anyOf ?? s.oneOf;
  if (branches) {
    const types = branches.map((b) => allowedTypes(flatten(b)));
    return types.some((t) => t === undefined) ? undefined : [...new Set(types.flat() as string[])];
  }
  if (Array.isArray(s.type)) return s.type;
  const type = typeOf(s);
  if (!type) return undefined;
  // An integer is a number; a number may be a whole one: neither is a wrong type for the other.
  return type === 'integer' || type === 'number' ? ['integer', 'number'] : [type];
}

function wrongType(s: Schema): fc.Arbitrary<unknown>[] {
  const allowed = allowedTypes(s);
  if (!allowed) return [];
  return Object.entries(OF_TYPE)
    .filter(([type]) => !allowed.includes(type) && !(allowed.includes('number') && type === 'integer'))
    .map(([, arb]) =>
      allowed.includes('integer') && !allowed.includes('string') ? arb.filter((v) => typeof v !== 'number') : arb,
    );
}

function stringBreakers(s: Schema): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = [];
  if (s.minLength && s.minLength > 0)
    out.push(fc.string({ maxLength: s.minLength - 1 }).filter((v) => v.length < (s.minLength as number)));
  if (s.maxLength !== undefined) {
    const max = s.maxLength;
    out.push(fc.integer({ min: max + 1, max: max + 200 }).map((n) => 'a'.repeat(n)));
  }
  if (s.pattern) {
    const re = new RegExp(s.pattern);
    out.push(
      fc
        .oneof(fc.string({ maxLength: 20 }), fc.constantFrom(' ', '\u0000', 'ä', '../x', '<b>', 'A B'))
        .filter((v) => !re.test(v) && v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity)),
    );
  }
  if (s.format === 'date-time')
    out.push(fc.constantFrom('yesterday', '2024-13-01T00:00:00Z', '2024-02-30', '1700000000', '2024-01-01T25:00:00Z'));
  if (s.format === 'uuid')
    out.push(
      fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-00000000000', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz'),
    );
  if (s.format === 'email') out.push(fc.constantFrom('no-at-sign', '@example.org', 'a@', 'a b@example.org'));
  if (s.format === 'uri') out.push(fc.constantFrom('not a uri', '://x', 'http//x'));
  return out;
}

function numberBreakers(s: Schema, integer: boolean): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = [];
  if (s.minimum !== undefined) out.push(fc.integer({ min: 1, max: 1_000_000 }).map((d) => (s.minimum as number) - d));
  if (s.exclusiveMinimum !== undefined)
    out.push(fc.integer({ min: 0, max: 1000 }).map((d) => (s.exclusiveMinimum as number) - d));
  if (s.maximum !== undefined) out.push(fc.integer({ min: 1, max: 1_000_000 }).map((d) => (s.maximum as number) + d));
  if (integer) {
    const lo = s.minimum ?? s.exclusiveMinimum ?? 0;
    out.push(fc.constant(lo + 0.5));
  }
  return out;
}

function arrayBreakers(s: Schema, hints: Hints): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = [];
  const item = s.items ? validOf(s.items, hints) : fc.string();
  if (s.minItems && s.minItems > 0) out.push(fc.array(item, { maxLength: s.minItems - 1 }));
  if (s.maxItems !== undefined) out.push(fc.array(item, { minLength: s.maxItems + 1, maxLength: s.maxItems + 3 }));
  if (s.uniqueItems && s.items && (s.maxItems ?? 2) >= 2) out.push(item.map((v) => [v, v]));
  if (s.items)
    for (const bad of brokenOf(s.items, hints))
      out.push(fc.tuple(bad, fc.array(item, { maxLength: 1 })).map(([b, rest]) => [...rest, b]));
  return out;
}

function objectBreakers(s: Schema, hints: Hints): fc.Arbitrary<unknown>[] {
  const valid = validOf(s, hints) as fc.Arbitrary<Record<string, unknown>>;
  const out: fc.Arbitrary<unknown>[] = [];
  for (const key of s.required ?? []) {
    out.push(
      valid.map((o) => {
        const { [key]: _, ...rest } = o;
        return rest;
      }),
    );
  }
  if (s.additionalProperties === false) {
    const unknown = fc.oneof(
      fc.constantFrom('__unknown', 'isAdmin', 'caseId', 'constructor', 'toString'),
      fc.string({ minLength: 1, maxLength: 20 }),
    );
    out.push(
      fc
        .tuple(
          valid,
          unknown.filter((k) => !(k in (s.properties ?? {}))),
          fc.jsonValue({ maxDepth: 1 }),
        )
        .map(([o, k, v]) => ({ ...o, [k]: v })),
    );
  }
  if (s.minProperties) out.push(fc.constant({}));
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    for (const bad of brokenOf(prop, hints)) out.push(fc.tuple(valid, bad).map(([o, b]) => ({ ...o, [key]: b })));
  }
  return out;
}

/**
 * Arbitraries of values that are invalid for `schema`, one per rule broken (empty: nothing to
 * break). `asText`: the value travels as text (a query or path parameter), where every type
 * reads as a string, so only the string rules can be broken.
 */
export function brokenOf(schema: Schema, hints: Hints = {}, asText = false): fc.Arbitrary<unknown>[] {
  const s = flatten(schema);
  const out = asText ? [] : wrongType(s);
  if (s.enum) out.push(fc.string({ maxLength: 12 }).filter((v) => !s.enum?.includes(v)));
  if (s.anyOf || s.oneOf || Array.isArray(s.type)) return out; // breaking one branch may satisfy another
  switch (typeOf(s)) {
    case 'string':
      if (!s.enum) out.push(...stringBreakers(s));
      break;
    case 'integer':
    case 'number':
      out.push(...numberBreakers(s, typeOf(s) === 'integer'));
      break;
    case 'array':
      out.push(...arrayBreakers(s, hints));
      break;
    case 'object':
      out.push(...objectBreakers(s, hints));
      break;
  }
  return out;
}
