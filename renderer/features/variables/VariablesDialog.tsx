import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { DialogFooter, DialogShell } from '../dialogs/FormDialog';
import type { Variable, VariableInput } from '../../../preload/contract';
import { api } from '../../api';

interface Row extends VariableInput {
  key: number;
}

let nextKey = 1;
const toRows = (variables: Variable[]): Row[] => variables.map((v) => ({ ...v, key: nextKey++ }));
const NAME = /^[A-Za-z0-9_.$-]+$/;

/** The global variables: plain values in the data file, secret ones in the keychain. */
export function VariablesDialog({ open, variables, onOpenChange, onSaved }: { open: boolean; variables: Variable[]; onOpenChange(open: boolean): void; onSaved(variables: Variable[]): void }) {
  return (
    <DialogShell open={open} onOpenChange={onOpenChange} describedBy="variables-description">
      <VariablesForm variables={variables} onClose={() => onOpenChange(false)} onSaved={onSaved} />
    </DialogShell>
  );
}

function VariablesForm({ variables, onClose, onSaved }: { variables: Variable[]; onClose(): void; onSaved(variables: Variable[]): void }) {
  const [rows, setRows] = useState<Row[]>(() => toRows(variables));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const update = (key: number, patch: Partial<Row>) => setRows((list) => list.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const names = rows.map((r) => r.name.trim());
  const problem =
    rows.find((r) => r.name.trim() === '') ? 'Every variable needs a name.' :
    rows.find((r) => !NAME.test(r.name.trim())) ? `"${rows.find((r) => !NAME.test(r.name.trim()))?.name}" is not a valid name: use letters, digits and _ . $ - only.` :
    names.find((n, i) => names.indexOf(n) !== i) ? `"${names.find((n, i) => names.indexOf(n) !== i)}" is defined twice.` :
    null;

  const save = async () => {
    if (problem) return setError(problem);
    setSaving(true);
    const result = await api.calls['variables:save'](rows.map(({ key: _key, ...row }) => ({ ...row, name: row.name.trim() })));
    setSaving(false);
    if (!result.ok) return setError(result.error.message);
    onSaved(result.value);
    onClose();
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Dialog.Title className="dialog-title">Variables</Dialog.Title>
      <Dialog.Description id="variables-description" className="hint">
        Use a variable anywhere in a request as <code>{'{{name}}'}</code>. Secret values are kept in your OS keychain and never written to Latchkey's files.
      </Dialog.Description>
      {rows.length === 0 ? (
        <p className="empty-inline">No variables yet.</p>
      ) : (
        <table className="kv-table">
          <thead>
            <tr>
              <th className="col-toggle">
                <span className="sr-only">Enabled</span>
              </th>
              <th>Name</th>
              <th>Value</th>
              <th className="col-secret">Secret</th>
              <th className="col-action">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.key} className={row.enabled ? '' : 'disabled'}>
                <td className="col-toggle">
                  <input type="checkbox" aria-label={`Use variable ${index + 1}`} checked={row.enabled} onChange={(e) => update(row.key, { enabled: e.target.checked })} />
                </td>
                <td>
                  <input aria-label={`Variable ${index + 1} name`} spellCheck={false} value={row.name} onChange={(e) => update(row.key, { name: e.target.value })} />
                </td>
                <td>
                  {row.secret ? (
                    <input
                      type="password"
                      aria-label={`Variable ${index + 1} value`}
                      autoComplete="off"
                      placeholder={row.secretId ? '•••••••• in keychain (type to replace)' : 'Secret value'}
                      value={row.newSecretValue ?? ''}
                      onChange={(e) => update(row.key, { newSecretValue: e.target.value })}
                    />
                  ) : (
                    <input aria-label={`Variable ${index + 1} value`} spellCheck={false} value={row.value} onChange={(e) => update(row.key, { value: e.target.value })} />
                  )}
                </td>
                <td className="col-secret">
                  <input
                    type="checkbox"
                    aria-label={`Variable ${index + 1} is secret`}
                    checked={row.secret}
                    onChange={(e) => update(row.key, e.target.checked ? { secret: true, newSecretValue: row.value || undefined, value: '' } : { secret: false, secretId: null, newSecretValue: undefined })}
                  />
                </td>
                <td className="col-action">
                  <button type="button" className="icon-button" aria-label={`Remove variable ${index + 1}`} onClick={() => setRows((list) => list.filter((r) => r.key !== row.key))}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" className="button small" onClick={() => setRows((list) => [...list, { key: nextKey++, name: '', value: '', enabled: true, secret: false, secretId: null }])}>
        Add variable
      </button>
      <DialogFooter error={error} busy={saving} action="Save" busyAction="Saving…" />
    </form>
  );
}
