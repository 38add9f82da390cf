// The step forms are generated from the API's own TypeBox schemas (contract/steps.ts): every
// property becomes a field of the right kind with the schema's limits, and whatever the form's
// checks let through is a body the schema accepts (Value.Check). Blank optional answers are
// left out, required ones are flagged, text is trimmed.
import fc from 'fast-check';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import {
  bodyOf,
  type FieldSpec,
  fieldsOf,
  initialValues,
  type JsonSchema,
  leaves,
  TEXTAREA_FROM,
  toggleChoice,
  type Values,
} from '../../console/src/lib/step-form.js';
import { type StepName, StepSchemas } from '../../contract/steps.js';

const STEPS = Object.keys(StepSchemas) as StepName[];
const schemaOf = (step: StepName) => StepSchemas[step] as unknown as JsonSchema;

/** Typed-in text for one field: sometimes right for it, often not (blank, padded, too long, wrong form). */
function typed(f: FieldSpec): fc.Arbitrary<string | boolean> {
  if (f.kind === 'checkbox') return fc.boolean();
  const junk = fc.oneof(
    fc.constant(''),
    fc.constant('   '),
    fc.string({ maxLength: 12 }),
    fc.string({ unit: fc.constantFrom('a', 'ब', ' ', '\t', '😀', 'Z', '1'), maxLength: 8 }),
  );
  const good: fc.Arbitrary<string>[] = [];
  switch (f.kind) {
    case 'select':
      good.push(fc.constantFrom(...(f.options ?? [''])));
      break;
    case 'choices':
      // Ticked boxes, comma-joined: none, one, several (more than allowed too), twice the same.
      good.push(
        fc.array(fc.constantFrom(...(f.options ?? [''])), { maxLength: (f.maximum ?? 3) + 2 }).map((a) => a.join(',')),
      );
      break;
    case 'number':
      good.push(
        fc.integer({ min: (f.minimum ?? -1000) - 3, max: (f.maximum ?? 1000) + 3 }).map(String),
        fc.integer({ min: f.minimum ?? 0, max: f.maximum ?? 1000 }).map((n) => ` ${n} `),
        fc.constantFrom('1.5', '1e3', '0x10', '007', '-0', `${Number.MAX_SAFE_INTEGER + 2}`),
      );
      break;
    case 'datetime':
      good.push(
        fc
          .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true })
          .map((d) => d.toISOString().slice(0, 16)),
        fc.constantFrom('2026-03-12T03:05', 'tomorrow', '2026-13-40T99:99'),
      );
      break;
    default: {
      const max = f.maxLength ?? 50;
      good.push(
        fc.string({ minLength: 1, maxLength: Math.min(max + 3, 60) }),
        fc.constantFrom(
          'AMB',
          'amb',
          'BR',
          'Br',
          'B R',
          'LKOX',
          'x'.repeat(max),
          'x'.repeat(max + 1),
          ` ${'y'.repeat(max)} `,
        ),
      );
    }
  }
  return fc.oneof(junk, ...good);
}

function valuesFor(fields: FieldSpec[]): fc.Arbitrary<Values> {
  return fc.record(Object.fromEntries(leaves(fields).map((f) => [f.name, typed(f)]))) as fc.Arbitrary<Values>;
}

describe('fieldsOf: a step schema becomes its form', () => {
  it.each(STEPS)(
    '%s: one field per property, of the right kind, with the schema’s limits and required list',
    (step) => {
      const schema = schemaOf(step);
      const fields = fieldsOf(schema);
      expect(fields.map((f) => f.key)).toEqual(Object.keys(schema.properties ?? {}));
      for (const f of fields) {
        const s = schema.properties?.[f.key] as JsonSchema;
        expect(f.name).toBe(f.key);
        expect(f.required, f.key).toBe((schema.required ?? []).includes(f.key));
        if (s.enum) expect(f).toMatchObject({ kind: 'select', options: s.enum });
        else if (s.type === 'array')
          expect(f).toMatchObject({
            kind: 'choices',
            options: s.items?.enum,
            minimum: s.minItems,
            maximum: s.maxItems,
          });
        else if (s.type === 'boolean') expect(f.kind).toBe('checkbox');
        else if (s.type === 'integer' || s.type === 'number')
          expect(f).toMatchObject({ kind: 'number', minimum: s.minimum, maximum: s.maximum });
        else if (s.format === 'date-time') expect(f.kind).toBe('datetime');
        else {
          expect(f.kind).toBe((s.maxLength ?? Number.POSITIVE_INFINITY) >= TEXTAREA_FROM ? 'textarea' : 'text');
          expect(f).toMatchObject({ maxLength: s.maxLength, pattern: s.pattern });
        }
      }
    },
  );

  it('names nested fields by their path', () => {
    const fields = fieldsOf({
      type: 'object',
      required: ['a'],
      properties: {
        a: { type: 'object', required: ['b'], properties: { b: { type: 'string' }, c: { type: 'boolean' } } },
      },
    });
    expect(leaves(fields).map((f) => [f.name, f.key, f.required])).toEqual([
      ['a.b', 'b', true],
      ['a.c', 'c', false],
    ]);
  });
});

