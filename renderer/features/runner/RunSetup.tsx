import { useId, useMemo, useRef, useState } from 'react';
import type { EnvironmentList, TreeNode } from '../../../preload/contract';
import { call, setCached } from '../../state/calls';
import { formatBytes } from '../../ui/format';
import { pathOf, requestsUnder, runnerStore, showRun } from './runnerState';

const MAX_DATA_BYTES = 50 * 1024 * 1024;
const NONE: ReadonlySet<string> = new Set();

/** What a data file looks like before main reads it properly: its columns and rows, when that is plain. */
function glance(name: string, text: string): string {
  const trimmed = text.trimStart();
  if (name.toLowerCase().endsWith('.json') || trimmed.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(text);
      if (Array.isArray(value)) {
        const first = value[0];
        const keys = first && typeof first === 'object' && !Array.isArray(first) ? Object.keys(first) : [];
        return `${value.length} row${value.length === 1 ? '' : 's'}${keys.length ? ` · ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}` : ''}`;
      }
      return 'not a JSON array: Run will say what is wrong';
    } catch {
      return 'not valid JSON: Run will say where';
    }
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().replace(/^"|"$/g, ''));
  // Quoted fields can hold line breaks: then only main's reading counts the rows.
  const rows = text.includes('"') ? null : Math.max(0, lines.length - 1);
  return `${rows === null ? '' : `${rows} row${rows === 1 ? '' : 's'} · `}columns ${header.slice(0, 6).join(', ')}${header.length > 6 ? ', …' : ''}`;
}

