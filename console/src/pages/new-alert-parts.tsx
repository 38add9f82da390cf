// The new-alert form's answers: the API's refusal in plain words, mapped to the fields it
// names, and the notice for an alert that did not make a new case.
import { Link } from '../components/link.js';
import type { ApiError } from '../lib/api.js';
import { type Translate, useT } from '../lib/i18n.js';
import { type AlertForm, EMPTY_FORM, type FieldName } from './new-alert-rules.js';
import { S } from './new-alert-strings.js';

export interface IntakeResult {
  status: 'created' | 'attached' | 'duplicate';
  caseId: string;
  alertId: string;
  /** The first alert of this reference, when this one says something different. */
  repeatOf?: string;
  workflow: 'started' | 'queued' | 'existing';
}

export type Outcome =
  | { kind: 'error'; text: string; details: string[] }
  | { kind: 'attached' | 'duplicate' | 'repeat'; caseId: string };

const FIELDS = Object.keys(EMPTY_FORM) as (keyof AlertForm)[];

/**
 * The refusal's details on the form's fields (`say` words each one); the rest as lines. `reach` set when no way to
 * reach was given.
 */
export function fieldsOfRefusal(e: ApiError, say: (name: keyof AlertForm, problem: string) => string) {
  const fieldErrors: Partial<Record<FieldName, string>> = {};
  const rest: string[] = [];
  for (const d of e.details) {
    const name = d.field as keyof AlertForm | undefined;
    if (name && FIELDS.includes(name)) fieldErrors[name] = say(name, d.problem);
    else rest.push(d.field ? `${d.field}: ${d.problem}` : d.problem);
  }
  // contract/alert.ts alertProblem: the one refusal without a field.
  if (e.code === 'validation_failed' && e.message.startsWith('an alert needs at least one way'))
    fieldErrors.reach = e.message;
  return { fieldErrors, rest };
}

/** What went wrong, in plain words; whether anything may have been saved is said where it matters. */
export function refusalText(e: ApiError, onFields: boolean, t: Translate<keyof typeof S.en>): string {
  if (e.status === 0) return t('network');
  if (e.status === 503) return t('unavailable');
  if (e.status === 403) return t('forbidden');
  if (e.status === 429) return t('tooMany');
  return onFields ? t('fixFields') : `${t('refused')} ${e.message}`;
}

export function OutcomeNotice(props: { outcome: Outcome | null; onReset: () => void }) {
  const t = useT(S);
  const { outcome } = props;
  if (!outcome) return null;
  if (outcome.kind === 'error') {
    return (
      <div class="notice notice-error" role="alert">
        {outcome.text}
        {outcome.details.length > 0 && (
          <ul>
            {outcome.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div class="notice notice-warning" role="alert">
      <p>{t(outcome.kind, { id: outcome.caseId })}</p>
      <p class="new-alert-actions">
        <Link to={`/cases/${encodeURIComponent(outcome.caseId)}`} class="button primary">
          {t('openCase', { id: outcome.caseId })}
        </Link>
        <button type="button" onClick={props.onReset}>
          {t('another')}
        </button>
      </p>
    </div>
  );
}