describe('bodyOf: what the form lets through, the API accepts', () => {
  it.each(STEPS)('%s: any answers without a problem make a body that passes Value.Check', (step) => {
    const fields = fieldsOf(schemaOf(step));
    fc.assert(
      fc.property(valuesFor(fields), (values) => {
        const { body, problems } = bodyOf(fields, values);
        if (Object.keys(problems).length > 0) return;
        expect(
          Value.Check(StepSchemas[step], body),
          JSON.stringify({ values, body, errors: [...Value.Errors(StepSchemas[step], body)] }),
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it.each(STEPS)(
    '%s: a blank required field is always flagged “required”, and a blank optional one left out',
    (step) => {
      const fields = fieldsOf(schemaOf(step));
      const values = initialValues(fields);
      const { body, problems } = bodyOf(fields, values);
      for (const f of leaves(fields)) {
        if (f.kind === 'checkbox') expect(body[f.key], f.key).toBe(f.required ? false : undefined);
        else if (f.required && values[f.name] === '') expect(problems[f.name], f.key).toEqual({ code: 'required' });
        else if (values[f.name] === '') expect(f.key in body, f.key).toBe(false);
      }
    },
  );

  it('trims text, turns whole numbers and numeric choices into numbers, and dates into ISO instants', () => {
    const fields: FieldSpec[] = [
      { name: 'owner', key: 'owner', kind: 'text', required: true, maxLength: 5 },
      { name: 'due', key: 'due', kind: 'number', required: true, minimum: 1, maximum: 10 },
      { name: 'confidence', key: 'confidence', kind: 'select', required: true, options: ['0', '3'], numeric: true },
      { name: 'at', key: 'at', kind: 'datetime', required: false },
    ];
    expect(bodyOf(fields, { owner: '  STF  ', due: ' 07 ', confidence: '3', at: '2026-03-12T03:05:00Z' })).toEqual({
      body: { owner: 'STF', due: 7, confidence: 3, at: '2026-03-12T03:05:00.000Z' },
      problems: {},
    });
    expect(bodyOf(fields, { owner: 'too long', due: '1.5', confidence: '2', at: 'soon' }).problems).toEqual({
      owner: { code: 'tooLong', max: 5 },
      due: { code: 'notWhole' },
      confidence: { code: 'choice' },
      at: { code: 'format' },
    });
    expect(bodyOf(fields, { owner: 'x', due: '11', confidence: '0', at: '' }).problems).toEqual({
      due: { code: 'range', min: 1, max: 10 },
    });
  });

  it('keeps ticked choices once each, in the order ticked, and refuses none, too many or an unknown one', () => {
    const [delayedBy] = fieldsOf(schemaOf('submitReview'));
    expect(delayedBy).toMatchObject({ kind: 'choices', minimum: 1, maximum: 5, required: true });
    let v = toggleChoice('', 'no_vehicle', true);
    v = toggleChoice(v, 'dense_area', true);
    v = toggleChoice(v, 'no_vehicle', true);
    expect(bodyOf([delayedBy], { delayedBy: v })).toEqual({
      body: { delayedBy: ['dense_area', 'no_vehicle'] },
      problems: {},
    });
    expect(bodyOf([delayedBy], { delayedBy: toggleChoice(v, 'dense_area', false) }).body).toEqual({
      delayedBy: ['no_vehicle'],
    });
    expect(bodyOf([delayedBy], { delayedBy: '' }).problems).toEqual({ delayedBy: { code: 'required' } });
    expect(bodyOf([delayedBy], { delayedBy: 'a_reason_not_listed' }).problems).toEqual({
      delayedBy: { code: 'choice' },
    });
    const six = 'other,dense_area,no_vehicle,wrong_district,other_state,phone_switched_off';
    expect(bodyOf([delayedBy], { delayedBy: six }).problems).toEqual({ delayedBy: { code: 'range', min: 1, max: 5 } });
  });

  it('refuses what the schema refuses for the simple kinds: a bad choice, a wrong pattern, a number out of range', () => {
    const transfer = fieldsOf(schemaOf('transfer'));
    expect(bodyOf(transfer, { toState: 'Bihar', nodalOfficer: 'desk', notes: '' }).problems).toEqual({
      toState: { code: 'format' },
    });
    const enquiry = fieldsOf(schemaOf('openEnquiry'));
    expect(bodyOf(enquiry, { kind: 'rumour', owner: 'x', dueInMinutes: '1441', notes: '' }).problems).toEqual({
      kind: { code: 'choice' },
      dueInMinutes: { code: 'range', min: 1, max: 1440 },
    });
  });
});
