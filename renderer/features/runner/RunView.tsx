import { memo, useMemo, useState } from 'react';
import type { RunFormat, RunInfo, RunStepRow } from '../../../preload/contract';
import { call, useCall } from '../../state/calls';
import { useHostCapabilities } from '../../hostCapabilities';
import { statusClass } from '../../ui/format';
import { saveText } from '../../ui/exportText';
import { CheckResultsView } from '../checks';
import { ResponseResult } from '../response';
import { formatMs, rowKey, runnerStore } from './runnerState';

const STATUS_LABEL: Record<RunInfo['status'], string> = { running: 'Running', passed: 'Passed', failed: 'Failed', stopped: 'Stopped' };
const FORMATS: { format: RunFormat; label: string; type: string }[] = [
  { format: 'json', label: 'JSON', type: 'application/json' },
  { format: 'junit', label: 'JUnit XML', type: 'application/xml' },
  { format: 'html', label: 'HTML report', type: 'text/html' },
];

const NO_ROWS: RunStepRow[] = [];

export const runWhen = (run: RunInfo) => new Date(run.startedAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const where = (row: Pick<RunStepRow, 'folders' | 'name'>) => [...row.folders, row.name].join(' / ');

/** One kept run: its totals, its rows as they arrive, a row's response, exports, and a comparison with another run. */
export function RunView({ run, runs }: { run: RunInfo; runs: RunInfo[] }) {
  const { row: selected, compareWith } = runnerStore.use();
  const rows = useCall('runner:steps', { runId: run.id }).data ?? NO_ROWS;
  const other = runs.find((r) => r.id === compareWith && r.id !== run.id) ?? null;
  const { fileDialogs } = useHostCapabilities();
  const [status, setStatus] = useState<string | null>(null);
  const slowest = useMemo(() => rows.reduce((m, r) => Math.max(m, r.timeMs), 1), [rows]);
  const running = run.status === 'running';
  const failedRows = rows.filter((r) => r.error || r.failed > 0).length;

  const exportAs = async (format: RunFormat) => {
    const result = await call('runner:export', { runId: run.id, format });
    if (!result.ok) return setStatus(result.error.message);
    const type = FORMATS.find((f) => f.format === format)!.type;
    setStatus([await saveText(result.value.fileName, result.value.text, fileDialogs, type), ...result.value.notes].join(' · '));
  };

  return (
    <section className="run-view" aria-label={`Run of ${run.source}`}>
      <header className="run-header">
        <div className="run-title">
          <h2>{run.source}</h2>
          <span className={`run-status run-${run.status}`} role="status" data-testid="run-status">
            {running && <span className="spinner small" aria-hidden="true" />}
            {STATUS_LABEL[run.status]}
            {run.stopped === 'bail' ? ' at the first failure' : ''}
          </span>
          <span className="hint">
            {runWhen(run)} · {run.environment ? `environment ${run.environment}` : 'no environment'}
            {run.dataFile ? ` · data ${run.dataFile}` : ''} · {run.iterations} iteration{run.iterations === 1 ? '' : 's'}
          </span>
        </div>
        <div className="run-actions">
          {running && (
            <button type="button" className="button danger" onClick={() => void call('runner:stop', { runId: run.id })}>
              Stop
            </button>
          )}
          <label className="run-compare">
            <span className="form-label">Compare with</span>
            <select className="text-input" value={other?.id ?? ''} onChange={(e) => runnerStore.set((s) => ({ ...s, compareWith: e.target.value || null }))}>
              <option value="">Nothing</option>
              {runs
                .filter((r) => r.id !== run.id)
                .map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.source} · {runWhen(r)} · {STATUS_LABEL[r.status]}
                  </option>
                ))}
            </select>
          </label>
          <div className="segmented" role="group" aria-label="Export the run">
            {FORMATS.map((f) => (
              <button key={f.format} type="button" onClick={() => void exportAs(f.format)} title={`Export as ${f.label}`}>
                {f.label}
              </button>
            ))}
          </div>
        </div>
      </header>
      {status && (
        <p className="hint run-export-status" role="status">
          {status}
        </p>
      )}
      <dl className="run-totals" aria-label="Totals">
        <div>
          <dt>Requests</dt>
          <dd>
            {run.requests}
            {run.requests !== run.planned ? ` of ${run.planned}` : ''}
            {failedRows > 0 && <span className="run-bad"> · {failedRows} failed</span>}
          </dd>
        </div>
        <div>
          <dt>Assertions</dt>
          <dd>
            <span className={run.assertionsPassed > 0 ? 'run-good' : ''}>{run.assertionsPassed} passed</span>
            {run.assertionsFailed > 0 && <span className="run-bad"> · {run.assertionsFailed} failed</span>}
          </dd>
        </div>
        <div>
          <dt>Request errors</dt>
          <dd className={run.errors > 0 ? 'run-bad' : ''}>{run.errors}</dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>
            {formatMs(run.totalMs)}
            {rows.length > 0 && <span className="hint"> · average {formatMs(rows.reduce((n, r) => n + r.timeMs, 0) / rows.length)}</span>}
          </dd>
        </div>
      </dl>
      {running && <progress className="run-progress" max={run.planned} value={run.requests} aria-label={`${run.requests} of ${run.planned} requests sent`} />}
      {other ? <RunCompare run={run} rows={rows} other={other} /> : <RunTable rows={rows} slowest={slowest} selected={selected} running={running} />}
      {!other && selected !== null && <RowDetail runId={run.id} n={selected} />}
    </section>
  );
}

