import * as Dialog from '@radix-ui/react-dialog';
import { useId, useState } from 'react';
import type { ImportPreview } from '../../../preload/contract';
import { api } from '../../api';
import { DialogShell } from '../../ui/FormDialog';
import { call } from '../../state/calls';
import { RecognisedScripts } from './RecognisedScripts';

interface Props {
  open: boolean;
  onOpenChange(open: boolean): void;
  /** After a commit: what was made, so the app can refresh its lists. */
  onImported(result: { collectionIds: string[]; environmentIds: string[]; connectionIds: string[] }): void;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** Import a file or pasted text: a preview of what it brings, then all of it or nothing. */
export function ImportDialog({ open, onOpenChange, onImported }: Props) {
  return (
    <DialogShell open={open} onOpenChange={onOpenChange} describedBy="import-description">
      <ImportForm onClose={() => onOpenChange(false)} onImported={onImported} />
    </DialogShell>
  );
}

function ImportForm({ onClose, onImported }: { onClose(): void; onImported: Props['onImported'] }) {
  const fileId = useId();
  const pasteId = useId();
  const [pasted, setPasted] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [source, setSource] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'reading' | 'importing' | null>(null);

  const read = async (text: string, fileName?: string) => {
    setBusy('reading');
    setError(null);
    setPreview(null);
    const result = await api.calls['import:preview']({ text, ...(fileName ? { fileName } : {}) });
    setBusy(null);
    if (!result.ok) return setError(result.error.message);
    setSource(fileName ?? 'the pasted text');
    setPreview(result.value);
  };

  const commit = async () => {
    if (!preview) return;
    setBusy('importing');
    const result = await call('import:commit', { token: preview.token });
    setBusy(null);
    if (!result.ok) return setError(result.error.message);
    onImported(result.value);
    onClose();
  };

  return (
    <div>
      <Dialog.Title className="dialog-title">Import</Dialog.Title>
      <Dialog.Description id="import-description" className="hint">
        Postman collections (v2.0, v2.1) and environments, Insomnia exports (v4 JSON or YAML, v5 YAML), OpenAPI 3 and Swagger 2 (JSON or YAML), HAR captures and curl commands. The common checks in Postman test scripts become assertions and captures; other scripts and templates are kept as text and never run. Nothing is saved until you press Import.
      </Dialog.Description>
      <div className="form-row">
        <label className="form-label" htmlFor={fileId}>
          File
        </label>
        <input
          id={fileId}
          type="file"
          accept=".json,.yaml,.yml,.har,.txt,.sh,.curl"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void file.text().then((text) => read(text, file.name));
          }}
        />
      </div>
      <div className="stack-row">
        <label className="form-label" htmlFor={pasteId}>
          Or paste its contents
        </label>
        <textarea id={pasteId} className="text-input description-input" rows={4} spellCheck={false} placeholder="curl https://api.example.com/… or a collection's JSON" value={pasted} onChange={(e) => setPasted(e.target.value)} />
        <button type="button" className="button small" disabled={pasted.trim() === '' || busy !== null} onClick={() => void read(pasted)}>
          Preview pasted text
        </button>
      </div>
      {busy === 'reading' && <p className="hint" role="status">Reading…</p>}
      {error && (
        <p className="hint warning" role="alert">
          {error}
        </p>
      )}
      {preview && (
        <section className="import-preview" aria-label="Import preview">
          <h3 className="section-title">
            {preview.format} · {source}
          </h3>
          <ul className="import-counts">
            {preview.collections.map((c, i) => (
              <li key={`c${i}`}>
                Collection <strong>{c.name}</strong>: {plural(c.requests, 'request')}
                {c.folders > 0 && `, ${plural(c.folders, 'folder')}`}
              </li>
            ))}
            {preview.environments.map((e, i) => (
              <li key={`e${i}`}>
                Environment <strong>{e.name}</strong>: {plural(e.variables, 'variable')}
              </li>
            ))}
            {preview.connections.length > 0 && <li>{plural(preview.connections.length, 'connection')} for the auth it uses (secrets go to your keychain)</li>}
          </ul>
          {preview.localFiles.length > 0 && (
            <div className="import-local-files" role="group" aria-label="Local files named by this import">
              <p>
                <strong>{preview.localFiles.length === 1 ? 'This import names a file on this computer.' : `This import names ${preview.localFiles.length} files on this computer.`}</strong>{' '}
                Nothing is read or sent until you pick each file again in its request's Body tab.
              </p>
              <ul>
                {preview.localFiles.map((file, i) => (
                  <li key={i}>
                    <span className="mono">{file.path}</span> — {file.where} ({file.part.toLowerCase()})
                  </li>
                ))}
              </ul>
            </div>
          )}
          <RecognisedScripts recognised={preview.recognised} />
          {preview.notes.length > 0 && (
            <details className="import-notes" open={preview.notes.length <= 6}>
              <summary>{plural(preview.notes.length, 'note')}: left out or kept as text</summary>
              <ul>
                {preview.notes.map((note, i) => (
                  <li key={i}>{note}</li>
                ))}
              </ul>
            </details>
          )}
        </section>
      )}
      <div className="dialog-actions">
        <Dialog.Close asChild>
          <button type="button" className="button">
            Cancel
          </button>
        </Dialog.Close>
        <button type="button" className="button primary" disabled={!preview || busy !== null} onClick={() => void commit()}>
          {busy === 'importing' ? 'Importing…' : 'Import'}
        </button>
      </div>
    </div>
  );
}
