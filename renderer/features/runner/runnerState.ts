import type { RunStepRow, TreeNode } from '../../../preload/contract';
import { createStore } from '../../state/store';
import { showView } from '../../state/view';

interface RunnerState {
  /** The collection or folder the setup form runs. */
  rootId: string | null;
  /** The run shown on the right; null shows the setup's empty state. */
  runId: string | null;
  /** The row whose response is open under the table. */
  row: number | null;
  /** Another run shown beside this one. */
  compareWith: string | null;
}

export const runnerStore = createStore<RunnerState>({ rootId: null, runId: null, row: null, compareWith: null });

/** "Run…" on a collection or folder: the runner, set up for it. */
export function openRunner(rootId: string): void {
  runnerStore.set((s) => ({ ...s, rootId, row: null, compareWith: null }));
  showView('runner');
}

export const showRun = (runId: string | null) => runnerStore.set((s) => ({ ...s, runId, row: null, compareWith: s.compareWith === runId ? null : s.compareWith }));

/** Saved requests under a node, in the tree's order, with their folder path under it. */
export function requestsUnder(nodes: TreeNode[], rootId: string): { node: TreeNode; path: string }[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out: { node: TreeNode; path: string }[] = [];
  for (const node of nodes) {
    if (node.kind !== 'request') continue;
    const folders: string[] = [];
    let inside = false;
    for (let at = node.parentId ? byId.get(node.parentId) : undefined; at; at = at.parentId ? byId.get(at.parentId) : undefined) {
      if (at.id === rootId) {
        inside = true;
        break;
      }
      folders.unshift(at.name);
    }
    if (inside) out.push({ node, path: folders.join(' / ') });
  }
  return out;
}

/** Where a node sits: "Partner API / Users". */
export function pathOf(nodes: TreeNode[], id: string): string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const names: string[] = [];
  for (let at = byId.get(id); at; at = at.parentId ? byId.get(at.parentId) : undefined) names.unshift(at.name);
  return names.join(' / ');
}

export const rowKey = (row: Pick<RunStepRow, 'iteration' | 'itemId' | 'name' | 'folders'>) => `${row.iteration}\u0000${row.itemId ?? [...row.folders, row.name].join('/')}`;

export function formatMs(ms: number): string {
  if (ms >= 60_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms)} ms`;
}
