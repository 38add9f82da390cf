// Values that satisfy a JSON Schema (as the OpenAPI document states it), for the contract
// fuzz: the generator reads the same schema the API validates with, so a new field or rule
// is fuzzed without anyone writing a generator for it.
import fc from 'fast-check';

export interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  minProperties?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
}

/** Values for a property name that a random value of its schema would almost never hit (a real district code). */
export type Hints = Record<string, fc.Arbitrary<unknown>>;

/** The type a schema asks for, looking through allOf (undefined: any). */
export function typeOf(schema: Schema): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (schema.properties || schema.required) return 'object';
  if (schema.allOf?.length) return typeOf(schema.allOf[0]);
  return undefined;
}

/** allOf of objects as one object schema (TypeBox writes Intersect this way). */
export function flatten(schema: Schema): Schema {
  if (!schema.allOf) return schema;
  const parts = schema.allOf.map(flatten);
  return {
    type: 'object',
    properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})),
    required: parts.flatMap((p) => p.required ?? []),
    additionalProperties: parts.every((p) => p.additionalProperties !== false) ? undefined : false,
  };
}

const ISO_DATES = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const RECENT_DATES = fc
  .integer({ min: -30 * 86_400_000, max: 30 * 86_400_000 })
  .map((ms) => new Date(Date.now() + ms).toISOString());

function validString(s: Schema): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? Math.max(min + 40, 40);
  const fits = (v: string) => v.length >= min && v.length <= max;
  if (s.format === 'date-time') return fc.oneof(RECENT_DATES, ISO_DATES);
  if (s.format === 'uuid') return fc.uuid();
  if (s.format === 'email') return fc.emailAddress().filter(fits);
  if (s.format === 'uri') return fc.webUrl().filter(fits);
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter(fits);
  const size = { minLength: min, maxLength: Math.min(max, min + 60) };
  // Lengths count UTF-16 units as the validator does; graphemes may be longer than one: filter.
  return fc
    .oneof(fc.string(size), fc.string({ ...size, unit: 'grapheme' }), fc.string({ ...size, unit: 'binary' }))
    .filter(fits);
}

function validNumber(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const lo = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum : -1e9);
  const hi = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum : 1e9);
  if (integer) {
    const min = Math.ceil(s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : lo);
    const max = Math.floor(s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : hi);
    return fc.integer({ min, max });
  }
  return fc.double({
    min: lo,
    max: hi,
    noNaN: true,
    noDefaultInfinity: true,
    minExcluded: s.exclusiveMinimum !== undefined,
    maxExcluded: s.exclusiveMaximum !== undefined,
  });
}

/** Any JSON value (a schema that says nothing). */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

/** Values valid for `schema`; `hints` bias named properties towards values that mean something to the API. */
export function validOf(schema: Schema, hints: Hints = {}, name?: string): fc.Arbitrary<unknown> {
  const generic = validGeneric(flatten(schema), hints);
  // Hints are texts (codes, ids): a property of that name holding an object keeps its schema.
  const hint = name && typeOf(flatten(schema)) === 'string' ? hints[name] : undefined;
  return hint ? fc.oneof({ weight: 3, arbitrary: hint }, { weight: 1, arbitrary: generic }) : generic;
}

function validGeneric(s: Schema, hints: Hints): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => validOf(b, hints)));
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type) => validOf({ ...s, type }, hints)));
  switch (typeOf(s)) {
    case 'string':
      return validString(s);
    case 'integer':
      return validNumber(s, true);
    case 'number':
      return validNumber(s, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = s.items ? validOf(s.items, hints) : anyJson;
      const constraints = { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 5, (s.minItems ?? 0) + 5) };
      return s.uniqueItems
        ? fc.uniqueArray(item, { ...constraints, selector: (v) => JSON.stringify(v) })
        : fc.array(item, constraints);
    }
    case 'object':
      return validObject(s, hints);
    default:
      return anyJson;
  }
}

function validObject(s: Schema, hints: Hints): fc.Arbitrary<unknown> {
  const props = s.properties ?? {};
  const record = fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validOf(v, hints, k)])), {
    requiredKeys: s.required ?? [],
  });
  const extra =
    typeof s.additionalProperties === 'object'
      ? fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), validOf(s.additionalProperties, hints), {
          maxKeys: 3,
        })
      : fc.constant({});
  return fc
    .tuple(extra, record)
    .map(([more, known]) => ({ ...more, ...known }))
    .filter((o) => Object.keys(o).length >= (s.minProperties ?? 0));
}
