// The state profiles (issue 15): every e-mail renders for each; each profile's languages have
// every string English has; and no state's name, district or rank is written in code outside
// its profile (domain/profiles/<code>/), docs and tests.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAIL_STRINGS, type MailStrings, type SubjectVars } from '../../activities/mail-strings/index.js';
import { renderMail } from '../../activities/mail-templates.js';
import type { MailJob, MailTemplate } from '../../activities/mail-types.js';
import { districtHint } from '../../api/intake/district-hint.js';
import { ConfigError } from '../../config/env.js';
import { readStateCode, readStateProfile } from '../../config/state-code.js';
import { LANGUAGES as CONSOLE_LANGUAGES } from '../../console/src/lib/i18n.js';
import * as labels from '../../console/src/lib/labels.js';
import { REFUSAL } from '../../console/src/lib/step-form-refusal.js';
import { STEP_TEXT } from '../../console/src/lib/step-form-strings.js';
import { S as NEW_ALERT } from '../../console/src/pages/new-alert-strings.js';
import { S as REPORTS } from '../../console/src/pages/reports-strings.js';
import { digestText } from '../../domain/digest-text.js';
import { LANGUAGES, PROFILE_CODES, PROFILES, type StateProfile } from '../../domain/profiles/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TEMPLATES: MailTemplate[] = [
  'district_notification',
  'transfer',
  'escalation',
  'follow_up_reminder',
  'workflow_stopped',
];
const profiles = Object.values(PROFILES);

function job(template: MailTemplate, profile: StateProfile): MailJob {
  return {
    caseId: `JV-${profile.code}-2026-000123`,
    step: 'test',
    template,
    level: 1,
    roles: ['sp'],
    districtCode: profile.districts[0].code,
    policeStation: 'Kotwali',
    toState: 'MH',
    drill: false,
    facts: {
      stage: 'district_notified',
      severity: 'high',
      openedAt: '2026-01-01T00:00:00.000Z',
      waitingFor: 'arrive',
      dueAt: '2026-01-01T00:30:00.000Z',
    },
  } as MailJob;
}

describe('the profiles', () => {
  it('ship UP and UK, English first and Hindi in each', () => {
    expect(PROFILE_CODES).toEqual(['UP', 'UK']);
    for (const p of profiles) expect(p.languages).toEqual(['en', 'hi']);
    expect(PROFILES.UK.districts).toHaveLength(13);
  });

  it('JEEVAN_STATE selects one (default UP); an unknown state is refused with the known ones listed', () => {
    expect(readStateCode({})).toBe('UP');
    expect(readStateProfile({ JEEVAN_STATE: 'UK' }).name.en).toBe(PROFILES.UK.name.en);
    expect(() => readStateCode({ JEEVAN_STATE: 'MH' })).toThrow(ConfigError);
    expect(() => readStateCode({ JEEVAN_STATE: 'MH' })).toThrow(/known ones are UP, UK/);
    expect(() => readStateCode({ JEEVAN_STATE: 'up' })).toThrow(/two-letter/);
  });

  it.each(profiles.map((p) => [p.code, p] as const))('every e-mail template renders for %s, in its names', (_, p) => {
    const others = profiles.filter((o) => o.code !== p.code);
    for (const template of TEMPLATES) {
      const { subject, text } = renderMail(job(template, p), 'https://jeevan.example/cases/X', p);
      expect(subject).toContain(`JV-${p.code}-2026-000123`);
      expect(text).toContain(p.smc.en);
      expect(text).toContain(p.smc.hi);
      for (const o of others) expect(text).not.toContain(o.smc.en);
      if (template !== 'transfer') expect(text).toContain(`${p.districts[0].nameEn} / ${p.districts[0].nameHi}`);
    }
    const digest = digestText([], { from: new Date(0), to: new Date(86_400_000) }, 0, p);
    expect(digest.text).toContain(p.smc.en);
  });

  it("gives district hints from the state's own districts; the other state's name gives none", () => {
    expect(districtHint('Rishikesh, Dehradun', PROFILES.UK)).toBe('DDN');
    expect(districtHint('Dehradun', PROFILES.UP)).toBeUndefined();
    expect(districtHint('Lucknow, Uttar Pradesh', PROFILES.UK)).toBeUndefined();
    expect(districtHint('Noida', PROFILES.UP)).toBe('GBN');
    expect(districtHint('Haridwar, Uttarakhand', PROFILES.UP)).toBeUndefined();
  });
});

