/** The last cell of an assertion or capture row: its remove button. */
export function RemoveCell({ label, onRemove }: { label: string; onRemove(): void }) {
  return (
    <td className="col-action">
      <button type="button" className="icon-button" aria-label={label} onClick={onRemove}>
        ×
      </button>
    </td>
  );
}

/** The line under a row that says why main refuses it; the row's fields point to it with aria-describedby. */
export function ProblemRow({ id, message, span }: { id: string | undefined; message: string | undefined; span: number }) {
  if (message === undefined) return null;
  return (
    <tr className="row-problem">
      <td />
      <td colSpan={span} id={id} role="alert">
        {message}
      </td>
    </tr>
  );
}
