import { useCallback, useEffect, useState } from 'react';
import type { TreeNode } from '../../../preload/contract';
import { api } from '../../api';

/** The tree as main has it, fetched again after each change; plus the last delete, for Undo. */
export function useCollections() {
  const [nodes, setNodes] = useState<TreeNode[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<{ name: string; undoToken: string } | null>(null);

  const refresh = useCallback(async () => {
    const result = await api.calls['collections:tree']();
    if (result.ok) setNodes(result.value.nodes);
    else setError(result.error.message);
  }, []);
  useEffect(() => {
    let live = true;
    void api.calls['collections:tree']().then((result) => {
      if (!live) return;
      if (result.ok) setNodes(result.value.nodes);
      else setError(result.error.message);
    });
    return () => {
      live = false;
    };
  }, []);

  /** Runs a change and refreshes the tree; returns the problem to show, or null. */
  const change = useCallback(
    async <T,>(run: () => Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<{ value: T } | { problem: string }> => {
      const result = await run();
      await refresh();
      if (!result.ok) {
        setError(result.error.message);
        return { problem: result.error.message };
      }
      setError(null);
      return { value: result.value };
    },
    [refresh],
  );

  return { nodes, error, setError, deleted, setDeleted, refresh, change };
}
