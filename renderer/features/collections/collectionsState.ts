import type { TreeNode } from '../../../preload/contract';
import { call, peekCached, useCall } from '../../state/calls';
import { createStore } from '../../state/store';

/** The tree's last problem, and the last delete (for Undo). The tree itself is the one main pushes. */
const local = createStore<{ error: string | null; deleted: { name: string; undoToken: string } | null }>({ error: null, deleted: null });

export const setTreeError = (error: string | null) => local.set((s) => ({ ...s, error }));
export const setDeleted = (deleted: { name: string; undoToken: string } | null) => local.set((s) => ({ ...s, deleted }));

/** The collections tree as main has it (pushed after every change), its last problem, and the last delete. */
export function useCollections(): { nodes: TreeNode[]; error: string | null; deleted: { name: string; undoToken: string } | null } {
  const tree = useCall('collections:tree');
  const { error, deleted } = local.use();
  return { nodes: tree.data?.nodes ?? [], error: error ?? tree.error?.message ?? null, deleted };
}

/** The tree now, outside a render. */
export function treeNodes(): TreeNode[] {
  return peekCached('collections:tree')?.nodes ?? [];
}

/** Runs a change to the collections; returns its value, or the problem (also shown above the tree). */
export async function change<T>(run: () => Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<{ value: T } | { problem: string }> {
  const result = await run();
  if (!result.ok) {
    setTreeError(result.error.message);
    return { problem: result.error.message };
  }
  setTreeError(null);
  return { value: result.value };
}

/** Undo of the last delete. */
export function undoDelete(): void {
  const deleted = local.get().deleted;
  if (!deleted) return;
  setDeleted(null);
  void change(() => call('collections:restore', { undoToken: deleted.undoToken }));
}

export const dismissDeleted = () => setDeleted(null);