/** The rows: iteration, request, status, time with its bar (the run's timing chart), assertions. */
function RunTable({ rows, slowest, selected, running }: { rows: RunStepRow[]; slowest: number; selected: number | null; running: boolean }) {
  if (rows.length === 0) return <p className="hint pad">{running ? 'The first request is on its way…' : 'This run sent no requests.'}</p>;
  return (
    <div className="run-table-scroll">
      <table className="run-table" aria-label="Requests of the run">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Iteration</th>
            <th scope="col">Request</th>
            <th scope="col">Status</th>
            <th scope="col" className="run-time-col">
              Time
            </th>
            <th scope="col">Assertions</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <RunRow key={row.n} row={row} slowest={slowest} selected={selected === row.n} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const selectRow = (n: number) => runnerStore.set((s) => ({ ...s, row: s.row === n ? null : n }));

/** One request of the run; memoised, so a long run's next row does not draw the others again. */
const RunRow = memo(function RunRow({ row, slowest, selected }: { row: RunStepRow; slowest: number; selected: boolean }) {
  const bad = row.error !== null || row.failed > 0;
  return (
    <tr
      className={`${bad ? 'bad' : ''} ${selected ? 'selected' : ''}`}
      aria-selected={selected}
      tabIndex={0}
      onClick={() => selectRow(row.n)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          selectRow(row.n);
        }
      }}
      title={row.failures.join('\n') || undefined}
      data-testid="run-row"
    >
      <td className="hint">{row.n + 1}</td>
      <td>{row.iteration + 1}</td>
      <td className="run-request-cell">
        <span className={`tree-method method-${row.method.toLowerCase()}`}>{row.method}</span> {where(row)}
        {bad && <span className="run-failure">{row.failures[0]}</span>}
      </td>
      <td>{row.status === null ? <span className="run-bad">No response</span> : <span className={`status ${statusClass(row.status)}`}>{row.status}</span>}</td>
      <td className="run-time-col">
        <div className="run-time">
          <span className="run-bar" aria-hidden="true">
            <span style={{ width: `${Math.max(2, (row.timeMs / slowest) * 100)}%` }} />
          </span>
          <span className="run-ms">{formatMs(row.timeMs)}</span>
        </div>
      </td>
      <td>
        {row.passed + row.failed === 0 ? (
          <span className="hint">none</span>
        ) : (
          <span className={row.failed > 0 ? 'run-bad' : 'run-good'}>
            {row.passed}/{row.passed + row.failed}
          </span>
        )}
      </td>
    </tr>
  );
});

