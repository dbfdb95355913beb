import * as Dialog from '@radix-ui/react-dialog';
import { useId, useState } from 'react';
import { api } from '../../api';
import { DialogShell } from '../../ui/FormDialog';
import { saveText } from '../../ui/exportText';

export interface ExportTarget {
  kind: 'collection' | 'environment';
  id: string;
  name: string;
}

/** Export a collection (Postman v2.1) or an environment (Postman environment JSON). */
export function ExportDialog({ target, fileDialogs, onClose }: { target: ExportTarget | null; fileDialogs: boolean; onClose(): void }) {
  return (
    <DialogShell open={target !== null} onOpenChange={(open) => !open && onClose()} describedBy="export-description">
      {target && <ExportForm target={target} fileDialogs={fileDialogs} />}
    </DialogShell>
  );
}

function ExportForm({ target, fileDialogs }: { target: ExportTarget; fileDialogs: boolean }) {
  const secretsId = useId();
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    const result = await api.calls[target.kind === 'collection' ? 'export:collection' : 'export:environment']({ id: target.id, includeSecrets });
    if (!result.ok) {
      setBusy(false);
      return setStatus(result.error.message);
    }
    setNotes(result.value.notes);
    setStatus(await saveText(result.value.fileName, result.value.text, fileDialogs, 'application/json'));
    setBusy(false);
  };
  return (
    <div>
      <Dialog.Title className="dialog-title">Export “{target.name}”</Dialog.Title>
      <Dialog.Description id="export-description" className="hint">
        {target.kind === 'collection' ? 'As a Postman Collection v2.1 file, which Postman, Insomnia, Bruno and Latchkey can import.' : 'As a Postman environment file.'} Secrets are written as {'{{placeholders}}'} unless you include them.
      </Dialog.Description>
      <div className="checkbox-row">
        <input id={secretsId} type="checkbox" checked={includeSecrets} onChange={(e) => setIncludeSecrets(e.target.checked)} />
        <label htmlFor={secretsId}>Include secrets (passwords, tokens and keys are written into the file in plain text)</label>
      </div>
      {status && (
        <p className="hint" role="status">
          {status}
        </p>
      )}
      {notes.length > 0 && (
        <ul className="import-notes">
          {notes.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
      <div className="dialog-actions">
        <Dialog.Close asChild>
          <button type="button" className="button">
            Close
          </button>
        </Dialog.Close>
        <button type="button" className={`button ${includeSecrets ? 'danger' : 'primary'}`} disabled={busy} onClick={() => void run()}>
          {busy ? 'Exporting…' : includeSecrets ? 'Export with secrets' : 'Export'}
        </button>
      </div>
    </div>
  );
}
