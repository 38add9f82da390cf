// One step's short form, generated from its schema: labelled fields in the reader's
// language, checked as the API checks them, posted to the step's route. A refusal stays
// next to the form in plain words (with the workflow's own reason) and takes the focus.
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import type { CaseState } from '../../../contract/case.js';
import { ApiError, api } from '../lib/api.js';
import { defineStrings, useLang, useT } from '../lib/i18n.js';
import { label, STAGE_LABELS } from '../lib/labels.js';
import { transferStates, usePeerStates } from '../lib/peer-states.js';
import {
  bodyOf,
  choicesOf,
  type FieldProblem,
  type FieldSpec,
  initialValues,
  toggleChoice,
  type Values,
} from '../lib/step-form.js';
import { type PageStep, STEP_PATHS, stepForm } from '../lib/step-form-plan.js';
import { REFUSAL, refusalHeadline } from '../lib/step-form-refusal.js';
import { fieldHint, fieldLabel, optionLabel, STEP_TEXT } from '../lib/step-form-strings.js';
import { Field } from './field.js';

const S = defineStrings(
  {
    cancel: 'Cancel',
    saving: 'Saving…',
    choose: 'Choose…',
    none: '— none —',
    stale: 'The case has moved on (now “{stage}”). This step may be refused.',
    required: 'Fill this in.',
    tooLong: 'At most {max} characters.',
    notWhole: 'A whole number, please.',
    range: 'From {min} to {max}.',
    format: 'Not in the expected form.',
    choice: 'Choose one of the options.',
    onJeevan: 'on Jeevan: the case goes to its Jeevan',
    optional: 'optional',
  },
  {
    cancel: 'रद्द करें',
    saving: 'सहेजा जा रहा है…',
    choose: 'चुनें…',
    none: '— कोई नहीं —',
    stale: 'मामला आगे बढ़ चुका है (अब “{stage}”)। यह चरण अस्वीकार हो सकता है।',
    required: 'यह भरें।',
    tooLong: 'अधिकतम {max} अक्षर।',
    notWhole: 'पूर्ण संख्या लिखें।',
    range: '{min} से {max} तक।',
    format: 'अपेक्षित प्रारूप में नहीं।',
    choice: 'विकल्पों में से एक चुनें।',
    onJeevan: 'जीवन पर: केस उसके जीवन में जाता है',
    optional: 'वैकल्पिक',
  },
);

export interface StepDone {
  step: PageStep;
  state?: CaseState;
}

