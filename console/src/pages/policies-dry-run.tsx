// The dry run: for a district, severity and opening time, who is told what and when while
// nobody moves, stage by stage, with the people on shift and the roles that reach nobody.
import { useState } from 'preact/hooks';
import { Field } from '../components/field.js';
import { ErrorNotice } from '../components/notice.js';
import { type ApiError, api } from '../lib/api.js';
import { formatDateTime, formatDuration } from '../lib/format.js';
import { defineStrings, useLang, useT } from '../lib/i18n.js';
import { recipientLabels, SEVERITY_LABELS, STAGE_LABELS, useLabel, WAIT_LABELS } from '../lib/labels.js';

interface Escalation {
  wait: string;
  level: number;
  dueAt: string;
  afterMs: number;
  final: boolean;
  roles: string[];
  people: { role: string; name: string; email: string }[];
  nobody: string[];
}
interface DryRunResult {
  policyVersion: string;
  district: { code: string; nameEn: string; nameHi: string };
  severity: string;
  openedAt: string;
  gaps: { field: string; problem: string }[];
  stages: { stage: string; escalations: Escalation[] }[];
}

const S = defineStrings(
  {
    heading: 'Dry run: who is told what, and when',
    intro: 'As if a case opened then and nobody moved. Nothing is sent.',
    policy: 'Policy',
    inForce: 'The policy in force',
    draftText: 'The document in the editor below',
    district: 'District code',
    station: 'Police station (optional)',
    severity: 'Severity',
    openedAt: 'Case opens at (IST)',
    run: 'Run the dry run',
    running: 'Working it out…',
    badDistrict: 'A district code is three capital letters, e.g. AGR.',
    badTime: 'Choose a date and time.',
    result: '{version} · {district} · {severity} · opened {at}',
    gaps: 'Publishing this policy would be refused: these levels reach nobody.',
    noGaps: 'Every level reaches someone.',
    stageCaption: 'While the case waits at “{stage}”',
    when: 'When (IST)',
    after: 'After',
    wait: 'Waiting for',
    level: 'Level',
    roles: 'Roles told',
    people: 'People on shift',
    nobody: 'Nobody on duty: goes to the SMC supervisor',
    final: 'last level',
    noEscalations: 'No escalation within the horizon.',
  },
  {
    heading: 'पूर्वाभ्यास: किसे क्या और कब बताया जाएगा',
    intro: 'मानो तब एक मामला खुला और कोई आगे नहीं बढ़ा। कुछ भेजा नहीं जाता।',
    policy: 'नीति',
    inForce: 'लागू नीति',
    draftText: 'नीचे संपादक में लिखा दस्तावेज़',
    district: 'जनपद कोड',
    station: 'थाना (वैकल्पिक)',
    severity: 'गंभीरता',
    openedAt: 'मामला खुलने का समय (IST)',
    run: 'पूर्वाभ्यास चलाएँ',
    running: 'गणना हो रही है…',
    badDistrict: 'जनपद कोड तीन बड़े अक्षरों का होता है, जैसे AGR।',
    badTime: 'तारीख़ और समय चुनें।',
    result: '{version} · {district} · {severity} · {at} पर खुला',
    gaps: 'इस नीति को प्रकाशित करने से मना कर दिया जाएगा: ये स्तर किसी तक नहीं पहुँचते।',
    noGaps: 'हर स्तर किसी न किसी तक पहुँचता है।',
    stageCaption: 'जब तक मामला “{stage}” पर रुका है',
    when: 'कब (IST)',
    after: 'के बाद',
    wait: 'किसकी प्रतीक्षा',
    level: 'स्तर',
    roles: 'सूचित भूमिकाएँ',
    people: 'ड्यूटी पर लोग',
    nobody: 'ड्यूटी पर कोई नहीं: एसएमसी पर्यवेक्षक को जाएगा',
    final: 'अंतिम स्तर',
    noEscalations: 'इस अवधि में कोई एस्केलेशन नहीं।',
  },
);

/** Now in India, as a datetime-local value (YYYY-MM-DDTHH:MM). */
const istNow = () => new Date(Date.now() + 5.5 * 3600_000).toISOString().slice(0, 16);

