import * as Dialog from '@radix-ui/react-dialog';
import { lazy, Suspense, useEffect, useId, useState } from 'react';
import { AUTH_TYPE_LABELS, type Assertion, type Connection, type KeyValue, type NodeKind } from '../../../preload/contract';
import { ScopeAssertions } from '../checks';
import { api } from '../../api';
import { DialogFooter, DialogShell } from '../../ui/FormDialog';
import { KeyValueTable } from '../../ui/KeyValueTable';
import { call } from '../../state/calls';

const MarkdownView = lazy(() => import('./MarkdownView'));

interface Loaded {
  id: string;
  kind: NodeKind;
  name: string;
  description: string;
  connectionId?: string | null | undefined;
  variables: KeyValue[];
  assertions?: Assertion[] | undefined;
}

/** A collection's or folder's settings: description, default connection, variables, assertions. */
export function ScopeSettingsDialog({ id, connections, onClose }: { id: string | null; connections: Connection[]; onClose(): void }) {
  return (
    <DialogShell open={id !== null} onOpenChange={(open) => !open && onClose()} describedBy="scope-settings-description">
      {id && <ScopeSettingsForm id={id} connections={connections} onClose={onClose} />}
    </DialogShell>
  );
}

const INHERIT = 'inherit';
const NONE = 'none';

function ScopeSettingsForm({ id, connections, onClose }: { id: string; connections: Connection[]; onClose(): void }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState(false);
  const descriptionId = useId();
  const connectionId = useId();
  useEffect(() => {
    void api.calls['collections:getSettings']({ id }).then((result) => (result.ok ? setLoaded(result.value) : setError(result.error.message)));
  }, [id]);
  if (!loaded) return <p className="hint pad">{error ?? 'Loading…'}</p>;
  const noun = loaded.kind === 'collection' ? 'collection' : 'folder';
  const connectionValue = loaded.connectionId === undefined ? INHERIT : loaded.connectionId === null ? NONE : loaded.connectionId;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        const { id: _id, kind: _kind, name: _name, ...settings } = loaded;
        void call('collections:saveSettings', { id, ...settings }).then((result) => {
          setBusy(false);
          if (result.ok) onClose();
          else setError(result.error.message);
        });
      }}
    >
      <Dialog.Title className="dialog-title">
        {loaded.name} <span className="hint">· {noun} settings</span>
      </Dialog.Title>
      <Dialog.Description id="scope-settings-description" className="hint">
        What every request in this {noun} starts from. A folder or request inside can override each.
      </Dialog.Description>
      <div className="stack-row">
        <div className="label-row">
          <label className="form-label" htmlFor={descriptionId}>
            Description
          </label>
          <div className="segmented small" role="group" aria-label="Description view">
            <button type="button" aria-pressed={!preview} className={preview ? '' : 'active'} onClick={() => setPreview(false)}>
              Write
            </button>
            <button type="button" aria-pressed={preview} className={preview ? 'active' : ''} onClick={() => setPreview(true)}>
              Preview
            </button>
          </div>
        </div>
        {preview ? (
          <Suspense fallback={<p className="hint">Loading…</p>}>{loaded.description.trim() ? <MarkdownView text={loaded.description} /> : <p className="hint">No description yet.</p>}</Suspense>
        ) : (
          <textarea id={descriptionId} className="text-input description-input" rows={6} placeholder="Markdown: what this API is, where its docs are, who to ask." value={loaded.description} onChange={(e) => setLoaded({ ...loaded, description: e.target.value })} />
        )}
      </div>
      <div className="form-row">
        <label className="form-label" htmlFor={connectionId}>
          Default connection
        </label>
        <select
          id={connectionId}
          className="text-input"
          value={connectionValue}
          onChange={(e) => {
            const value = e.target.value;
            const { connectionId: _old, ...rest } = loaded;
            setLoaded(value === INHERIT ? rest : { ...rest, connectionId: value === NONE ? null : value });
          }}
        >
          <option value={INHERIT}>{loaded.kind === 'folder' ? 'Inherit from the parent' : 'None chosen'}</option>
          {loaded.kind === 'folder' && <option value={NONE}>No connection</option>}
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} — {AUTH_TYPE_LABELS[c.auth.type]}
            </option>
          ))}
        </select>
        <p className="form-hint">Requests set to “Inherit” in their Auth tab are sent under it.</p>
      </div>
      <fieldset className="stack-row plain">
        <legend className="form-label">Variables</legend>
        <KeyValueTable rows={loaded.variables} onChange={(variables) => setLoaded({ ...loaded, variables })} noun="Variable" />
      </fieldset>
      <fieldset className="stack-row plain">
        <legend className="form-label">Assertions</legend>
        <p className="form-hint">Checked on the response of every request in this {noun}, after the request's own; shown greyed in each request's Tests tab.</p>
        <ScopeAssertions assertions={loaded.assertions ?? []} onChange={(assertions) => setLoaded({ ...loaded, assertions })} />
      </fieldset>
      <DialogFooter error={error} busy={busy} action="Save" busyAction="Saving…" />
    </form>
  );
}
