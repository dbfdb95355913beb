import { useCallback, useEffect, useRef, useState } from 'react';
import type { BodyView } from '../../../preload/contract';
import { api } from '../../api';

export const PAGE = 200;
const MAX_PAGES = 60;

/**
 * The rows on screen, fetched from main a page at a time into a bounded cache. A page still
 * growing (the body arriving, or main indexing) is fetched again shortly.
 */
export function useRowPages(bodyId: string, view: BodyView, wantedPages: number[], onError: (message: string) => void) {
  const [pages, setPages] = useState(() => new Map<string, string[]>());
  const loading = useRef(new Set<string>());
  const loaded = useRef(new Set<string>());

  const load = useCallback(
    (page: number) => {
      const key = `${view}:${page}`;
      if (loaded.current.has(key) || loading.current.has(key)) return;
      loading.current.add(key);
      void api.calls['body:rows']({ bodyId, view, start: page * PAGE, count: PAGE }).then((result) => {
        loading.current.delete(key);
        if (!result.ok) return onError(result.error.message);
        const complete = result.value.rows.length === PAGE || result.value.status.done;
        if (complete) loaded.current.add(key);
        else setTimeout(() => setPages((prev) => new Map(prev)), 300);
        setPages((prev) => {
          const next = new Map(prev).set(key, result.value.rows);
          while (next.size > MAX_PAGES) {
            const oldest = next.keys().next().value as string;
            next.delete(oldest);
            loaded.current.delete(oldest);
          }
          return next;
        });
      });
    },
    [bodyId, view, onError],
  );

  const wanted = wantedPages.join(',');
  useEffect(() => {
    if (wanted === '') return;
    for (const page of wanted.split(',')) load(Number(page));
  }, [wanted, load, pages]);

  return (index: number): string | undefined => pages.get(`${view}:${Math.floor(index / PAGE)}`)?.[index % PAGE];
}