export function DryRun(props: { versions: string[]; draftDocument?: () => unknown }) {
  const t = useT(S);
  const l = useLabel();
  const lang = useLang();
  const [form, setForm] = useState({ policy: '', district: 'AGR', station: '', severity: 'high', openedAt: istNow() });
  const [result, setResult] = useState<DryRunResult>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const errors = {
    district: /^[A-Z]{3}$/.test(form.district) ? undefined : t('badDistrict'),
    openedAt: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(form.openedAt) ? undefined : t('badTime'),
  };
  const set = (field: keyof typeof form) => (e: Event) => {
    const v = (e.target as HTMLInputElement).value;
    setForm({ ...form, [field]: field === 'district' ? v.toUpperCase() : v });
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (errors.district || errors.openedAt) return;
    setBusy(true);
    setError(undefined);
    try {
      const body: Record<string, unknown> = {
        district: form.district,
        severity: form.severity,
        openedAt: new Date(`${form.openedAt.slice(0, 16)}:00+05:30`).toISOString(),
      };
      if (form.station.trim()) body.policeStation = form.station.trim();
      if (form.policy === ':draft' && props.draftDocument) body.policy = props.draftDocument();
      else if (form.policy) body.version = form.policy;
      setResult(await api.post<DryRunResult>('/policies/dry-run', body));
    } catch (err) {
      setResult(undefined);
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const who = (roles: string[]) => roles.map((r) => l(recipientLabels(), r)).join(', ');
  return (
    <section class="card policy-block" aria-labelledby="dry-run-h">
      <h2 id="dry-run-h">{t('heading')}</h2>
      <p class="muted">{t('intro')}</p>
      <form class="form-row" onSubmit={submit} noValidate data-form="dry-run">
        <Field label={t('policy')}>
          {(a) => (
            <select {...a} name="policy" value={form.policy} onChange={set('policy')}>
              <option value="">{t('inForce')}</option>
              {props.versions.map((v) => (
                <option key={v} value={v}>
                  {v}
                </option>
              ))}
              {props.draftDocument && <option value=":draft">{t('draftText')}</option>}
            </select>
          )}
        </Field>
        <Field label={t('district')} error={errors.district} required>
          {(a) => (
            <input
              {...a}
              name="district"
              value={form.district}
              onInput={set('district')}
              maxLength={3}
              autocomplete="off"
            />
          )}
        </Field>
        <Field label={t('station')}>
          {(a) => <input {...a} name="station" value={form.station} onInput={set('station')} />}
        </Field>
        <Field label={t('severity')}>
          {(a) => (
            <select {...a} name="severity" value={form.severity} onChange={set('severity')}>
              {['critical', 'high', 'normal'].map((s) => (
                <option key={s} value={s}>
                  {l(SEVERITY_LABELS, s)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('openedAt')} error={errors.openedAt} required>
          {(a) => (
            <input {...a} type="datetime-local" name="openedAt" value={form.openedAt} onInput={set('openedAt')} />
          )}
        </Field>
        <div class="filter-submit">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('running') : t('run')}
          </button>
        </div>
      </form>
      <ErrorNotice error={error} />
      {result && (
        <div class="dry-run-result" data-dry-run aria-live="polite">
          <p>
            <strong>
              {t('result', {
                version: result.policyVersion,
                district: `${result.district.code} ${lang === 'hi' ? result.district.nameHi : result.district.nameEn}`,
                severity: l(SEVERITY_LABELS, result.severity),
                at: formatDateTime(result.openedAt, lang),
              })}
            </strong>
          </p>
          {result.gaps.length > 0 ? (
            <div class="notice notice-warning" data-gaps>
              {t('gaps')}
              <ul>
                {result.gaps.map((g) => (
                  <li key={g.field + g.problem}>{g.problem}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p class="notice notice-success">{t('noGaps')}</p>
          )}
          {result.stages.map((s) => (
            <div class="table-wrap dry-stage" key={s.stage} data-stage={s.stage}>
              <table>
                <caption>{t('stageCaption', { stage: l(STAGE_LABELS, s.stage) })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('when')}</th>
                    <th scope="col">{t('after')}</th>
                    <th scope="col">{t('wait')}</th>
                    <th scope="col">{t('level')}</th>
                    <th scope="col">{t('roles')}</th>
                    <th scope="col">{t('people')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.escalations.length === 0 && (
                    <tr>
                      <td colSpan={6} class="muted">
                        {t('noEscalations')}
                      </td>
                    </tr>
                  )}
                  {s.escalations.map((e) => (
                    <tr key={`${e.wait}-${e.level}-${e.dueAt}`} data-escalation={`${e.wait}:${e.level}`}>
                      <td>{formatDateTime(e.dueAt, lang)}</td>
                      <td>{formatDuration(e.afterMs, lang)}</td>
                      <td>{l(WAIT_LABELS, e.wait)}</td>
                      <td>
                        {e.level}
                        {e.final && <span class="badge">{t('final')}</span>}
                      </td>
                      <td>{who(e.roles)}</td>
                      <td>
                        {e.people.length > 0 && (
                          <ul class="people">
                            {e.people.map((p) => (
                              <li key={p.email + p.role}>
                                {p.name} <span class="muted">&lt;{p.email}&gt;</span>
                              </li>
                            ))}
                          </ul>
                        )}
                        {e.nobody.length > 0 && (
                          <p class="nobody">
                            {t('nobody')}: {who(e.nobody)}
                          </p>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
