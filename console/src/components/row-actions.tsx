/** Edit and deactivate buttons for one row of an editable list; labels name the row for screen readers. */
export function RowActions(props: {
  active: boolean;
  onEdit: () => void;
  onDeactivate: () => void;
  text: { edit: string; editOf: string; deactivate: string; deactivateOf: string };
}) {
  return (
    <td class="row-actions">
      <button type="button" class="link-button" onClick={props.onEdit} aria-label={props.text.editOf}>
        {props.text.edit}
      </button>
      {props.active && (
        <button type="button" class="link-button" onClick={props.onDeactivate} aria-label={props.text.deactivateOf}>
          {props.text.deactivate}
        </button>
      )}
    </td>
  );
}
