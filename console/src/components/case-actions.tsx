// The steps this person may take on the case now: one button each, the most likely one
// primary, and none for the steps the stage or their role does not allow. A button opens
// the step's short form; the result is announced and takes the focus.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CaseState } from '../../../contract/case.js';
import { defineStrings, useLang, useT } from '../lib/i18n.js';
import { label, STAGE_LABELS } from '../lib/labels.js';
import { useSession } from '../lib/session.js';
import { availableSteps, type PageStep } from '../lib/step-form-plan.js';
import { STEP_TEXT } from '../lib/step-form-strings.js';
import { type StepDone, StepForm } from './case-step-form.js';

const S = defineStrings(
  {
    title: 'Next steps',
    none: 'Nothing for you to do on this case at this stage.',
    closed: 'This case is closed.',
    done: '{done} The case is now “{stage}”.',
    doneSignal: '{done}',
    readOnly: 'You can read this case; your role takes no steps.',
  },
  {
    title: 'अगले कदम',
    none: 'इस चरण पर इस मामले में आपके लिए कोई कार्य नहीं है।',
    closed: 'यह मामला बंद है।',
    done: '{done} मामला अब “{stage}” है।',
    doneSignal: '{done}',
    readOnly: 'आप यह मामला पढ़ सकते हैं; आपकी भूमिका कोई कदम नहीं लेती।',
  },
);

export function CaseActions(props: { state: CaseState; onChanged: (state?: CaseState) => void }) {
  const { state } = props;
  const t = useT(S);
  const lang = useLang();
  const { me } = useSession();
  const steps = availableSteps(state, me.roles);
  const [open, setOpen] = useState<PageStep | null>(null);
  const [message, setMessage] = useState<string>('');
  const messageRef = useRef<HTMLParagraphElement>(null);
  const buttonRefs = useRef<Partial<Record<PageStep, HTMLButtonElement | null>>>({});
  const [focusMessage, setFocusMessage] = useState(0);

  useEffect(() => {
    if (focusMessage) messageRef.current?.focus();
  }, [focusMessage]);

  const done = (d: StepDone) => {
    setOpen(null);
    const text = STEP_TEXT[d.step].done[lang];
    setMessage(
      d.state
        ? t('done', { done: text, stage: label(STAGE_LABELS, d.state.stage, lang) })
        : t('doneSignal', { done: text }),
    );
    setFocusMessage((n) => n + 1);
    props.onChanged(d.state);
  };
  const cancel = () => {
    const step = open;
    setOpen(null);
    if (step) requestAnimationFrame(() => buttonRefs.current[step]?.focus());
  };

  const readOnly = !me.roles.some((r) => ['smc_operator', 'smc_supervisor', 'district_officer'].includes(r));
  return (
    <section class="case-actions card" aria-labelledby="case-actions-title">
      <h2 id="case-actions-title">{t('title')}</h2>
      <p class="step-result" role="status" tabIndex={-1} ref={messageRef}>
        {message}
      </p>
      {steps.length === 0 && (
        <p class="muted">{state.stage === 'closed' ? t('closed') : readOnly ? t('readOnly') : t('none')}</p>
      )}
      {steps.length > 0 && (
        <ul class="step-buttons">
          {steps.map((step, i) => (
            <li key={step}>
              <button
                type="button"
                ref={(el) => {
                  buttonRefs.current[step] = el;
                }}
                class={i === 0 ? 'primary' : undefined}
                aria-expanded={open === step}
                aria-controls={open === step ? 'case-step-form' : undefined}
                data-step={step}
                onClick={() => {
                  setMessage('');
                  setOpen(open === step ? null : step);
                }}
              >
                {STEP_TEXT[step].label[lang]}
              </button>
            </li>
          ))}
        </ul>
      )}
      {open && (
        <div id="case-step-form">
          <StepForm
            key={open}
            state={state}
            step={open}
            stale={!steps.includes(open)}
            onDone={done}
            onRefused={() => props.onChanged()}
            onCancel={cancel}
          />
        </div>
      )}
    </section>
  );
}
