import { useMemo } from 'react';
import { api } from '../../api';
import { useRemembered } from '../../state/sessions';
import { addFold, removeFold, revealRow, type Folds } from './folds';

/** The JSON folds of one body, kept in the tab's session. `foldable` false: none apply (Raw, or not JSON). */
export function useFolds(bodyId: string, memory: Map<string, unknown> | null, foldable: boolean, onError: (message: string) => void) {
  const [folds, setFolds] = useRemembered<Folds>(memory, `${bodyId}:folds`, []);
  const active: Folds = useMemo(() => (foldable ? folds : []), [foldable, folds]);
  return {
    active,
    toggle: async (row: number) => {
      if (active.some((f) => f.start === row)) return setFolds(removeFold(active, row));
      const result = await api.calls['body:fold']({ bodyId, row });
      if (!result.ok) return onError(result.error.message);
      if (result.value && result.value.end > row) setFolds(addFold(active, { start: row, end: result.value.end }));
    },
    expandAll: () => setFolds([]),
    /** Opens any fold that hides `row`; returns the folds after. */
    reveal: (row: number): Folds => {
      const open = revealRow(active, row);
      if (open.length !== active.length) setFolds(open);
      return open;
    },
  };
}
