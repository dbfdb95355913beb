import type { TreeNode } from '../../../preload/contract';
import { call, peekCached, useCall } from '../../state/calls';
import { createStore } from '../../state/store';
import { tabActions, type Unlinked } from '../../state/tabs';

/** The last delete, with the tabs it unlinked (Undo links them again). */
export type Deleted = { name: string; undoToken: string; unlinked: Unlinked[] };

/** The tree's last problem, and the last delete (for Undo). The tree itself is the one main pushes. */
const local = createStore<{ error: string | null; deleted: Deleted | null }>({ error: null, deleted: null });

export const setTreeError = (error: string | null) => local.set((s) => ({ ...s, error }));
export const setDeleted = (deleted: Deleted | null) => local.set((s) => ({ ...s, deleted }));

/** The collections tree as main has it (pushed after every change), its last problem, and the last delete. */
export function useCollections(): { nodes: TreeNode[]; error: string | null; deleted: Deleted | null } {
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
  void change(() => call('collections:restore', { undoToken: deleted.undoToken })).then((r) => {
    if ('value' in r) tabActions.relinked(deleted.unlinked);
  });
}

export const dismissDeleted = () => setDeleted(null);
