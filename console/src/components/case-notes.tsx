// Notes on the case (anyone working it may add one) and the same person's earlier cases.
import { useRef, useState } from 'preact/hooks';
import type { CaseState } from '../../../contract/case.js';
import { type ApiError, api } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';
import { defineStrings, useLang, useT } from '../lib/i18n.js';
import { label, OUTCOME_LABELS, ROLE_LABELS, STAGE_LABELS } from '../lib/labels.js';
import { hasRole, useSession } from '../lib/session.js';
import { districtName } from '../lib/step-form-strings.js';
import { Field } from './field.js';
import { Link } from './link.js';
import { ErrorNotice } from './notice.js';

const S = defineStrings(
  {
    notes: 'Notes',
    none: 'No notes yet.',
    add: 'Add a note',
    text: 'Note',
    save: 'Add note',
    saving: 'Adding…',
    sent: 'Note added. It appears in the list in a moment.',
    required: 'Write the note first.',
    earlier: 'Earlier cases of this person',
    noEarlier: 'No earlier case of this person.',
    matched: 'matched on {how}',
    phone: 'phone',
    account: 'account',
    email: 'e-mail',
  },
  {
    notes: 'टिप्पणियाँ',
    none: 'अभी कोई टिप्पणी नहीं।',
    add: 'टिप्पणी जोड़ें',
    text: 'टिप्पणी',
    save: 'टिप्पणी जोड़ें',
    saving: 'जोड़ी जा रही है…',
    sent: 'टिप्पणी जोड़ी गई। यह थोड़ी देर में सूची में दिखेगी।',
    required: 'पहले टिप्पणी लिखें।',
    earlier: 'इस व्यक्ति के पिछले मामले',
    noEarlier: 'इस व्यक्ति का कोई पिछला मामला नहीं।',
    matched: '{how} से मिलान',
    phone: 'फ़ोन',
    account: 'खाता',
    email: 'ई-मेल',
  },
);

export function CaseNotes(props: { state: CaseState; onAdded: () => void }) {
  const t = useT(S);
  const lang = useLang();
  const { me } = useSession();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [problem, setProblem] = useState<string | undefined>();
  const [sent, setSent] = useState(false);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const mayAdd = hasRole(me, 'smc_operator', 'smc_supervisor', 'district_officer');

  const submit = async (event: Event) => {
    event.preventDefault();
    setSent(false);
    setError(null);
    if (!text.trim()) {
      setProblem(t('required'));
      return;
    }
    setProblem(undefined);
    setBusy(true);
    try {
      await api.post(`/cases/${encodeURIComponent(props.state.caseId)}/notes`, { text: text.trim() });
      setText('');
      setSent(true);
      statusRef.current?.focus();
      props.onAdded();
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="notes-title">
      <h2 id="notes-title">{t('notes')}</h2>
      {props.state.notes.length === 0 && <p class="muted">{t('none')}</p>}
      <ul class="notes">
        {props.state.notes.map((n) => (
          <li key={`${n.at}:${n.by.id}`}>
            <p class="note-text">{n.notes}</p>
            <p class="muted note-by">
              {n.by.name ?? n.by.id} · {label(ROLE_LABELS, n.by.role, lang)} · {formatDateTime(n.at, lang)}
            </p>
          </li>
        ))}
      </ul>
      {mayAdd && props.state.stage !== 'closed' && (
        <form onSubmit={submit} noValidate aria-label={t('add')}>
          <Field label={t('text')} error={problem} required>
            {(a) => (
              <textarea
                {...a}
                name="note"
                rows={2}
                maxLength={4000}
                value={text}
                onInput={(e) => setText(e.currentTarget.value)}
              />
            )}
          </Field>
          <ErrorNotice error={error} />
          <p class="step-result" role="status" tabIndex={-1} ref={statusRef}>
            {sent ? t('sent') : ''}
          </p>
          <button type="submit" disabled={busy}>
            {busy ? t('saving') : t('save')}
          </button>
        </form>
      )}
    </section>
  );
}

export interface EarlierCase {
  id: string;
  openedAt: string;
  closedAt: string | null;
  stage: string;
  outcome: string | null;
  districtCode: string | null;
  matchedOn: string[];
}

export function EarlierCases(props: { cases: EarlierCase[] }) {
  const t = useT(S);
  const lang = useLang();
  const how = (m: string) => (m === 'phone' || m === 'account' || m === 'email' ? t(m) : m);
  return (
    <section class="card" aria-labelledby="earlier-title">
      <h2 id="earlier-title">{t('earlier')}</h2>
      {props.cases.length === 0 ? (
        <p class="muted">{t('noEarlier')}</p>
      ) : (
        <ul class="earlier">
          {props.cases.map((c) => (
            <li key={c.id}>
              <Link to={`/cases/${c.id}`}>{c.id}</Link> · {formatDateTime(c.openedAt, lang)} ·{' '}
              {districtName(c.districtCode, lang)} ·{' '}
              {c.outcome ? label(OUTCOME_LABELS, c.outcome, lang) : label(STAGE_LABELS, c.stage, lang)}
              <span class="muted"> · {t('matched', { how: c.matchedOn.map(how).join(', ') })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
