import { useId } from 'react';
import { CAPTURE_SCOPES, CAPTURE_SOURCES, type Capture, type CaptureSource } from '../../../preload/contract';
import { newCapture, PATH_PLACEHOLDERS, SCOPE_LABELS, SOURCE_LABELS } from './labels';
import { ProblemRow, RemoveCell } from './RowParts';

interface Props {
  rows: Capture[];
  onChange(rows: Capture[]): void;
  problems: Map<number, string>;
}

/** Capture rows: the variable to set, where its value comes from, the scope it goes to, and whether it is secret. */
export function CapturesTable({ rows, onChange, problems }: Props) {
  const base = useId();
  const update = (index: number, patch: Partial<Capture>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const setSource = (index: number, source: CaptureSource) => update(index, { source, path: source === 'status' ? '' : source === 'jsonpath' && rows[index]!.path === '' ? '$.' : rows[index]!.path });
  return (
    <>
      <table className="kv-table checks-table" aria-label="Captures">
        <thead>
          <tr>
            <th className="col-toggle">
              <span className="sr-only">Enabled</span>
            </th>
            <th>Variable</th>
            <th>From</th>
            <th>Where</th>
            <th>Keep in</th>
            <th className="col-secret">Secret</th>
            <th className="col-action">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const n = index + 1;
            const problem = problems.get(index);
            const problemId = problem ? `${base}-p${index}` : undefined;
            return [
              <tr key={index} className={row.enabled ? '' : 'disabled'}>
                <td className="col-toggle">
                  <input type="checkbox" aria-label={`Use capture ${n}`} checked={row.enabled} onChange={(e) => update(index, { enabled: e.target.checked })} />
                </td>
                <td>
                  <input aria-label={`Capture ${n} variable name`} aria-describedby={problemId} aria-invalid={problem !== undefined} spellCheck={false} placeholder="token" value={row.name} onChange={(e) => update(index, { name: e.target.value })} />
                </td>
                <td>
                  <select aria-label={`Capture ${n} source`} className="row-select" value={row.source} onChange={(e) => setSource(index, e.target.value as CaptureSource)}>
                    {CAPTURE_SOURCES.map((s) => (
                      <option key={s} value={s}>
                        {SOURCE_LABELS[s]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {row.source === 'status' ? (
                    <span className="hint no-value">—</span>
                  ) : (
                    <input aria-label={`Capture ${n} ${row.source === 'header' ? 'header name' : row.source === 'regex' ? 'pattern' : 'path'}`} aria-describedby={problemId} aria-invalid={problem !== undefined} spellCheck={false} placeholder={PATH_PLACEHOLDERS[row.source]} value={row.path} onChange={(e) => update(index, { path: e.target.value })} />
                  )}
                </td>
                <td>
                  <select aria-label={`Capture ${n} keeps its value in`} className="row-select" value={row.scope} onChange={(e) => update(index, { scope: e.target.value as Capture['scope'] })}>
                    {CAPTURE_SCOPES.map((s) => (
                      <option key={s} value={s}>
                        {SCOPE_LABELS[s]}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="col-secret">
                  <input type="checkbox" aria-label={`Capture ${n} is secret`} title="Kept in the OS keychain and shown masked" checked={row.secret} onChange={(e) => update(index, { secret: e.target.checked })} />
                </td>
                <RemoveCell label={`Remove capture ${n}`} onRemove={() => onChange(rows.filter((_, i) => i !== index))} />
              </tr>,
              <ProblemRow key={`${index}-problem`} id={problemId} message={problem} span={6} />,
            ];
          })}
        </tbody>
      </table>
      {rows.length === 0 && <p className="empty-inline">No captures yet. A capture sets a variable from each response, such as a token from a login, for the next requests to use as {'{{name}}'}.</p>}
      <button type="button" className="button small" onClick={() => onChange([...rows, newCapture()])}>
        Add capture
      </button>
    </>
  );
}
