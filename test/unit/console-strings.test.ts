// Hindi and English throughout: every defineStrings table in console/src (read from the
// source, since most are private to their page) has the same keys in both languages, no
// empty Hindi text, Devanagari wherever the English has words, and the same {params} (fill
// would leave a {param} the other language forgot showing as written). The exported tables
// are checked again as the running code has them, with the label and step-form tables.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as labels from '../../console/src/lib/labels.js';
import { leaves } from '../../console/src/lib/step-form.js';
import { stepForm } from '../../console/src/lib/step-form-plan.js';
import { REFUSAL } from '../../console/src/lib/step-form-refusal.js';
import {
  ACK_PARTY_LABELS,
  CONFIDENCE_LABELS,
  ENQUIRY_KIND_LABELS,
  fieldLabel,
  STEP_TEXT,
} from '../../console/src/lib/step-form-strings.js';
import { CONTENT_LABELS, S as NEW_ALERT, PLATFORM_LABELS } from '../../console/src/pages/new-alert-strings.js';
import { S as REPORTS } from '../../console/src/pages/reports-strings.js';
import { StepSchemas } from '../../contract/steps.js';
import { CaseDriver } from './fixtures.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SRC = join(ROOT, 'console', 'src');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );

type Table = Record<string, string>;
interface Found {
  where: string;
  en: Table;
  hi: Table;
}

/** Each defineStrings(en, hi) call's two object literals, as written. */
function defineStringsCalls(): Found[] {
  const found: Found[] = [];
  for (const file of files(SRC)) {
    const source = ts.createSourceFile(
      file,
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
    );
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'defineStrings') {
        const [en, hi] = node.arguments.map((a) => literal(a, file));
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push({ where: `${relative(ROOT, file)}:${line + 1}`, en, hi });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

function literal(node: ts.Node, file: string): Table {
  if (!ts.isObjectLiteralExpression(node)) throw new Error(`${file}: defineStrings takes object literals`);
  const table: Table = {};
  for (const p of node.properties) {
    if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)))
      throw new Error(`${file}: unexpected property ${p.getText()}`);
    const v = p.initializer;
    if (!ts.isStringLiteral(v) && !ts.isNoSubstitutionTemplateLiteral(v))
      throw new Error(`${file}: ${p.name.text} is not a plain string`);
    table[p.name.text] = v.text;
  }
  return table;
}

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const DEVANAGARI = /[\u0900-\u097F]/;
/** English words a Hindi text may keep as they are: codes, names and formats people read in Latin letters. */
const KEPT_IN_LATIN =
  /^(?:[^A-Za-z]*|.*\b(?:CSV|IST|YYYY-MM-DD|JV-(?:[A-Z]{2}-)?\d{4}-\d+|DRILL|Enter|Temporal|JSON)\b.*)$/;

/** Problems with one pair of texts (empty list: fine). */
function problems(key: string, en: string, hi: string | undefined): string[] {
  if (hi === undefined) return [`${key}: no Hindi`];
  const out: string[] = [];
  if (en.trim() !== '' && hi.trim() === '') out.push(`${key}: empty Hindi`);
  if (/[A-Za-z]{2}/.test(en.replace(/\{\w+\}/g, '')) && !DEVANAGARI.test(hi) && !KEPT_IN_LATIN.test(hi))
    out.push(`${key}: Hindi "${hi}" has no Devanagari`);
  if (params(en).join() !== params(hi).join())
    out.push(`${key}: params ${params(en)} in English, ${params(hi)} in Hindi`);
  return out;
}

function checkTable(where: string, en: Table, hi: Table) {
  expect(Object.keys(hi).sort(), `${where}: same keys`).toEqual(Object.keys(en).sort());
  expect(
    Object.keys(en).flatMap((k) => problems(k, en[k], hi[k])),
    where,
  ).toEqual([]);
}

describe('console strings in Hindi and English', () => {
  const calls = defineStringsCalls();

  it('finds the tables (every page and component with words has one)', () => {
    expect(calls.length).toBeGreaterThanOrEqual(20);
  });

  it.each(calls.map((c) => [c.where, c] as const))(
    '%s: same keys, no empty or untranslated Hindi, same {params}',
    (_where, c) => {
      checkTable(c.where, c.en, c.hi);
    },
  );

  it('the exported tables, as the running code has them', () => {
    for (const [name, s] of Object.entries({ REFUSAL, NEW_ALERT, REPORTS })) checkTable(name, s.en, s.hi);
  });

  it('the names of closed lists and the step forms’ words', () => {
    const pairs: Record<string, Record<string, { en: string; hi: string }>> = {
      ...Object.fromEntries(Object.entries(labels).filter(([name]) => name.endsWith('_LABELS'))),
      ENQUIRY_KIND_LABELS,
      ACK_PARTY_LABELS,
      CONFIDENCE_LABELS,
      PLATFORM_LABELS,
      CONTENT_LABELS,
      ...Object.fromEntries(Object.entries(STEP_TEXT).map(([step, t]) => [`STEP_TEXT.${step}`, t])),
    };
    expect(Object.keys(pairs).length).toBeGreaterThan(25);
    for (const [table, entries] of Object.entries(pairs)) {
      const bad = Object.entries(entries).flatMap(([key, two]) => problems(`${table}.${key}`, two.en, two.hi));
      expect(bad, table).toEqual([]);
    }
  });

  it('every field of every step form has a label of its own in both languages', () => {
    const state = new CaseDriver().state;
    for (const step of Object.keys(StepSchemas) as (keyof typeof StepSchemas)[]) {
      if (step === 'addNote') continue;
      for (const f of leaves(stepForm(step, state).fields)) {
        const en = fieldLabel(step, f.key, 'en');
        const hi = fieldLabel(step, f.key, 'hi');
        expect(en, `${step}.${f.key}`).not.toBe(f.key);
        expect(problems(`${step}.${f.key}`, en, hi)).toEqual([]);
      }
    }
  });
});
