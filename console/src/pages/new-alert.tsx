// A new alert that arrived by phone (POST /alerts, channel "phone"). Checked as it is typed;
// the API's refusal is shown in plain words on the fields it names. A new case opens its
// page; an alert about a person with an open case, or one already received, says so and
// links to that case.
import './new-alert.css';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Field } from '../components/field.js';
import { ApiError, api } from '../lib/api.js';
import { useLang, useT } from '../lib/i18n.js';
import { label, SEVERITY_LABELS } from '../lib/labels.js';
import type { PageProps } from '../lib/page-props.js';
import { homeDistricts } from '../lib/profile.js';
import { navigate } from '../lib/router.js';
import { fieldsOfRefusal, type IntakeResult, type Outcome, OutcomeNotice, refusalText } from './new-alert-parts.js';
import {
  type AlertForm,
  CONTENT_KINDS,
  callReference,
  EMPTY_FORM,
  type FieldName,
  MAX,
  PLATFORMS,
  type Problem,
  toBody,
  URGENCIES,
  validate,
} from './new-alert-rules.js';
import { CONTENT_LABELS, PLATFORM_LABELS, S } from './new-alert-strings.js';

export function NewAlertPage(_props: PageProps) {
  const t = useT(S);
  const lang = useLang();
  const [form, setForm] = useState<AlertForm>(EMPTY_FORM);
  const [touched, setTouched] = useState<Set<FieldName>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverErrors, setServerErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [focusTick, setFocusTick] = useState(0);
  const noticeRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  /** The reference of an attempt whose answer was lost: its "duplicate" is our own success. */
  const lostAttempt = useRef<string | null>(null);

  const problems = validate(form);
  const message = (p: Problem) => t(p.key, { max: p.max ?? 0 });
  const errorOf = (name: FieldName): string | undefined => {
    if (serverErrors[name]) return serverErrors[name];
    const p = problems[name];
    return p && (p.now || submitted || touched.has(name)) ? message(p) : undefined;
  };
  const reachTouched = ['phone', 'handle', 'profileUrl', 'email', 'locationHint', 'ipAddress'].some((n) =>
    touched.has(n as FieldName),
  );
  const reachError =
    serverErrors.reach ?? (problems.reach && (submitted || reachTouched) ? message(problems.reach) : undefined);

  // After a refusal: the first field that needs fixing gets the focus, or else the notice.
  useEffect(() => {
    if (focusTick === 0) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    (invalid ?? noticeRef.current)?.focus();
  }, [focusTick]);

  const set = <K extends keyof AlertForm>(name: K, value: AlertForm[K]) => {
    setForm((f) => ({ ...f, [name]: value }));
    setServerErrors((e) => (e[name] || e.reach ? { ...e, [name]: undefined, reach: undefined } : e));
  };
  const touch = (name: FieldName) => setTouched((s) => (s.has(name) ? s : new Set(s).add(name)));

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setSubmitted(true);
    setOutcome(null);
    if (Object.keys(problems).length > 0) {
      setOutcome({ kind: 'error', text: t('fixFields'), details: [] });
      setFocusTick((n) => n + 1);
      return;
    }
    setBusy(true);
    const body = toBody(form);
    try {
      const result = await api.post<IntakeResult>('/alerts', body);
      if (result.status === 'created' || (result.status === 'duplicate' && lostAttempt.current === body.sourceRef)) {
        navigate(`/cases/${encodeURIComponent(result.caseId)}`);
        return;
      }
      setOutcome({ kind: result.repeatOf ? 'repeat' : result.status, caseId: result.caseId });
      setFocusTick((n) => n + 1);
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(0, 'client', String(error));
      if (e.status === 0) lostAttempt.current = String(body.sourceRef);
      showRefusal(e);
    } finally {
      setBusy(false);
    }
  };

  const showRefusal = (e: ApiError) => {
    const { fieldErrors, rest } = fieldsOfRefusal(e, (name, problem) =>
      problems[name] ? message(problems[name] as Problem) : problem,
    );
    if (fieldErrors.reach) fieldErrors.reach = t('reach');
    setServerErrors(fieldErrors);
    setOutcome({ kind: 'error', text: refusalText(e, Object.keys(fieldErrors).length > 0, t), details: rest });
    setFocusTick((n) => n + 1);
  };

  const reset = () => {
    setForm(EMPTY_FORM);
    setTouched(new Set());
    setSubmitted(false);
    setServerErrors({});
    setOutcome(null);
    lostAttempt.current = null;
    formRef.current?.querySelector<HTMLElement>('input')?.focus();
  };

  const text = (
    name: keyof AlertForm,
    opts: {
      type?: 'text' | 'tel' | 'url' | 'email';
      hint?: string;
      required?: boolean;
      autoComplete?: string;
      inputMode?: 'text' | 'tel' | 'url' | 'email';
    } = {},
  ) => (
    <Field label={t(name as 'phone')} hint={opts.hint} error={errorOf(name)} required={opts.required}>
      {(a) => (
        <input
          {...a}
          name={name}
          type={(opts.type ?? 'text') as 'text'}
          autoComplete={opts.autoComplete ?? 'off'}
          inputMode={opts.inputMode}
          maxLength={(MAX[name] ?? 500) + 50}
          required={opts.required}
          spellcheck={false}
          value={String(form[name])}
          onInput={(e) => set(name, e.currentTarget.value as never)}
          onBlur={() => touch(name)}
        />
      )}
    </Field>
  );
  const select = (
    name: 'platform' | 'contentKind',
    values: readonly string[],
    labels: Record<string, { en: string; hi: string }>,
  ) => (
    <Field label={t(name)} error={errorOf(name)} required>
      {(a) => (
        <select
          {...a}
          name={name}
          required
          value={form[name]}
          onChange={(e) => set(name, e.currentTarget.value)}
          onBlur={() => touch(name)}
        >
          <option value="">{t('choose')}</option>
          {values.map((v) => (
            <option key={v} value={v}>
              {labels[v][lang]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  const live = form.live || form.contentKind === 'live_video';
  return (
    <section class="new-alert" aria-labelledby="new-alert-title">
      <h1 id="new-alert-title">{t('title')}</h1>
      <p class="muted">{t('lead')}</p>
      <div ref={noticeRef} tabIndex={-1} class="new-alert-outcome">
        <OutcomeNotice outcome={outcome} onReset={reset} />
      </div>

      <form ref={formRef} onSubmit={submit} noValidate aria-busy={busy}>
        <fieldset class="card new-alert-part">
          <legend>{t('alertPart')}</legend>
          <div class="form-row">
            <div>
              {text('sourceRef', { required: true, hint: t('sourceRefHint') })}
              {!form.sourceRef && (
                <button
                  type="button"
                  class="link-button new-alert-ref"
                  onClick={() => set('sourceRef', callReference())}
                >
                  {t('makeRef')}
                </button>
              )}
            </div>
            {select('platform', PLATFORMS, PLATFORM_LABELS)}
            {select('contentKind', CONTENT_KINDS, CONTENT_LABELS)}
          </div>
          <div class="form-row">
            <Field label={t('urgency')} hint={live ? t('urgencyLive') : undefined}>
              {(a) => (
                <select
                  {...a}
                  name="urgency"
                  value={live ? 'critical' : form.urgency}
                  disabled={live}
                  onChange={(e) => set('urgency', e.currentTarget.value)}
                >
                  {URGENCIES.map((u) => (
                    <option key={u} value={u}>
                      {label(SEVERITY_LABELS, u, lang)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label={t('detectedAt')} hint={t('detectedAtHint')} error={errorOf('detectedAt')}>
              {(a) => (
                <input
                  {...a}
                  name="detectedAt"
                  type="datetime-local"
                  value={form.detectedAt}
                  onInput={(e) => set('detectedAt', e.currentTarget.value)}
                  onBlur={() => touch('detectedAt')}
                />
              )}
            </Field>
          </div>
          <label class="new-alert-check">
            <input
              type="checkbox"
              name="live"
              checked={form.live}
              onChange={(e) => set('live', e.currentTarget.checked)}
            />
            {t('live')}
          </label>
        </fieldset>

        <fieldset
          class={`card new-alert-part${reachError ? ' new-alert-part-invalid' : ''}`}
          aria-describedby="reach-hint reach-error"
        >
          <legend>{t('reachPart')}</legend>
          <p class="hint" id="reach-hint">
            {t('reachHint')}
          </p>
          <p class="error" id="reach-error" aria-live="polite">
            {reachError ?? ''}
          </p>
          <div class="form-row">
            {text('phone', { type: 'tel', autoComplete: 'off', inputMode: 'tel' })}
            {text('handle')}
            {text('accountName')}
            {text('profileUrl', { type: 'url', inputMode: 'url' })}
            {text('email', { type: 'email', inputMode: 'email' })}
            {text('ipAddress')}
          </div>
          <div class="form-row">
            {text('locationHint')}
            <Field label={t('districtHint')}>
              {(a) => (
                <select
                  {...a}
                  name="districtHint"
                  value={form.districtHint}
                  onChange={(e) => set('districtHint', e.currentTarget.value)}
                >
                  <option value="">{t('noDistrict')}</option>
                  {homeDistricts().map((d) => (
                    <option key={d.code} value={d.code}>
                      {lang === 'hi' ? d.nameHi : d.nameEn} ({d.code})
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
        </fieldset>

        <fieldset class="card new-alert-part">
          <legend>{t('aboutPart')}</legend>
          <Field
            label={t('description')}
            hint={t('descriptionHint', { n: form.description.length })}
            error={errorOf('description')}
          >
            {(a) => (
              <textarea
                {...a}
                name="description"
                rows={4}
                value={form.description}
                onInput={(e) => set('description', e.currentTarget.value)}
                onBlur={() => touch('description')}
              />
            )}
          </Field>
          <label class="new-alert-check">
            <input
              type="checkbox"
              name="drill"
              checked={form.drill}
              onChange={(e) => set('drill', e.currentTarget.checked)}
            />
            {t('drill')}
          </label>
        </fieldset>

        <button type="submit" class="primary new-alert-submit" disabled={busy}>
          {busy ? t('busy') : t('submit')}
        </button>
      </form>
    </section>
  );
}
