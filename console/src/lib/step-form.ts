// A step's form, generated from its TypeBox schema (contract/steps.ts): the schema says
// which fields there are, their kind, limits and which are required; this module turns
// that into field descriptions, and the typed-in values back into a request body. Pure
// (no DOM, no Preact), so the same rules the API validates with shape the form.

/** The JSON Schema subset the step schemas use. */
export interface JsonSchema {
  type?: string;
  enum?: readonly string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
}

export type FieldKind = 'select' | 'choices' | 'text' | 'textarea' | 'number' | 'checkbox' | 'datetime' | 'group';

export interface FieldSpec {
  /** Dotted path for nested objects ('a.b'); the top-level property name otherwise. */
  name: string;
  /** The property name alone (labels are looked up by it). */
  key: string;
  kind: FieldKind;
  required: boolean;
  options?: readonly string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  description?: string;
  /** A select whose values stand for whole numbers (sent as numbers). */
  numeric?: boolean;
  children?: FieldSpec[];
}

/** Strings longer than this get a textarea; shorter ones a one-line input. */
export const TEXTAREA_FROM = 201;

export function fieldsOf(schema: JsonSchema, prefix = ''): FieldSpec[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, s]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    const base = { name, key, required: required.has(key), description: s.description };
    if (s.enum) return { ...base, kind: 'select', options: s.enum };
    // A list of choices from a closed list (each once): ticked boxes, kept as a comma-joined value.
    if (s.type === 'array' && s.items?.enum)
      return { ...base, kind: 'choices', options: s.items.enum, minimum: s.minItems, maximum: s.maxItems };
    switch (s.type) {
      case 'object':
        return { ...base, kind: 'group', children: fieldsOf(s, name) };
      case 'boolean':
        return { ...base, kind: 'checkbox' };
      case 'integer':
      case 'number':
        return { ...base, kind: 'number', minimum: s.minimum, maximum: s.maximum };
      default:
        if (s.format === 'date-time') return { ...base, kind: 'datetime' };
        return {
          ...base,
          kind: (s.maxLength ?? Number.POSITIVE_INFINITY) >= TEXTAREA_FROM ? 'textarea' : 'text',
          minLength: s.minLength,
          maxLength: s.maxLength,
          pattern: s.pattern,
        };
    }
  });
}

/** Every leaf field, nested groups flattened. */
export function leaves(fields: FieldSpec[]): FieldSpec[] {
  return fields.flatMap((f) => (f.kind === 'group' ? leaves(f.children ?? []) : [f]));
}

export type Values = Record<string, string | boolean>;

/** Empty values: unchecked boxes, blank text, the first option of a required select with one choice. */
export function initialValues(fields: FieldSpec[], defaults: Values = {}): Values {
  const values: Values = {};
  for (const f of leaves(fields)) {
    if (f.name in defaults) values[f.name] = defaults[f.name];
    else
      values[f.name] =
        f.kind === 'checkbox'
          ? false
          : f.kind === 'select' && f.required && f.options?.length === 1
            ? f.options[0]
            : '';
  }
  return values;
}

export type FieldProblem =
  | { code: 'required' }
  | { code: 'tooLong'; max: number }
  | { code: 'notWhole' }
  | { code: 'range'; min?: number; max?: number }
  | { code: 'format' }
  | { code: 'choice' };

/**
 * The request body for `values`, or the problem with each field. Optional blanks are left
 * out (the API refuses unknown or empty fields rather than storing them); text is trimmed.
 */
export function bodyOf(
  fields: FieldSpec[],
  values: Values,
): { body: Record<string, unknown>; problems: Record<string, FieldProblem> } {
  const problems: Record<string, FieldProblem> = {};
  const build = (list: FieldSpec[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const f of list) {
      if (f.kind === 'group') {
        const child = build(f.children ?? []);
        if (f.required || Object.keys(child).length > 0) out[f.key] = child;
        continue;
      }
      const raw = values[f.name];
      if (f.kind === 'checkbox') {
        if (f.required || raw === true) out[f.key] = raw === true;
        continue;
      }
      const text = typeof raw === 'string' ? raw.trim() : '';
      if (f.kind === 'choices') {
        const chosen = choicesOf(text);
        const problem = checkChoices(f, chosen);
        if (problem) problems[f.name] = problem;
        else if (chosen.length > 0) out[f.key] = chosen;
        continue;
      }
      if (text === '') {
        if (f.required) problems[f.name] = { code: 'required' };
        continue;
      }
      const problem = check(f, text);
      if (problem) {
        problems[f.name] = problem;
        continue;
      }
      out[f.key] =
        f.kind === 'number' || f.numeric ? Number(text) : f.kind === 'datetime' ? new Date(text).toISOString() : text;
    }
    return out;
  };
  const body = build(fields);
  return { body, problems };
}

/** The options ticked in a `choices` field's value, in the order ticked, each once. */
export function choicesOf(value: string | boolean | undefined): string[] {
  if (typeof value !== 'string') return [];
  return [
    ...new Set(
      value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    ),
  ];
}

/** The value of a `choices` field with `option` ticked or unticked. */
export function toggleChoice(value: string | boolean | undefined, option: string, on: boolean): string {
  const chosen = choicesOf(value).filter((v) => v !== option);
  return (on ? [...chosen, option] : chosen).join(',');
}

function checkChoices(f: FieldSpec, chosen: string[]): FieldProblem | undefined {
  if (chosen.length === 0) return f.required ? { code: 'required' } : undefined;
  if (chosen.some((c) => !f.options?.includes(c))) return { code: 'choice' };
  if ((f.minimum !== undefined && chosen.length < f.minimum) || (f.maximum !== undefined && chosen.length > f.maximum))
    return { code: 'range', min: f.minimum, max: f.maximum };
  return undefined;
}

function check(f: FieldSpec, text: string): FieldProblem | undefined {
  switch (f.kind) {
    case 'number': {
      const n = Number(text);
      if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n)) return { code: 'notWhole' };
      if ((f.minimum !== undefined && n < f.minimum) || (f.maximum !== undefined && n > f.maximum))
        return { code: 'range', min: f.minimum, max: f.maximum };
      return undefined;
    }
    case 'select':
      return f.options?.includes(text) ? undefined : { code: 'choice' };
    case 'datetime':
      return Number.isNaN(Date.parse(text)) ? { code: 'format' } : undefined;
    default:
      if (f.maxLength !== undefined && text.length > f.maxLength) return { code: 'tooLong', max: f.maxLength };
      if (f.pattern && !new RegExp(f.pattern).test(text)) return { code: 'format' };
      return undefined;
  }
}
