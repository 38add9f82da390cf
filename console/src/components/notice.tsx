import type { ComponentChildren } from 'preact';
import type { ApiError } from '../lib/api.js';

/** An API refusal or failure in plain words, with the fields it names. Announced to screen readers. */
export function ErrorNotice(props: { error?: ApiError | null; title?: string }) {
  if (!props.error) return null;
  const { error } = props;
  return (
    <div class="notice notice-error" role="alert">
      {props.title && <strong>{props.title} </strong>}
      <span>{error.message}</span>
      {error.details.length > 0 && (
        <ul class="notice-list">
          {error.details.map((d) => (
            <li key={`${d.field}:${d.problem}`}>{d.field ? `${d.field}: ${d.problem}` : d.problem}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Notice(props: { kind?: 'info' | 'success' | 'warning'; children: ComponentChildren }) {
  return (
    <div class={`notice notice-${props.kind ?? 'info'}`} role="status">
      {props.children}
    </div>
  );
}