/** The run panel's form: what to run, with which environment and data, and which requests. */
export function RunSetup({ nodes, environments }: { nodes: TreeNode[]; environments: EnvironmentList }) {
  const { rootId } = runnerStore.use();
  const id = useId();
  const roots = useMemo(() => nodes.filter((n) => n.kind !== 'request'), [nodes]);
  const root = roots.find((n) => n.id === rootId) ?? null;
  const requests = useMemo(() => (root ? requestsUnder(nodes, root.id) : []), [nodes, root]);
  // What the user unticked, for the target it was unticked in: a new target starts all ticked, and
  // requests added to this one later are ticked too.
  const [unticked, setUnticked] = useState<{ rootId: string | null; ids: Set<string> }>({ rootId: null, ids: new Set() });
  const off = unticked.rootId === rootId ? unticked.ids : NONE;
  const setOff = (change: (ids: Set<string>) => Set<string>) => setUnticked({ rootId, ids: change(new Set(off)) });
  const [chosenEnvironment, setEnvironmentId] = useState<string | null | undefined>(undefined);
  // Until one is chosen (or when the chosen one is deleted), the app's active environment.
  const environmentId = chosenEnvironment === undefined || (chosenEnvironment !== null && !environments.environments.some((e) => e.id === chosenEnvironment)) ? environments.activeId : chosenEnvironment;
  const [iterations, setIterations] = useState('');
  const [delay, setDelay] = useState('0');
  const [bail, setBail] = useState(false);
  const [data, setData] = useState<{ name: string; text: string; size: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const ticked = { has: (id: string) => !off.has(id) };

  const chosen = requests.filter((r) => ticked.has(r.node.id));
  const iterationCount = iterations.trim() === '' ? null : Number(iterations);
  const iterationsBad = iterationCount !== null && (!Number.isInteger(iterationCount) || iterationCount < 1 || iterationCount > 10_000);
  const delayMs = Number(delay);
  const delayBad = delay.trim() === '' || !Number.isInteger(delayMs) || delayMs < 0 || delayMs > 600_000;
  const canRun = root !== null && chosen.length > 0 && !iterationsBad && !delayBad && !starting;

  const chooseFile = async (file: File | undefined) => {
    setError(null);
    if (!file) return;
    if (file.size > MAX_DATA_BYTES) {
      setError(`${file.name} is ${formatBytes(file.size)}; a data file can be up to 50 MB.`);
      return;
    }
    setData({ name: file.name, text: await file.text(), size: file.size });
  };

  const run = async () => {
    if (!canRun || !root) return;
    setStarting(true);
    setError(null);
    const result = await call('runner:start', {
      rootId: root.id,
      include: chosen.map((r) => r.node.id),
      environmentId,
      iterations: iterationCount,
      data: data ? { name: data.name, text: data.text } : null,
      delayMs,
      bail,
    });
    setStarting(false);
    if (!result.ok) return setError(result.error.message);
    // Shown at once, before the list comes back from main.
    const started = result.value;
    setCached('runner:runs', undefined, (list) => [started, ...(list ?? []).filter((r) => r.id !== started.id)]);
    showRun(started.id);
  };

  return (
    <form
      className="run-setup"
      aria-label="Run setup"
      onSubmit={(e) => {
        e.preventDefault();
        void run();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          void run();
        }
      }}
    >
      <h2 className="section-title">Run a collection</h2>
      <label className="run-field">
        <span className="form-label">Collection or folder</span>
        <select className="text-input" value={rootId ?? ''} onChange={(e) => runnerStore.set((s) => ({ ...s, rootId: e.target.value || null }))}>
          <option value="">Choose…</option>
          {roots.map((n) => (
            <option key={n.id} value={n.id}>
              {pathOf(nodes, n.id)}
            </option>
          ))}
        </select>
      </label>
      <label className="run-field">
        <span className="form-label">Environment</span>
        <select className="text-input" value={environmentId ?? ''} onChange={(e) => setEnvironmentId(e.target.value || null)}>
          <option value="">No environment</option>
          {environments.environments.map((env) => (
            <option key={env.id} value={env.id}>
              {env.name}
              {env.id === environments.activeId ? ' (active)' : ''}
            </option>
          ))}
        </select>
      </label>
      <div className="run-field-pair">
        <div className="run-field">
          <label className="form-label" htmlFor={`${id}-iterations-input`}>
            Iterations
          </label>
          <input id={`${id}-iterations-input`} className="text-input" inputMode="numeric" placeholder={data ? 'one per row' : '1'} value={iterations} aria-invalid={iterationsBad} aria-describedby={`${id}-iterations`} onChange={(e) => setIterations(e.target.value)} />
          <span id={`${id}-iterations`} className={`form-hint ${iterationsBad ? 'warning' : ''}`}>
            {iterationsBad ? 'A whole number from 1 to 10,000' : data ? 'Empty: once per data row' : 'Empty: once'}
          </span>
        </div>
        <div className="run-field">
          <label className="form-label" htmlFor={`${id}-delay-input`}>
            Delay (ms)
          </label>
          <input id={`${id}-delay-input`} className="text-input" inputMode="numeric" value={delay} aria-invalid={delayBad} aria-describedby={`${id}-delay`} onChange={(e) => setDelay(e.target.value)} />
          <span id={`${id}-delay`} className={`form-hint ${delayBad ? 'warning' : ''}`}>
            {delayBad ? 'A whole number from 0 to 600,000' : 'Between requests'}
          </span>
        </div>
      </div>
      <div className="run-field">
        <span className="form-label" id={`${id}-data`}>
          Data file
        </span>
        <div className="run-data" aria-labelledby={`${id}-data`}>
          <input ref={fileInput} type="file" tabIndex={-1} accept=".csv,.json,text/csv,application/json" className="sr-only" aria-label="Data file (CSV with a header row, or a JSON array of objects)" onChange={(e) => void chooseFile(e.target.files?.[0])} />
          <button type="button" className="button" onClick={() => fileInput.current?.click()}>
            {data ? 'Choose another…' : 'Choose CSV or JSON…'}
          </button>
          {data ? (
            <>
              <span className="run-data-name" title={data.name}>
                {data.name}
              </span>
              <button
                type="button"
                className="icon-button"
                aria-label="Remove the data file"
                onClick={() => {
                  setData(null);
                  if (fileInput.current) fileInput.current.value = '';
                }}
              >
                ×
              </button>
            </>
          ) : null}
        </div>
        <span className="form-hint">{data ? `${formatBytes(data.size)} · ${glance(data.name, data.text)}` : 'Each row becomes one iteration; its columns are {{variables}}.'}</span>
      </div>
      <label className="checkbox-label run-bail">
        <input type="checkbox" checked={bail} onChange={(e) => setBail(e.target.checked)} /> Stop at the first failure
      </label>

      <fieldset className="run-requests" disabled={!root}>
        <legend className="form-label">
          Requests{' '}
          <span className="hint">
            {chosen.length} of {requests.length}
          </span>
        </legend>
        {root && requests.length > 0 && (
          <div className="inline-actions">
            <button type="button" className="link-button" onClick={() => setOff(() => new Set())}>
              All
            </button>
            <button type="button" className="link-button" onClick={() => setOff(() => new Set(requests.map((r) => r.node.id)))}>
              None
            </button>
          </div>
        )}
        {!root && <p className="hint">Choose a collection or folder, or use "Run…" in a collection's ⋯ menu.</p>}
        {root && requests.length === 0 && <p className="hint">{root.name} has no saved requests yet.</p>}
        <ol className="run-request-list">
          {requests.map((r) => (
            <li key={r.node.id}>
              <label className="checkbox-label">
                <input
                  type="checkbox"
                  checked={ticked.has(r.node.id)}
                  onChange={(e) =>
                    setOff((ids) => {
                      if (e.target.checked) ids.delete(r.node.id);
                      else ids.add(r.node.id);
                      return ids;
                    })
                  }
                />
                <span className={`tree-method method-${(r.node.method ?? 'GET').toLowerCase()}`}>{r.node.method ?? 'GET'}</span>
                <span className="run-request-name">
                  {r.path && <span className="hint">{r.path} / </span>}
                  {r.node.name}
                </span>
              </label>
            </li>
          ))}
        </ol>
      </fieldset>
      {error && (
        <p className="error-message" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button primary run-button" disabled={!canRun} title="Run (Ctrl+Enter)">
        {starting ? 'Starting…' : root ? `Run ${chosen.length} request${chosen.length === 1 ? '' : 's'}` : 'Run'}
      </button>
    </form>
  );
}