export function StepForm(props: {
  state: CaseState;
  step: PageStep;
  stale: boolean;
  onDone: (d: StepDone) => void;
  onRefused: () => void;
  onCancel: () => void;
}) {
  const { state, step } = props;
  const t = useT(S);
  const lang = useLang();
  const headingId = useId();
  // The fields follow the case (new enquiries, parties still to acknowledge); the values typed stay.
  const { fields, defaults } = useMemo(() => stepForm(step, state), [step, state]);
  const [values, setValues] = useState<Values>(() => initialValues(fields, defaults));
  const [problems, setProblems] = useState<Record<string, FieldProblem>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  // Focus the first thing to answer; a form with nothing required focuses its button, so Enter confirms.
  useEffect(() => {
    const form = formRef.current;
    const first =
      form?.querySelector<HTMLElement>('[data-required="true"]') ??
      form?.querySelector<HTMLElement>('button[type="submit"]');
    first?.focus();
  }, []);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const set = (name: string, value: string | boolean) => setValues((v) => ({ ...v, [name]: value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const { body, problems: found } = bodyOf(fields, values);
    setProblems(found);
    setError(null);
    if (Object.keys(found).length > 0) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await api.post<{ case?: CaseState }>(
        `/cases/${encodeURIComponent(state.caseId)}${STEP_PATHS[step]}`,
        body,
      );
      props.onDone({ step, state: result?.case });
    } catch (e) {
      const apiError = e instanceof ApiError ? e : new ApiError(0, 'client', String(e));
      setError(apiError);
      const byField: Record<string, FieldProblem> = {};
      for (const d of apiError.details) {
        const name = d.field?.replace(/^[/.]?(body[/.])?/, '').replaceAll('/', '.');
        if (name && name in values) byField[name] = { code: 'format' };
      }
      setProblems(byField);
      if (apiError.status === 409) props.onRefused();
    } finally {
      setBusy(false);
    }
  };

  const problemText = (p?: FieldProblem) => {
    if (!p) return undefined;
    if (p.code === 'tooLong') return t('tooLong', { max: p.max });
    if (p.code === 'range') return t('range', { min: p.min ?? '', max: p.max ?? '' });
    return t(p.code);
  };

  const text = STEP_TEXT[step];
  return (
    <form ref={formRef} class="card step-form" aria-labelledby={headingId} noValidate onSubmit={submit}>
      <h3 id={headingId}>{text.label[lang]}</h3>
      {text.intro[lang] && <p class="muted step-intro">{text.intro[lang]}</p>}
      {props.stale && (
        <div class="notice notice-warning" role="status">
          {t('stale', { stage: label(STAGE_LABELS, state.stage, lang) })}
        </div>
      )}
      <div class="form-row">
        {fields.map((f) => (
          <StepField
            key={f.name}
            step={step}
            field={f}
            state={state}
            values={values}
            set={set}
            problem={problems}
            problemText={problemText}
          />
        ))}
      </div>
      {error && (
        <div class="notice notice-error step-refusal" role="alert" tabIndex={-1} ref={errorRef}>
          <strong>{refusalHeadline(error, lang)}</strong>
          {error.status !== 0 && (
            <p>
              {REFUSAL[lang].reason} <span lang="en">{error.message}</span>
            </p>
          )}
          {error.details.length > 0 && (
            <ul>
              {error.details.map((d) => (
                <li key={`${d.field}:${d.problem}`}>{d.field ? `${d.field}: ${d.problem}` : d.problem}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div class="step-form-buttons">
        <button type="submit" class="primary" disabled={busy} aria-busy={busy}>
          {busy ? t('saving') : text.label[lang]}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

function StepField(props: {
  step: PageStep;
  field: FieldSpec;
  state: CaseState;
  values: Values;
  set: (name: string, value: string | boolean) => void;
  problem: Record<string, FieldProblem>;
  problemText: (p?: FieldProblem) => string | undefined;
}) {
  const { step, field: f, values, set } = props;
  const t = useT(S);
  const lang = useLang();
  if (f.kind === 'group') {
    return (
      <fieldset class="step-group">
        <legend>{fieldLabel(step, f.key, lang)}</legend>
        {(f.children ?? []).map((c) => (
          <StepField key={c.name} {...props} field={c} />
        ))}
      </fieldset>
    );
  }
  const labelText = fieldLabel(step, f.key, lang);
  const hint = fieldHint(step, f.key, lang);
  const error = props.problemText(props.problem[f.name]);
  const wide = f.kind === 'textarea' ? ' field-wide' : '';
  if (f.kind === 'checkbox') {
    const id = `${step}-${f.name}`;
    return (
      <div class={`field field-check${error ? ' field-invalid' : ''}`}>
        <input
          id={id}
          type="checkbox"
          name={f.name}
          checked={values[f.name] === true}
          onChange={(e) => set(f.name, e.currentTarget.checked)}
          aria-invalid={error ? true : undefined}
        />
        <label for={id}>{labelText}</label>
        {error && <p class="error">{error}</p>}
      </div>
    );
  }
  if (f.kind === 'choices') {
    const chosen = choicesOf(values[f.name]);
    return (
      <fieldset class={`step-group step-choices field-wide${error ? ' field-invalid' : ''}`}>
        <legend>{f.required ? labelText : `${labelText} (${t('optional')})`}</legend>
        {hint && <p class="hint">{hint}</p>}
        {(f.options ?? []).map((o) => {
          const id = `${step}-${f.name}-${o}`;
          return (
            <div key={o} class="field field-check">
              <input
                id={id}
                type="checkbox"
                name={f.name}
                value={o}
                checked={chosen.includes(o)}
                onChange={(e) => set(f.name, toggleChoice(values[f.name], o, e.currentTarget.checked))}
              />
              <label for={id}>{optionLabel(step, f.key, o, lang, props.state)}</label>
            </div>
          );
        })}
        {error && <p class="error">{error}</p>}
      </fieldset>
    );
  }
  const value = String(values[f.name] ?? '');
  const common = { name: f.name, 'data-required': f.required ? 'true' : undefined, required: f.required };
  return (
    <div class={`step-field${wide}`}>
      <Field
        label={f.required ? labelText : `${labelText} (${t('optional')})`}
        hint={hint}
        error={error}
        required={f.required}
      >
        {(a) => {
          switch (f.kind) {
            case 'select':
              return (
                <select {...a} {...common} value={value} onChange={(e) => set(f.name, e.currentTarget.value)}>
                  <option value="" disabled={f.required}>
                    {f.required ? t('choose') : t('none')}
                  </option>
                  {(f.options ?? []).map((o) => (
                    <option key={o} value={o}>
                      {optionLabel(step, f.key, o, lang, props.state)}
                    </option>
                  ))}
                </select>
              );
            case 'textarea':
              return (
                <textarea
                  {...a}
                  {...common}
                  rows={2}
                  maxLength={f.maxLength}
                  value={value}
                  onInput={(e) => set(f.name, e.currentTarget.value)}
                />
              );
            case 'number':
              return (
                <input
                  {...a}
                  {...common}
                  type="number"
                  inputMode="numeric"
                  step={1}
                  min={f.minimum}
                  max={f.maximum}
                  value={value}
                  onInput={(e) => set(f.name, e.currentTarget.value)}
                />
              );
            case 'datetime':
              return (
                <input
                  {...a}
                  {...common}
                  type="datetime-local"
                  value={value}
                  onInput={(e) => set(f.name, e.currentTarget.value)}
                />
              );
            default:
              return (
                <>
                  <input
                    {...a}
                    {...common}
                    type="text"
                    maxLength={f.maxLength}
                    value={value}
                    list={f.key === 'toState' ? `${step}-states` : undefined}
                    onInput={(e) => set(f.name, e.currentTarget.value)}
                  />
                  {f.key === 'toState' && <StateList id={`${step}-states`} />}
                </>
              );
          }
        }}
      </Field>
    </div>
  );
}

/** The states a transfer may go to, the peers on Jeevan first. */
function StateList(props: { id: string }) {
  const t = useT(S);
  const peers = usePeerStates();
  return (
    <datalist id={props.id}>
      {transferStates(peers).map((s) => (
        <option key={s.code} value={s.code}>
          {s.peer ? t('onJeevan') : ''}
        </option>
      ))}
    </datalist>
  );
}
