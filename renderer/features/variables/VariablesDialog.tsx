import * as Dialog from '@radix-ui/react-dialog';
import { useState } from 'react';
import { DialogFooter, DialogShell } from '../../ui/FormDialog';
import type { ItemLocation, KeyValue, ResolvedVariable, Variable } from '../../../preload/contract';
import { rowsProblem, toInputs, useVariableRows, VariableRows } from './VariableRows';
import { call, useCall } from '../../state/calls';
import { CapturedNote } from './CapturedNote';

interface Props {
  open: boolean;
  variables: Variable[];
  /** The open request's place and own variables: the "In scope" table is for it. */
  location: ItemLocation | null;
  requestVariables: KeyValue[];
  onOpenChange(open: boolean): void;
  onSaved(variables: Variable[]): void;
}

/** The Variables view: what the open request sees and from where, and the global variables to edit. */
export function VariablesDialog({ open, variables, location, requestVariables, onOpenChange, onSaved }: Props) {
  return (
    <DialogShell open={open} onOpenChange={onOpenChange} describedBy="variables-description">
      <VariablesForm variables={variables} location={location} requestVariables={requestVariables} onClose={() => onOpenChange(false)} onSaved={onSaved} />
    </DialogShell>
  );
}

const SCOPE_LABELS: Record<ResolvedVariable['scope'], string> = { request: 'Request', session: 'Session', folder: 'Folder', collection: 'Collection', environment: 'Environment', global: 'Global' };

function VariablesForm({ variables, location, requestVariables, onClose, onSaved }: { variables: Variable[]; location: ItemLocation | null; requestVariables: KeyValue[]; onClose(): void; onSaved(variables: Variable[]): void }) {
  const [rows, setRows] = useVariableRows(variables);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const resolvedCall = useCall('variables:resolved', { location, requestVariables });
  const resolved = resolvedCall.data ?? null;
  const capturedCount = resolved?.filter((v) => v.captured).length ?? 0;

  const save = async () => {
    const problem = rowsProblem(rows);
    if (problem) return setError(problem);
    setSaving(true);
    const result = await call('variables:save', toInputs(rows));
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
        Use a variable anywhere in a request as <code>{'{{name}}'}</code>. The nearest definition wins: the request's own, then its folders', its collection's, the active environment's, then the global ones. Secret values are kept in your OS keychain.
      </Dialog.Description>
      <div className="label-row">
        <h3 className="section-title">In scope for the open request</h3>
        {capturedCount > 1 && (
          <button type="button" className="button small ghost" onClick={() => void call('checks:clearCaptured', {})} title="Forget every value set by a capture, in every scope">
            Clear all captured
          </button>
        )}
      </div>
      {resolved === null ? (
        <p className="hint">Loading…</p>
      ) : resolved.length === 0 ? (
        <p className="empty-inline">No variables are defined anywhere yet.</p>
      ) : (
        <table className="kv-table resolved-table" aria-label="Variables in scope">
          <thead>
            <tr>
              <th>Name</th>
              <th>Value</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {resolved.map((v, i) => (
              <tr key={`${v.scope}-${v.source}-${v.name}-${i}`} className={v.overridden ? 'overridden' : ''} title={v.overridden ? 'Not used: a nearer scope defines the same name' : undefined}>
                <td>
                  <code>{v.name}</code>
                </td>
                <td className="resolved-value">{v.value}</td>
                <td>
                  {SCOPE_LABELS[v.scope]}
                  {v.scope !== 'global' && v.scope !== 'request' && v.scope !== 'session' && <span className="hint"> · {v.source}</span>}
                  {v.overridden && <span className="hint"> (overridden)</span>}
                  {v.captured && <CapturedNote name={v.name} captured={v.captured} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3 className="section-title">Global variables</h3>
      <VariableRows rows={rows} setRows={setRows} />
      <DialogFooter error={error} busy={saving} action="Save" busyAction="Saving…" />
    </form>
  );
}
