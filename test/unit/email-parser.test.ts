import fc from 'fast-check';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { districtHint } from '../../api/intake/district-hint.js';
import { type ParsedAlertEmail, parseAlertEmail } from '../../api/intake/email-parser.js';
import { contentKindOf, timeOf } from '../../api/intake/email-values.js';
import { type AlertIntake, AlertIntakeSchema, alertProblem } from '../../contract/alert.js';
import { FULL_FIELDS, htmlTable, mail, sample } from '../fixtures/alert-emails/build.js';

const schema = Compile(AlertIntakeSchema);

const FULL: AlertIntake = {
  source: 'meta',
  sourceRef: 'LR-2024-0231-7781',
  channel: 'email',
  platform: 'instagram',
  contentKind: 'live_video',
  live: true,
  detectedAt: '2024-02-02T18:05:40.000Z',
  accountName: 'Rahul K.',
  handle: '@rk_example_77',
  profileUrl: 'https://instagram.example.org/rk_example_77',
  phone: '+919876543210',
  email: 'rk77@example.org',
  ipAddress: '203.0.113.45',
  locationHint: 'Ambedkar Nagar, Uttar Pradesh, India',
  districtHint: 'AMB',
  description:
    'User is broadcasting live and has stated an intention to end their life tonight. A ceiling fan and rope are visible.',
};

/** Every parse result either is a valid alert or says why not; returns the alert. */
function alertOf(result: ParsedAlertEmail): AlertIntake {
  if (!result.ok) throw new Error(`expected an alert, got: ${result.reason}`);
  expect(schema.Check(result.alert)).toBe(true);
  expect(alertProblem(result.alert)).toBeUndefined();
  return result.alert;
}
function reasonOf(result: ParsedAlertEmail): string {
  if (result.ok) throw new Error('expected a rejection');
  return result.reason;
}
const body = (lines: readonly string[]) =>
  `This is an emergency notification.\n\n${lines.join('\n')}\n\nReply to this e-mail to confirm.`;

describe('the shared sample e-mails', () => {
  it('full.eml gives every field, a live broadcast, and the district', async () => {
    const result = await parseAlertEmail(sample('full'));
    expect(alertOf(result)).toEqual(FULL);
    expect(result.messageId).toBe('<lr-2024-0231-7781@example.org>');
  });

  it('minimal.eml gives the alert with the defaults', async () => {
    const result = await parseAlertEmail(Buffer.from(sample('minimal')));
    expect(alertOf(result)).toEqual({
      source: 'meta',
      sourceRef: 'LR-2024-0233-1044',
      channel: 'email',
      platform: 'facebook',
      contentKind: 'post',
      detectedAt: '2024-02-03T02:39:10.000Z',
      handle: 'priya.example.2001',
      description: 'Post says goodbye to family and friends.',
    });
    expect(result.ok && result.warnings).toEqual(['no Content type: line; taken as a post']);
  });
});