describe("a profile's languages", () => {
  it('are languages Jeevan has strings for', () => {
    for (const p of profiles) for (const l of p.languages) expect(LANGUAGES).toContain(l);
  });

  it("have every text of the profile that English has (names, the desk, each role's title)", () => {
    for (const p of profiles) {
      const texts = { name: p.name, smc: p.smc, ...p.roleTitles };
      for (const [key, t] of Object.entries(texts))
        for (const l of p.languages) expect(t[l], `${p.code} ${key} in ${l}`).toMatch(/\S/);
    }
  });

  it('have a complete strings file for the e-mails (activities/mail-strings/): every string English has, non-empty', () => {
    const vars: SubjectVars = { caseId: 'JV-XX-2026-000001', code: ' XXX', urgent: '', level: 1, toState: 'XX' };
    /** Every leaf of a strings file, a function called with sample values. */
    const leaves = (o: object, at = ''): [string, unknown][] =>
      Object.entries(o).flatMap(([k, v]): [string, unknown][] => {
        const path = at ? `${at}.${k}` : k;
        if (typeof v === 'function') return [[path, k.startsWith('subject') ? v(vars) : v('X', 'X', 'X')]];
        return v && typeof v === 'object' ? leaves(v, path) : [[path, v]];
      });
    const english = leaves(MAIL_STRINGS.en);
    expect(english.length).toBeGreaterThan(40);
    for (const p of profiles)
      for (const l of p.languages) {
        const strings = new Map(leaves(MAIL_STRINGS[l]));
        for (const [key] of english) expect(strings.get(key), `${p.code}: mail string ${key} in ${l}`).toMatch(/\S/);
      }
  });

  it("are held to English's keys by the type checker too", () => {
    const { case: _dropped, ...withoutOne } = MAIL_STRINGS.hi;
    // @ts-expect-error a strings file without a key en.ts has does not compile
    const incomplete: MailStrings = withoutOne;
    expect(Object.keys(incomplete)).not.toContain('case');
  });

  it("have every console string English has (console/src: the label tables, the step forms' and pages' strings)", () => {
    const tables = Object.entries(labels).filter(([, v]) => typeof v === 'object') as [
      string,
      Record<string, Record<string, string>>,
    ][];
    expect(tables.length).toBeGreaterThan(5);
    const stepTexts = Object.entries(STEP_TEXT).flatMap(([step, text]) =>
      Object.entries(text).map(([k, v]) => [`STEP_TEXT.${step}.${k}`, v] as const),
    );
    for (const p of profiles)
      for (const l of p.languages) {
        expect(CONSOLE_LANGUAGES, `${p.code}: the console has ${l}`).toContain(l);
        for (const [name, table] of [...tables, ['recipientLabels', labels.recipientLabels()] as const])
          for (const [key, entry] of Object.entries(table))
            expect(entry[l], `${p.code}: ${name}.${key} in ${l}`).toMatch(/\S/);
        for (const [name, strings] of [
          ['new alert', NEW_ALERT],
          ['reports', REPORTS],
          ['step-form refusals', REFUSAL],
        ] as const)
          for (const key of Object.keys(strings.en))
            expect((strings[l] as Record<string, string>)[key], `${p.code}: ${name}.${key} in ${l}`).toMatch(/\S/);
        // A step with no intro has none in any language.
        for (const [key, v] of stepTexts)
          expect(/\S/.test(v[l] ?? ''), `${p.code}: ${key} in ${l}`).toBe(/\S/.test(v.en));
      }
  });
});

/** Production code: everything but the profiles themselves, docs, tests and the benchmarks of UP's seed figures. */
const CODE_DIRS = [
  'activities',
  'api',
  'config',
  'console/src',
  'contract',
  'db',
  'domain',
  'lib',
  'worker',
  'workflows',
  'scripts',
  'dev',
];
const EXCLUDED = [join('domain', 'profiles')];

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (EXCLUDED.some((e) => rel.startsWith(e))) return [];
    if (statSync(join(ROOT, rel)).isDirectory()) return files(rel);
    return /\.(ts|tsx|sql|html|css|csv|json)$/.test(name) ? [rel] : [];
  });
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A whole word or phrase, in any script. */
const word = (s: string) => new RegExp(`(?<![\\p{L}\\p{M}])${escapeRe(s)}(?![\\p{L}\\p{M}])`, 'u');

describe('no state is written into code outside its profile', () => {
  const terms = new Set<string>(['UP Police', 'उ.प्र.', 'UP-112']);
  for (const p of profiles) {
    for (const t of [p.name, p.smc, p.roleTitles.sp, p.roleTitles.cp_or_range_ig, p.roleTitles.adg_zone])
      for (const l of p.languages) if (t[l]) terms.add(t[l] as string);
    for (const d of p.districts) {
      terms.add(d.nameEn);
      terms.add(d.nameHi);
    }
    for (const [alias] of p.districtAliases) terms.add(alias);
  }
  const patterns = [...terms].map((t) => ({ t, re: word(t) }));

  it('greps the code for every name, district and rank of every profile', () => {
    const hits: string[] = [];
    const all = CODE_DIRS.flatMap(files);
    expect(all.length).toBeGreaterThan(100);
    for (const f of all) {
      const lines = readFileSync(join(ROOT, f), 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const { t, re } of patterns) if (re.test(line)) hits.push(`${f}:${i + 1}: ${t}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
