/** What the last import changed, with Undo. */
export function ImportedNote({ warnings, onUndo, onDismiss }: { warnings: string[]; onUndo(): void; onDismiss(): void }) {
  return (
    <div className="imported-note" role="status">
      <div className="imported-note-head">
        <strong>Imported from cURL.</strong>
        {warnings.length === 0 ? <span>Everything in the command was imported.</span> : <span>Not everything could be imported:</span>}
        <span className="spacer" />
        <button type="button" className="button small" onClick={onUndo}>
          Undo
        </button>
        <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
          ×
        </button>
      </div>
      {warnings.length > 0 && (
        <ul>
          {warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
