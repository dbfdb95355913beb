import { useEffect, useRef, useState } from 'react';
import type { Draft } from '../../../preload/contract';
import { api } from '../../api';

const SAVE_DELAY_MS = 400;

export const blankDraft: Draft = { method: 'GET', url: '', params: [], pathVariables: [], headers: [], body: { kind: 'none' }, settings: {} };

/** The request being edited: loaded from main once, saved back shortly after each change. */
export function useDraft(): { draft: Draft; setDraft: (update: (d: Draft) => Draft) => void; loaded: boolean; saveError: string | null } {
  const [draft, setDraftState] = useState<Draft>(blankDraft);
  const [loaded, setLoaded] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // If the user types before the saved draft arrives, their edit wins.
  const edited = useRef(false);

  useEffect(() => {
    let live = true;
    void api.calls['workspace:getDraft']().then((result) => {
      if (!live) return;
      if (result.ok && !edited.current) setDraftState(result.value);
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, []);

  const setDraft = (update: (d: Draft) => Draft) => {
    edited.current = true;
    setDraftState((current) => {
      const next = update(current);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        void api.calls['workspace:saveDraft'](next).then((result) => setSaveError(result.ok ? null : result.error.message));
      }, SAVE_DELAY_MS);
      return next;
    });
  };

  return { draft, setDraft, loaded, saveError };
}
