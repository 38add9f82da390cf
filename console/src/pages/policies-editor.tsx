// Drafts: create one (a copy of the policy in force or of a version), edit its document as JSON
// checked as you type, save, and publish. The API has the last word: its refusal is shown with
// each field it names (e.g. a level that reaches nobody).
import { useMemo, useState } from 'preact/hooks';
import { Field } from '../components/field.js';
import { ErrorNotice, Notice } from '../components/notice.js';
import { type ApiError, api } from '../lib/api.js';
import { defineStrings, useT } from '../lib/i18n.js';
import { WAIT_KINDS } from './policies-ladders.js';

const ROLES = [
  'smc_operators',
  'smc_supervisor',
  'smc_incharge',
  'district_control_room',
  'police_station',
  'sp',
  'cp_or_range_ig',
  'adg_zone',
  'nodal_officer',
  'emergency_112',
];
const VERSION = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const S = defineStrings(
  {
    newDraft: 'New draft',
    version: 'Version name',
    versionHint: 'Lower-case letters, digits, dot, dash or underscore, e.g. up-2026-04.',
    badVersion: 'Use lower-case letters, digits, “.”, “-” or “_”, starting with a letter or digit.',
    basedOn: 'Start from',
    inForce: 'The policy in force',
    note: 'Note (what changes and why)',
    create: 'Create draft',
    editing: 'Editing draft {version}',
    document: 'Policy document (JSON)',
    documentHint:
      'Times are in milliseconds. Published versions never change: publish creates the version new cases copy.',
    save: 'Save draft',
    publish: 'Publish',
    saved: 'Draft saved.',
    published: '{version} is published: cases opened from now on copy it.',
    created: 'Draft {version} created.',
    confirmPublish: 'Publish {version}? New cases will follow it; it can never be changed afterwards.',
    jsonError: 'Not valid JSON: {message}',
    problems: 'Fix these before saving:',
  },
  {
    newDraft: 'नया मसौदा',
    version: 'संस्करण का नाम',
    versionHint: 'छोटे अंग्रेज़ी अक्षर, अंक, बिंदु, डैश या अंडरस्कोर, जैसे up-2026-04।',
    badVersion: 'छोटे अक्षर, अंक, “.”, “-” या “_” का प्रयोग करें; पहला अक्षर या अंक हो।',
    basedOn: 'किससे शुरू करें',
    inForce: 'लागू नीति',
    note: 'टिप्पणी (क्या बदला और क्यों)',
    create: 'मसौदा बनाएँ',
    editing: 'मसौदा {version} का संपादन',
    document: 'नीति दस्तावेज़ (JSON)',
    documentHint: 'समय मिलीसेकंड में है। प्रकाशित संस्करण कभी नहीं बदलते: प्रकाशन से वह संस्करण बनता है जिसे नए मामले अपनाते हैं।',
    save: 'मसौदा सहेजें',
    publish: 'प्रकाशित करें',
    saved: 'मसौदा सहेजा गया।',
    published: '{version} प्रकाशित: अब से खुलने वाले मामले इसे अपनाएँगे।',
    created: 'मसौदा {version} बनाया गया।',
    confirmPublish: '{version} प्रकाशित करें? नए मामले इसी का पालन करेंगे; बाद में इसे कभी बदला नहीं जा सकेगा।',
    jsonError: 'JSON मान्य नहीं: {message}',
    problems: 'सहेजने से पहले इन्हें ठीक करें:',
  },
);

/** What can be told before asking the API: shape, times and roles. The API checks the rest. */
export function documentProblems(doc: unknown): string[] {
  const out: string[] = [];
  if (!doc || typeof doc !== 'object') return ['the document must be a JSON object'];
  const d = doc as Record<string, unknown>;
  for (const k of [
    'requireBothAcks',
    'severityFactor',
    'ladders',
    'districtOverrides',
    'followUpOffsetsMs',
    'mailFailureAlertMs',
  ])
    if (!(k in d)) out.push(`${k}: missing`);
  const ladder = (where: string, l: unknown) => {
    const x = l as { rungs?: unknown; repeat?: { everyMs?: unknown; times?: unknown; notify?: unknown } };
    if (!x || !Array.isArray(x.rungs)) return out.push(`${where}.rungs: must be a list`);
    x.rungs.forEach((r: { afterMs?: unknown; notify?: unknown }, i) => {
      if (!Number.isInteger(r?.afterMs) || (r.afterMs as number) < 0)
        out.push(`${where}.rungs.${i}.afterMs: a whole number of milliseconds, 0 or more`);
      roles(`${where}.rungs.${i}.notify`, r?.notify);
      const prev = x.rungs as { afterMs?: number }[];
      if (i > 0 && Number(r?.afterMs) <= Number(prev[i - 1]?.afterMs))
        out.push(`${where}.rungs.${i}.afterMs: must come after level ${i}`);
    });
    if (!x.repeat) return out.push(`${where}.repeat: missing`);
    if (!Number.isInteger(x.repeat.everyMs) || (x.repeat.everyMs as number) < 1)
      out.push(`${where}.repeat.everyMs: a whole number of milliseconds, 1 or more`);
    if (!Number.isInteger(x.repeat.times) || (x.repeat.times as number) < 0)
      out.push(`${where}.repeat.times: a whole number, 0 or more`);
    roles(`${where}.repeat.notify`, x.repeat.notify);
  };
  const roles = (where: string, list: unknown) => {
    if (!Array.isArray(list) || list.length === 0) return out.push(`${where}: name at least one role`);
    for (const r of list) if (!ROLES.includes(r)) out.push(`${where}: unknown role ${JSON.stringify(r)}`);
  };
  const set = (where: string, s: unknown, full: boolean) => {
    if (!s || typeof s !== 'object') return out.push(`${where}: must be an object`);
    for (const k of Object.keys(s)) if (!WAIT_KINDS.includes(k)) out.push(`${where}.${k}: unknown wait`);
    for (const w of WAIT_KINDS) {
      const l = (s as Record<string, unknown>)[w];
      if (l === undefined) {
        if (full && w !== 'enquiry' && w !== 'learning_review') out.push(`${where}.${w}: missing`);
      } else ladder(`${where}.${w}`, l);
    }
  };
  const ladders = d.ladders as Record<string, unknown> | undefined;
  if (ladders) {
    set('ladders.district', ladders.district, true);
    set('ladders.commissionerate', ladders.commissionerate ?? {}, false);
  }
  for (const [kind, l] of Object.entries((d.enquiryLadders as Record<string, unknown>) ?? {}))
    ladder(`enquiryLadders.${kind}`, l);
  for (const [code, s] of Object.entries((d.districtOverrides as Record<string, unknown>) ?? {})) {
    if (!/^[A-Z]{3}$/.test(code)) out.push(`districtOverrides.${code}: a district code is three capital letters`);
    set(`districtOverrides.${code}`, s, false);
  }
  return out;
}