/** A row's whole response (its body read from main by id) and its assertion results. */
function RowDetail({ runId, n }: { runId: string; n: number }) {
  const detail = useCall('runner:detail', { runId, n });
  if (detail.error) return <p className="error-message pad">{detail.error.message}</p>;
  if (!detail.data) return <p className="hint pad">Loading the response…</p>;
  const { row, result, bodyKept, assertions } = detail.data;
  const passed = assertions.filter((a) => a.passed).length;
  return (
    <section className="run-detail" aria-label={`Response of ${where(row)}`}>
      <header className="run-detail-head">
        <strong>
          {row.method} {row.url}
        </strong>
        <span className="hint">iteration {row.iteration + 1}</span>
        <button type="button" className="icon-button" aria-label="Close the response" onClick={() => runnerStore.set((s) => ({ ...s, row: null }))}>
          ×
        </button>
      </header>
      {row.error && (
        <div className="notice notice-error" role="alert">
          <strong>No response</strong>
          <p>{row.error.message}</p>
        </div>
      )}
      {result && bodyKept && <ResponseResult head={result} result={result} live={null} memory={null} />}
      {result && !bodyKept && <CheckResultsView checks={result.checks} />}
      {!result && !row.error && (
        <>
          <p className="hint pad">
            {row.status} {row.statusText} in {formatMs(row.timeMs)}. The response itself is no longer kept (Latchkey restarted since this run); its assertion results are.
          </p>
          <CheckResultsView checks={{ assertions, captures: [], passed, failed: assertions.length - passed }} />
        </>
      )}
    </section>
  );
}

/** This run beside another, row by row (matched by iteration and request): what changed. */
function RunCompare({ run, rows, other }: { run: RunInfo; rows: RunStepRow[]; other: RunInfo }) {
  const otherRows = useCall('runner:steps', { runId: other.id }).data ?? [];
  const byKey = new Map(otherRows.map((r) => [rowKey(r), r]));
  const keys = new Set(rows.map(rowKey));
  const only = otherRows.filter((r) => !keys.has(rowKey(r)));
  const cell = (r: RunStepRow | undefined) =>
    r ? (
      <>
        {r.status === null ? <span className="run-bad">No response</span> : <span className={`status ${statusClass(r.status)}`}>{r.status}</span>} <span className="run-ms">{formatMs(r.timeMs)}</span>{' '}
        {r.passed + r.failed > 0 && <span className={r.failed > 0 ? 'run-bad' : 'run-good'}>{r.passed}/{r.passed + r.failed}</span>}
      </>
    ) : (
      <span className="hint">not run</span>
    );
  const change = (a: RunStepRow | undefined, b: RunStepRow | undefined): string => {
    if (!a || !b) return a ? 'only in this run' : 'only in the other run';
    const badA = a.error !== null || a.failed > 0;
    const badB = b.error !== null || b.failed > 0;
    if (badA && !badB) return 'now fails';
    if (!badA && badB) return 'now passes';
    if (a.status === null && b.status !== null) return 'no response now';
    if (a.status !== null && b.status === null) return 'responds now';
    if (a.status !== b.status) return `status ${b.status} → ${a.status}`;
    const delta = a.timeMs - b.timeMs;
    return Math.abs(delta) >= Math.max(20, b.timeMs * 0.25) ? `${delta > 0 ? 'slower' : 'faster'} by ${formatMs(Math.abs(delta))}` : '';
  };
  return (
    <div className="run-table-scroll">
      <table className="run-table run-compare-table" aria-label="Comparison of two runs">
        <thead>
          <tr>
            <th scope="col">Iteration</th>
            <th scope="col">Request</th>
            <th scope="col">This run ({runWhen(run)})</th>
            <th scope="col">Other run ({runWhen(other)})</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {[...rows.map((r) => [r, byKey.get(rowKey(r))] as const), ...only.map((r) => [undefined, r] as const)].map(([a, b]) => {
            const what = change(a, b);
            const r = (a ?? b)!;
            return (
              <tr key={`${a ? 'a' : 'b'}${r.n}`} className={what === 'now fails' ? 'bad' : ''}>
                <td>{r.iteration + 1}</td>
                <td className="run-request-cell">
                  <span className={`tree-method method-${r.method.toLowerCase()}`}>{r.method}</span> {where(r)}
                </td>
                <td>{cell(a)}</td>
                <td>{cell(b)}</td>
                <td className={what === 'now fails' ? 'run-bad' : what === 'now passes' ? 'run-good' : 'hint'}>{what || 'same'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