describe('tolerant reading', () => {
  it('reads labels in any order, in any case, with extra spaces', async () => {
    const shuffled = [...FULL_FIELDS]
      .reverse()
      .map((l) => l.replace(/^([^:]+):/, (_m, label: string) => `  ${label.toLowerCase()}   :  `));
    expect(alertOf(await parseAlertEmail(mail({ body: body(shuffled) })))).toEqual(FULL);
    const upper = FULL_FIELDS.map((l) => l.replace(/^([^:]+):/, (_m, label: string) => `${label.toUpperCase()}:`));
    expect(alertOf(await parseAlertEmail(mail({ body: body(upper) })))).toEqual(FULL);
  });

  it('reads synonyms, a tab for the colon, and a value continued on the next lines', async () => {
    const text = [
      'Ref No.: LR-9',
      'Platform:\tFacebook',
      'Type: Story',
      'Detected: 2024-02-02T18:05:40+05:30',
      'Handle: @someone',
      'Mobile: 098765-43210',
      'E-mail: someone@example.org',
      'Location: Kanpur Dehat,',
      '  Uttar Pradesh',
      'Notes:',
      'Said goodbye.',
      'Country: India',
    ].join('\n');
    expect(alertOf(await parseAlertEmail(mail({ body: text })))).toMatchObject({
      sourceRef: 'LR-9',
      platform: 'facebook',
      contentKind: 'story',
      detectedAt: '2024-02-02T12:35:40.000Z',
      handle: '@someone',
      phone: '09876543210',
      email: 'someone@example.org',
      locationHint: 'Kanpur Dehat, Uttar Pradesh',
      districtHint: 'KND',
      description: 'Said goodbye. Country: India', // prose keeps lines that merely look like labels
    });
  });

  it('reads an HTML-only message laid out as a table', async () => {
    const raw = mail({ contentType: 'text/html; charset=utf-8', body: htmlTable(FULL_FIELDS) });
    expect(alertOf(await parseAlertEmail(raw))).toEqual(FULL);
  });

  it('reads a forwarded, ">"-quoted alert', async () => {
    const quoted = sample('full')
      .split(/\r?\n\r?\n/)
      .slice(1)
      .join('\n\n')
      .split('\n')
      .map((l) => `> ${l}`);
    const text = [
      'Please see below.',
      '',
      '---------- Forwarded message ---------',
      'From: Law Enforcement Response <lert-alerts@example.org>',
      'Date: Fri, 2 Feb 2024 at 18:07',
      'Subject: [URGENT] Imminent harm alert - Ref LR-2024-0231-7781',
      '',
      ...quoted,
    ].join('\n');
    const raw = mail({
      subject: 'Fwd: [URGENT] Imminent harm alert',
      date: 'Fri, 02 Feb 2024 19:30:00 +0000',
      body: text,
    });
    expect(alertOf(await parseAlertEmail(raw))).toEqual(FULL);
  });

  it('decodes base64 and quoted-printable bodies', async () => {
    for (const encoding of ['base64', 'quoted-printable'] as const) {
      const raw = mail({ encoding, body: body([...FULL_FIELDS, 'Account name: राहुल कुमार = R.K.']) });
      expect(alertOf(await parseAlertEmail(raw))).toEqual(FULL); // the first Account name wins
    }
  });

  it('fills from the HTML part what the plain part lacks', async () => {
    const boundary = 'b1';
    const raw = mail({
      contentType: `multipart/alternative; boundary="${boundary}"`,
      encoding: '7bit',
      body: [
        `--${boundary}`,
        'Content-Type: text/plain',
        '',
        'View this alert in HTML.',
        `--${boundary}`,
        'Content-Type: text/html',
        '',
        htmlTable(FULL_FIELDS),
        `--${boundary}--`,
      ].join('\n'),
    });
    expect(alertOf(await parseAlertEmail(raw))).toEqual(FULL);
  });

  it('takes the reference from the subject, and the time from the Date header', async () => {
    const raw = mail({
      subject: 'Imminent harm alert - Ref LR-2024-0233-1044',
      body: 'Platform: Facebook\nUsername: priya',
    });
    const result = await parseAlertEmail(raw);
    expect(alertOf(result)).toMatchObject({ sourceRef: 'LR-2024-0233-1044', detectedAt: '2024-02-02T18:07:12.000Z' });
    expect(result.ok && result.warnings).toContain(
      "no readable detection time; the e-mail's Date header is used instead",
    );
  });

  it('keeps what it cannot read in the description, and says so without the values', async () => {
    const text = body([
      'Ref: LR-1',
      'Platform: Threads',
      'Username: x',
      'Phone: call the office',
      'Detected: 02/03/2024 10:00',
    ]);
    const result = await parseAlertEmail(mail({ body: text }));
    const alert = alertOf(result);
    expect(alert.phone).toBeUndefined();
    expect(alert.description).toContain('Phone: call the office');
    expect(alert.description).toContain('Detected: 02/03/2024 10:00');
    expect(alert.detectedAt).toBe('2024-02-02T18:07:12.000Z');
    expect(JSON.stringify(result.ok && result.warnings)).not.toMatch(/call the office|02\/03/);
  });
});

