import * as Dialog from '@radix-ui/react-dialog';
import { useId, useState } from 'react';
import type { Environment, EnvironmentList } from '../../../preload/contract';
import { api } from '../../api';
import { DialogFooter, DialogShell } from '../../ui/FormDialog';
import { rowsProblem, toInputs, useVariableRows, VariableRows } from '../variables';
import { call } from '../../state/calls';

interface Props {
  open: boolean;
  list: EnvironmentList;
  onOpenChange(open: boolean): void;
  onChanged(list: EnvironmentList): void;
  onExport(environment: Environment): void;
}

/** Environments (dev, staging, prod): each a set of variables; secret ones live in the keychain. */
export function EnvironmentsDialog({ open, list, onOpenChange, onChanged, onExport }: Props) {
  const [editing, setEditing] = useState<string | null>(list.activeId ?? list.environments[0]?.id ?? null);
  const current = list.environments.find((e) => e.id === editing) ?? null;
  const refresh = async () => {
    const result = await api.calls['environments:list']();
    if (result.ok) onChanged(result.value);
  };
  return (
    <DialogShell open={open} onOpenChange={onOpenChange} describedBy="environments-description">
      <Dialog.Title className="dialog-title">Environments</Dialog.Title>
      <Dialog.Description id="environments-description" className="hint">
        One environment is active at a time (chosen in the top bar). Its variables override the global ones; a collection's, folder's or request's own override it.
      </Dialog.Description>
      <div className="environments">
        <ul className="environment-list" aria-label="Environments">
          {list.environments.map((e) => (
            <li key={e.id}>
              <button type="button" className={`environment-item ${e.id === editing ? 'selected' : ''}`} aria-current={e.id === editing} onClick={() => setEditing(e.id)}>
                {e.name}
                {e.id === list.activeId && <span className="badge">active</span>}
              </button>
            </li>
          ))}
          <li>
            <button type="button" className={`environment-item ${editing === null ? 'selected' : ''}`} onClick={() => setEditing(null)}>
              + New environment
            </button>
          </li>
        </ul>
        <EnvironmentForm
          key={current?.id ?? 'new'}
          environment={current}
          onSaved={(saved) => {
            // Shown at once with what main saved (secret ids included); the list is fetched again behind it.
            const known = list.environments.some((e) => e.id === saved.id);
            onChanged({ ...list, environments: known ? list.environments.map((e) => (e.id === saved.id ? saved : e)) : [...list.environments, saved] });
            setEditing(saved.id);
            void refresh();
          }}
          onDeleted={() => {
            setEditing(null);
            void refresh();
          }}
          onExport={onExport}
        />
      </div>
    </DialogShell>
  );
}

function EnvironmentForm({ environment, onSaved, onDeleted, onExport }: { environment: Environment | null; onSaved(saved: Environment): void; onDeleted(): void; onExport(environment: Environment): void }) {
  const nameId = useId();
  const [name, setName] = useState(environment?.name ?? '');
  const [rows, setRows] = useVariableRows(environment?.variables ?? []);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  return (
    <form
      className="environment-form"
      onSubmit={(e) => {
        e.preventDefault();
        const problem = name.trim() === '' ? 'Give the environment a name.' : rowsProblem(rows);
        if (problem) return setError(problem);
        setBusy(true);
        void call('environments:save', { ...(environment ? { id: environment.id } : {}), name: name.trim(), variables: toInputs(rows) }).then((result) => {
          setBusy(false);
          if (!result.ok) return setError(result.error.message);
          setError(null);
          onSaved(result.value);
        });
      }}
    >
      <div className="form-row">
        <label className="form-label" htmlFor={nameId}>
          Environment name
        </label>
        <input id={nameId} className="text-input" placeholder="e.g. staging" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <VariableRows rows={rows} setRows={setRows} />
      {environment && (
        <div className="inline-actions">
          <button type="button" className="button small" onClick={() => onExport(environment)}>
            Export…
          </button>
          <button
            type="button"
            className={`button small ${confirmDelete ? 'danger' : ''}`}
            onClick={() => {
              if (!confirmDelete) return setConfirmDelete(true);
              void call('environments:delete', { id: environment.id }).then((result) => (result.ok ? onDeleted() : setError(result.error.message)));
            }}
          >
            {confirmDelete ? `Delete “${environment.name}” and its secrets?` : 'Delete environment'}
          </button>
        </div>
      )}
      <DialogFooter error={error} busy={busy} action={environment ? 'Save' : 'Create'} busyAction="Saving…" />
    </form>
  );
}
