import { useEffect } from 'react';
import type { TreeNode } from '../../../preload/contract';
import { useCall } from '../../state/calls';
import { RunSetup } from './RunSetup';
import { runWhen, RunView } from './RunView';
import { formatMs, runnerStore, showRun } from './runnerState';

const NO_NODES: TreeNode[] = [];

/** The runner: the setup form and the kept runs on the left, the chosen run on the right. */
export function RunnerScreen() {
  const nodes = useCall('collections:tree').data?.nodes ?? NO_NODES;
  const environments = useCall('environments:list').data ?? { activeId: null, environments: [] };
  const runs = useCall('runner:runs').data ?? [];
  const { runId } = runnerStore.use();
  const run = runs.find((r) => r.id === runId) ?? null;
  // A run that is no longer kept leaves the view.
  useEffect(() => {
    if (runId !== null && runs.length > 0 && !run) showRun(null);
  }, [runId, runs.length, run]);
  return (
    <div className="runner-screen">
      <aside className="runner-side">
        <RunSetup nodes={nodes} environments={environments} />
        <section className="run-history" aria-label="Recent runs">
          <h2 className="section-title">
            Recent runs <span className="hint">the last 20 are kept</span>
          </h2>
          {runs.length === 0 ? (
            <p className="hint">No runs yet.</p>
          ) : (
            <ul className="run-list">
              {runs.map((r) => (
                <li key={r.id}>
                  <button type="button" className={`run-list-item ${r.id === runId ? 'active' : ''}`} aria-current={r.id === runId} onClick={() => showRun(r.id)}>
                    <span className={`run-dot run-${r.status}`} aria-hidden="true" />
                    <span className="run-list-name">{r.source}</span>
                    <span className="hint">
                      {runWhen(r)} · {r.requests}/{r.planned} · {r.assertionsFailed > 0 || r.errors > 0 ? `${r.assertionsFailed + r.errors} failed` : r.status === 'running' ? 'running' : r.status === 'stopped' ? 'stopped' : 'passed'} · {formatMs(r.totalMs)}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      </aside>
      <main className="runner-main">
        {run ? (
          <RunView key={run.id} run={run} runs={runs} />
        ) : (
          <div className="empty-state">
            <p className="empty-title">Run a collection or a folder</p>
            <p>Choose what to run on the left and press Run. Each request's status, time and assertions show here as it goes; click a row for its response.</p>
          </div>
        )}
      </main>
    </div>
  );
}