describe('mail that is not an alert', () => {
  it('names a missing reference', async () => {
    const reason = reasonOf(await parseAlertEmail(mail({ body: body(FULL_FIELDS.slice(1)) })));
    expect(reason).toBe('no alert reference found (looked for Reference:, Ref:, and "Ref ..." in the subject)');
  });

  it('names the missing ways to reach the person, and those it could not read', async () => {
    const reason = reasonOf(
      await parseAlertEmail(mail({ body: body(['Reference: LR-1', 'Platform: Facebook', 'Phone: unlisted number']) })),
    );
    expect(reason).toMatch(
      /^no way to reach or find the person \(looked for Username:\/Handle:, Profile URL:, .*\); found but could not read Phone:$/,
    );
  });

  it('answers garbage, empty and binary input with a reason', async () => {
    for (const raw of [
      '',
      Buffer.alloc(0),
      'garbage',
      '\u0000\uffff<<<>>>',
      Buffer.from([0xff, 0xfe, 0x00, 0x80]),
      'Subject: hi\n\n'.repeat(3),
    ]) {
      expect(reasonOf(await parseAlertEmail(raw)).length).toBeGreaterThan(0);
    }
    expect(reasonOf(await parseAlertEmail(''))).toBe('the e-mail is empty');
  });

  it('reads a 1 MB body quickly and keeps the description within bounds', async () => {
    const filler = `${'x'.repeat(99)}\n`;
    for (const text of [
      body([...FULL_FIELDS.slice(0, -1), `Description: ${filler.repeat(10_000)}`]),
      `${body(FULL_FIELDS)}\n${' '.repeat(1_000_000)}<<!--`,
    ]) {
      const started = Date.now();
      const alert = alertOf(await parseAlertEmail(mail({ body: text })));
      expect(Date.now() - started).toBeLessThan(3000);
      expect(alert.description?.length).toBeLessThanOrEqual(5000);
    }
    const html = `<p>${'<a href="https://x.example/">'.repeat(50_000)}<!--${'<style>'.repeat(20_000)}`;
    const started = Date.now();
    reasonOf(await parseAlertEmail(mail({ contentType: 'text/html', body: html })));
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('value readers', () => {
  it('maps content types, and only a broadcast in progress is live', () => {
    expect(contentKindOf('Live video (broadcast in progress)')).toEqual({ contentKind: 'live_video', live: true });
    expect(contentKindOf('Live video (ended)')).toEqual({ contentKind: 'live_video' });
    expect(contentKindOf('Reel')).toEqual({ contentKind: 'reel' });
    expect(contentKindOf('Comment on a post')).toEqual({ contentKind: 'comment' });
    expect(contentKindOf('Direct message')).toEqual({ contentKind: 'message' });
    expect(contentKindOf('Poll')).toEqual({ contentKind: 'other' });
  });

  it('reads times only when the zone is stated or safely assumed', () => {
    expect(timeOf('2024-02-02 18:05:40', true)).toEqual({ iso: '2024-02-02T18:05:40.000Z', assumedUtc: false });
    expect(timeOf('2024-02-02 18:05', false)).toEqual({ iso: '2024-02-02T18:05:00.000Z', assumedUtc: true });
    expect(timeOf('2024-02-02 23:35 IST', false)?.iso).toBe('2024-02-02T18:05:00.000Z');
    expect(timeOf('Fri, 02 Feb 2024 18:05:40 +0000', false)?.iso).toBe('2024-02-02T18:05:40.000Z');
    expect(timeOf('2 February 2024 18:05', false)).toBeUndefined();
    expect(timeOf('2024-02-30 10:00', true)).toBeUndefined();
  });

  it('maps a location to a district only when it names exactly one in Uttar Pradesh', () => {
    expect(districtHint('Ambedkar Nagar, Uttar Pradesh, India')).toBe('AMB');
    expect(districtHint('near LUCKNOW')).toBe('LKO');
    expect(districtHint('लखनऊ, उत्तर प्रदेश')).toBe('LKO');
    expect(districtHint('Noida Sector 62')).toBe('GBN');
    expect(districtHint('Kanpur Dehat')).toBe('KND');
    expect(districtHint('Hamirpur, Himachal Pradesh')).toBeUndefined();
    expect(districtHint('between Agra and Mathura')).toBeUndefined();
    expect(districtHint('Maunath Bhanjan')).toBeUndefined(); // "Mau" only as a whole word
  });
});

describe('properties', () => {
  it('never throws, and always answers an alert or a non-empty reason', async () => {
    const input = fc.oneof(
      fc.string({ maxLength: 2000 }),
      fc.uint8Array({ maxLength: 2000 }).map((a) => Buffer.from(a)),
      fc.string().map((s) => mail({ body: s })),
    );
    await fc.assert(
      fc.asyncProperty(input, async (raw) => {
        const result = await parseAlertEmail(raw);
        if (result.ok) alertOf(result);
        else expect(result.reason.trim()).not.toBe('');
      }),
      { numRuns: 300 },
    );
  });

  it('reads the same alert whatever the order and case of the labels', async () => {
    const order = fc.shuffledSubarray([...FULL_FIELDS], { minLength: FULL_FIELDS.length });
    await fc.assert(
      fc.asyncProperty(order, fc.boolean(), async (lines, upper) => {
        const cased = lines.map((l) =>
          l.replace(/^[^:]+/, (label) => (upper ? label.toUpperCase() : label.toLowerCase())),
        );
        expect(alertOf(await parseAlertEmail(mail({ body: body(cased) })))).toEqual(FULL);
      }),
      { numRuns: 50 },
    );
  });
});