export function NewDraft(props: { versions: string[]; onCreated: (version: string) => void }) {
  const t = useT(S);
  const [form, setForm] = useState({ version: '', basedOn: '', note: '' });
  const [error, setError] = useState<ApiError>();
  const [touched, setTouched] = useState(false);
  const bad = form.version !== '' && !VERSION.test(form.version);
  const submit = async (e: Event) => {
    e.preventDefault();
    setTouched(true);
    if (!VERSION.test(form.version)) return;
    setError(undefined);
    try {
      await api.post('/policies', {
        version: form.version,
        ...(form.basedOn ? { basedOn: form.basedOn } : {}),
        ...(form.note ? { note: form.note } : {}),
      });
      props.onCreated(form.version);
      setForm({ version: '', basedOn: '', note: '' });
      setTouched(false);
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <form class="card policy-block" onSubmit={submit} noValidate aria-labelledby="new-draft-h">
      <h2 id="new-draft-h">{t('newDraft')}</h2>
      <div class="form-row">
        <Field
          label={t('version')}
          hint={t('versionHint')}
          error={bad || (touched && !form.version) ? t('badVersion') : undefined}
          required
        >
          {(a) => (
            <input
              {...a}
              name="version"
              value={form.version}
              onInput={(e) => setForm({ ...form, version: (e.target as HTMLInputElement).value })}
            />
          )}
        </Field>
        <Field label={t('basedOn')}>
          {(a) => (
            <select
              {...a}
              name="basedOn"
              value={form.basedOn}
              onChange={(e) => setForm({ ...form, basedOn: (e.target as HTMLSelectElement).value })}
            >
              <option value="">{t('inForce')}</option>
              {props.versions.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('note')}>
          {(a) => (
            <input
              {...a}
              name="note"
              value={form.note}
              onInput={(e) => setForm({ ...form, note: (e.target as HTMLInputElement).value })}
            />
          )}
        </Field>
      </div>
      <ErrorNotice error={error} />
      <button type="submit" class="primary">
        {t('create')}
      </button>
    </form>
  );
}

export function DraftEditor(props: {
  version: string;
  document: unknown;
  note: string | null;
  onChanged: () => void;
  textRef: { current: string };
}) {
  const t = useT(S);
  const [text, setText] = useState(() => JSON.stringify(props.document, null, 2));
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  props.textRef.current = text;
  const problems = useMemo(() => {
    try {
      return documentProblems(JSON.parse(text));
    } catch (e) {
      return [t('jsonError', { message: (e as Error).message })];
    }
  }, [text]);
  const save = async () => {
    setError(undefined);
    setDone(undefined);
    try {
      await api.put(`/policies/${props.version}`, {
        document: JSON.parse(text),
        ...(props.note ? { note: props.note } : {}),
      });
      setDone(t('saved'));
      props.onChanged();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  const publish = async () => {
    if (!window.confirm(t('confirmPublish', { version: props.version }))) return;
    setError(undefined);
    setDone(undefined);
    try {
      await api.put(`/policies/${props.version}`, {
        document: JSON.parse(text),
        ...(props.note ? { note: props.note } : {}),
      });
      await api.post(`/policies/${props.version}/publish`);
      setDone(t('published', { version: props.version }));
      props.onChanged();
    } catch (err) {
      setError(err as ApiError);
    }
  };
  return (
    <section class="card policy-block" aria-labelledby="editor-h" data-editor={props.version}>
      <h2 id="editor-h">{t('editing', { version: props.version })}</h2>
      <Field
        label={t('document')}
        hint={t('documentHint')}
        error={problems.length > 0 ? `${t('problems')} ${problems.slice(0, 8).join('; ')}` : undefined}
      >
        {(a) => (
          <textarea
            {...a}
            class="policy-json"
            name="document"
            rows={18}
            spellcheck={false}
            value={text}
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          />
        )}
      </Field>
      <ErrorNotice error={error} />
      {done && <Notice kind="success">{done}</Notice>}
      <div class="actions">
        <button type="button" onClick={save} disabled={problems.length > 0}>
          {t('save')}
        </button>
        <button type="button" class="primary" onClick={publish} disabled={problems.length > 0}>
          {t('publish')}
        </button>
      </div>
    </section>
  );
}
