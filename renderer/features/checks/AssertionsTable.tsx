import { useId } from 'react';
import { ASSERTION_TARGETS, PATH_TARGETS, type Assertion, type AssertionTarget, type CheckOrigin } from '../../../preload/contract';
import { ExpectedField } from './ExpectedField';
import { describeAssertion, newAssertion, OPERATOR_LABELS, operatorsFor, PATH_PLACEHOLDERS, TARGET_LABELS } from './labels';
import { ProblemRow, RemoveCell } from './RowParts';

export interface InheritedAssertion {
  assertion: Assertion;
  origin: CheckOrigin;
  originName: string;
}

interface Props {
  rows: Assertion[];
  onChange(rows: Assertion[]): void;
  problems: Map<number, string>;
  /** Rows from the folders and collection around the request: shown greyed, edited in their settings. */
  inherited?: InheritedAssertion[];
}

/** Assertion rows: target, where, operator, expected value, enabled; each with its problem below it. */
export function AssertionsTable({ rows, onChange, problems, inherited = [] }: Props) {
  const base = useId();
  const update = (index: number, patch: Partial<Assertion>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  const setTarget = (index: number, target: AssertionTarget) => {
    const row = rows[index]!;
    const operators = operatorsFor(target);
    update(index, { target, operator: operators.includes(row.operator) ? row.operator : 'equals', path: PATH_TARGETS.includes(target) ? row.path : '' });
  };
  return (
    <>
      <table className="kv-table checks-table" aria-label="Assertions">
        <thead>
          <tr>
            <th className="col-toggle">
              <span className="sr-only">Enabled</span>
            </th>
            <th>Check</th>
            <th>Where</th>
            <th>Operator</th>
            <th>Expected</th>
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
            const operators = operatorsFor(row.target);
            return [
              <tr key={index} className={row.enabled ? '' : 'disabled'}>
                <td className="col-toggle">
                  <input type="checkbox" aria-label={`Use assertion ${n}`} checked={row.enabled} onChange={(e) => update(index, { enabled: e.target.checked })} />
                </td>
                <td>
                  <select aria-label={`Assertion ${n} checks`} className="row-select" value={row.target} onChange={(e) => setTarget(index, e.target.value as AssertionTarget)}>
                    {ASSERTION_TARGETS.map((t) => (
                      <option key={t} value={t}>
                        {TARGET_LABELS[t]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {PATH_TARGETS.includes(row.target) ? (
                    <input aria-label={`Assertion ${n} ${row.target === 'header' ? 'header name' : 'path'}`} aria-describedby={problemId} aria-invalid={problem !== undefined} spellCheck={false} placeholder={PATH_PLACEHOLDERS[row.target]} value={row.path} onChange={(e) => update(index, { path: e.target.value })} />
                  ) : (
                    <span className="hint no-value">—</span>
                  )}
                </td>
                <td>
                  <select aria-label={`Assertion ${n} operator`} className="row-select" value={row.operator} onChange={(e) => update(index, { operator: e.target.value as Assertion['operator'] })}>
                    {(operators.includes(row.operator) ? operators : [row.operator, ...operators]).map((op) => (
                      <option key={op} value={op}>
                        {OPERATOR_LABELS[op]}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <ExpectedField row={row} label={`Assertion ${n} expected value`} describedBy={problemId} invalid={problem !== undefined} onChange={(expected) => update(index, { expected })} />
                </td>
                <RemoveCell label={`Remove assertion ${n}`} onRemove={() => onChange(rows.filter((_, i) => i !== index))} />
              </tr>,
              <ProblemRow key={`${index}-problem`} id={problemId} message={problem} span={5} />,
            ];
          })}
          {inherited.map((row, index) => (
            <tr key={`inherited-${index}`} className={`inherited ${row.assertion.enabled ? '' : 'disabled'}`} title={`Set in the ${row.origin} “${row.originName}”: edit it in its settings`}>
              <td className="col-toggle">
                <input type="checkbox" aria-label={`Inherited assertion ${index + 1} is used`} checked={row.assertion.enabled} disabled readOnly />
              </td>
              <td colSpan={4}>
                <span className="inherited-text">{describeAssertion(row.assertion)}</span>
                <span className="hint">
                  {' '}
                  · from {row.origin} {row.originName}
                </span>
              </td>
              <td />
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && inherited.length === 0 && <p className="empty-inline">No assertions yet. Add one to check every response: its status, a header, a value in the body, its time or size.</p>}
      <button type="button" className="button small" onClick={() => onChange([...rows, newAssertion()])}>
        Add assertion
      </button>
    </>
  );
}
