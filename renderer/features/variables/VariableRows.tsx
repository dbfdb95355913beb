import { useState } from 'react';
import type { Variable, VariableInput } from '../../../preload/contract';

export interface Row extends VariableInput {
  key: number;
}

let nextKey = 1;
export const toRows = (variables: Variable[]): Row[] => variables.map((v) => ({ ...v, key: nextKey++ }));
const NAME = /^[A-Za-z0-9_.$-]+$/;

/** What is wrong with a table before it is saved, or null. */
export function rowsProblem(rows: Row[]): string | null {
  const names = rows.map((r) => r.name.trim());
  const invalid = rows.find((r) => r.name.trim() !== '' && !NAME.test(r.name.trim()));
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (rows.some((r) => r.name.trim() === '')) return 'Every variable needs a name.';
  if (invalid) return `"${invalid.name}" is not a valid name: use letters, digits and _ . $ - only.`;
  if (twice) return `"${twice}" is defined twice.`;
  return null;
}

export const toInputs = (rows: Row[]): VariableInput[] => rows.map(({ key: _key, ...row }) => ({ ...row, name: row.name.trim() }));

/** Variables with a Secret tick: a secret value goes to the keychain and is never shown again. */
export function useVariableRows(variables: Variable[]): [Row[], (update: (rows: Row[]) => Row[]) => void] {
  return useState<Row[]>(() => toRows(variables));
}

export function VariableRows({ rows, setRows }: { rows: Row[]; setRows(update: (rows: Row[]) => Row[]): void }) {
  const update = (key: number, patch: Partial<Row>) => setRows((list) => list.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  return (
    <>
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
    </>
  );
}
