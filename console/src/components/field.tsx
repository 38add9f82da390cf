import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/**
 * A labelled form control with its hint and error tied to it (aria-describedby), so a
 * screen reader reads all three. `children` receives the id and described-by to put on the input.
 */
export function Field(props: {
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  children: (a: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ComponentChildren;
}) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      {props.children({ id, 'aria-describedby': describedBy, 'aria-invalid': props.error ? true : undefined })}
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error" id={errorId}>
          {props.error}
        </p>
      )}
    </div>
  );
}
