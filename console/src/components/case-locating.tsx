// Locating: the lines of enquiry (owner, deadline, result) and the best location so far.
import type { CaseState } from '../../../contract/case.js';
import { formatTime } from '../lib/format.js';
import { useNow } from '../lib/hooks.js';
import { defineStrings, useLang, useT } from '../lib/i18n.js';
import { CONFIDENCE_LABELS, districtName, ENQUIRY_KIND_LABELS } from '../lib/step-form-strings.js';

const S = defineStrings(
  {
    title: 'Locating',
    best: 'Best location so far',
    due: 'due {time}',
    open: 'open',
    found: 'found',
    no_result: 'nothing found',
    hints: '{n} location hint(s)',
    overdue: 'Overdue by {minutes} min',
  },
  {
    title: 'स्थान का पता',
    best: 'अब तक का सबसे अच्छा स्थान',
    due: '{time} तक',
    open: 'जारी',
    found: 'मिला',
    no_result: 'कुछ नहीं मिला',
    hints: '{n} स्थान संकेत',
    overdue: '{minutes} मिनट से समय-सीमा पार',
  },
);

export function CaseLocating(props: { state: CaseState }) {
  const t = useT(S);
  const lang = useLang();
  const now = useNow(15_000);
  const { enquiries, best, hints } = props.state.locating;
  // Shown like an overdue stage: an open enquiry past its due time is chased (its own ladder).
  const lateBy = (e: (typeof enquiries)[number]) =>
    e.status === 'open' && Date.parse(e.dueAt) < now ? Math.floor((now - Date.parse(e.dueAt)) / 60_000) : undefined;
  if (enquiries.length === 0 && !best) return null;
  return (
    <section class="card case-locating" aria-labelledby="locating-title">
      <h2 id="locating-title">{t('title')}</h2>
      {best && (
        <p>
          <strong>{t('best')}:</strong> {best.summary}
          {best.districtCode && ` · ${districtName(best.districtCode, lang)}`}{' '}
          <span class="muted">({CONFIDENCE_LABELS[String(best.confidence)]?.[lang]})</span>
        </p>
      )}
      {enquiries.length > 0 && (
        <ul class="enquiries">
          {enquiries.map((e) => (
            <li key={e.id} class={`enquiry enquiry-${e.status}${lateBy(e) === undefined ? '' : ' enquiry-overdue'}`}>
              <strong>{e.id}</strong> · {ENQUIRY_KIND_LABELS[e.kind]?.[lang] ?? e.kind} · {e.owner} ·{' '}
              {e.status === 'open' ? t('due', { time: formatTime(e.dueAt, lang) }) : t(e.status)}
              {lateBy(e) !== undefined && (
                <>
                  {' '}
                  <span class="badge badge-overdue">{t('overdue', { minutes: lateBy(e) ?? 0 })}</span>
                </>
              )}
              {e.result && <span class="muted"> · {e.result.summary}</span>}
            </li>
          ))}
        </ul>
      )}
      {hints.length > 0 && <p class="muted">{t('hints', { n: hints.length })}</p>}
    </section>
  );
}
