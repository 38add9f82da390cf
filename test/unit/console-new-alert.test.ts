// The new-alert form's rules (console/src/pages/new-alert-rules.ts) mirror the API's schema
// (contract/alert.ts), which stays the judge: whatever the form lets through is a body the
// schema and intake's own check accept, and the form's closed lists are the contract's.
import fc from 'fast-check';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import * as rules from '../../console/src/pages/new-alert-rules.js';
import {
  type AlertForm,
  callReference,
  EMPTY_FORM,
  istToIso,
  MAX,
  toBody,
  validate,
} from '../../console/src/pages/new-alert-rules.js';
import * as contract from '../../contract/alert.js';
import { districtsOf } from '../../domain/districts.js';

const DISTRICTS = districtsOf('UP');

const NOW = Date.parse('2026-03-12T00:00:00Z');
const maybe = (good: fc.Arbitrary<string>) =>
  fc.oneof(
    fc.constant(''),
    fc.constant('  '),
    good,
    fc.string({ maxLength: 10 }),
    fc.string({ unit: fc.constantFrom('a', '@', '.', ' ', ',', 'ब', ':', '/', '1'), maxLength: 14 }),
  );
const text = (max: number) =>
  fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constant('x'.repeat(max)), fc.constant('x'.repeat(max + 1)));

const form: fc.Arbitrary<AlertForm> = fc.record({
  sourceRef: maybe(fc.constantFrom('LR-2024-0231-7781', 'PH-20260312-030512', 'a.b_c:d/e', '-bad', 'has space')),
  platform: fc.constantFrom('', ...contract.PLATFORMS),
  contentKind: fc.constantFrom('', ...contract.CONTENT_KINDS),
  live: fc.boolean(),
  urgency: fc.constantFrom(...contract.URGENCIES),
  detectedAt: fc.oneof(
    fc.constant(''),
    fc.constantFrom('2026-03-11T23:05', '2026-03-12T09:00', '2026-03-12T05:34', '2026-02-30T10:00', '12/03/2026'),
  ),
  accountName: maybe(text(200)),
  handle: maybe(fc.oneof(fc.constant('@rk_example_77'), text(200))),
  profileUrl: maybe(
    fc.constantFrom(
      'https://instagram.com/rk',
      'http://x',
      'ftp://x.y',
      'instagram.com/rk',
      'https://a b.c',
      `https://x.y/${'p'.repeat(490)}`,
    ),
  ),
  phone: maybe(fc.constantFrom('+91 98765 43210', '(0522) 123-4567', '1234', '12345', '98765x', `+${'9'.repeat(30)}`)),
  email: maybe(
    fc.constantFrom(
      'name@example.com',
      'a@b.c',
      'a,b@c.d',
      'a@b',
      'x y@z.w',
      'a@@b.c',
      '"q"@x.in',
      'ब@उदा.भारत',
      `${'m'.repeat(250)}@x.in`,
    ),
  ),
  ipAddress: maybe(text(100)),
  locationHint: maybe(text(500)),
  districtHint: fc.constantFrom('', ...DISTRICTS.map((d) => d.code)),
  description: fc.oneof(fc.constant(''), text(5000)),
  drill: fc.boolean(),
});

describe('new-alert form rules', () => {
  it('copies the contract’s closed lists and ways to reach a person', () => {
    expect(rules.PLATFORMS).toEqual(contract.PLATFORMS);
    expect(rules.CONTENT_KINDS).toEqual(contract.CONTENT_KINDS);
    expect(rules.URGENCIES).toEqual(contract.URGENCIES);
    expect([...rules.REACH_FIELDS].sort()).toEqual([...contract.REACH_FIELDS].sort());
    const props = contract.AlertIntakeSchema.properties as Record<string, { maxLength?: number }>;
    for (const [name, max] of Object.entries(MAX)) expect(max, name).toBe(props[name].maxLength);
  });

  it('lets through only alerts the API’s schema and intake check accept', () => {
    fc.assert(
      fc.property(form, (f) => {
        if (Object.keys(validate(f, NOW)).length > 0) return;
        const body = toBody(f);
        const errors = [...Value.Errors(contract.AlertIntakeSchema, body)].map((e) => `${e.instancePath} ${e.message}`);
        expect(errors, JSON.stringify(body).slice(0, 400)).toEqual([]);
        expect(contract.alertProblem(body as contract.AlertIntake)).toBeUndefined();
        // What the case will be marked: a live broadcast is critical, as intake decides.
        expect(body.urgency).toBe(contract.severityOf(body as contract.AlertIntake));
      }),
      { numRuns: 2000 },
    );
  });

  it('asks for the required fields and a way to reach the person', () => {
    expect(Object.keys(validate(EMPTY_FORM, NOW)).sort()).toEqual(['contentKind', 'platform', 'reach', 'sourceRef']);
    const ok: AlertForm = {
      ...EMPTY_FORM,
      sourceRef: 'LR-1',
      platform: 'instagram',
      contentKind: 'post',
      phone: '+91 98765 43210',
    };
    expect(validate(ok, NOW)).toEqual({});
    expect(validate({ ...ok, phone: '98765x' }, NOW).phone).toEqual({ key: 'phoneChars', now: true });
    expect(validate({ ...ok, detectedAt: '2026-03-12T05:40' }, NOW).detectedAt).toEqual({ key: 'future' });
    // The e-mail check is the schema's: no commas or spaces in the name, a dot in the host.
    for (const bad of ['a,b@c.d', 'x y@z.in', 'a@b', 'a@@b.c'])
      expect(validate({ ...ok, email: bad }, NOW).email, bad).toEqual({ key: 'emailBad' });
    expect(validate({ ...ok, email: 'first.last+tag@police.example.org' }, NOW).email).toBeUndefined();
  });

  it('reads a typed time as India Standard Time and leaves blanks out of the body', () => {
    expect(istToIso('2026-03-12T03:05')).toBe('2026-03-11T21:35:00.000Z');
    expect(istToIso('2026-03-12')).toBeUndefined();
    expect(
      toBody({
        ...EMPTY_FORM,
        sourceRef: ' R1 ',
        platform: 'other',
        contentKind: 'live_video',
        handle: ' @x ',
        urgency: 'normal',
      }),
    ).toEqual({
      channel: 'phone',
      sourceRef: 'R1',
      platform: 'other',
      contentKind: 'live_video',
      handle: '@x',
      urgency: 'critical',
    });
  });

  it('makes call references the schema accepts, in IST', () => {
    expect(callReference(new Date('2026-03-11T21:35:12Z'))).toBe('PH-20260312-030512');
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2099-01-01'), noInvalidDate: true }), (d) => {
        expect(validate({ ...EMPTY_FORM, sourceRef: callReference(d) }, NOW).sourceRef).toBeUndefined();
      }),
    );
  });
});
