import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useRemembered } from '../../state/sessions';
import { hiddenRows, visualRowOf, type Folds } from './folds';
import { rowWindow, scrollTopFor } from './rowWindow';

export const ROW_HEIGHT = 20;

interface Options {
  bodyId: string;
  memory: Map<string, unknown> | null;
  /** Rows on screen (folded rows not counted), and in the body. */
  rowCount: number;
  bodyRows: number;
  folds: { active: Folds; reveal(row: number): Folds };
  /** The body is complete and indexed: its rows will not grow. */
  done: boolean;
}

/**
 * The viewer's scrolling: only the rows in view are rendered, the place is kept in the tab's
 * session (shown again, the tab opens where it was left), and a jump to a row the canvas cannot
 * hold yet (the body is still growing) is made again once it can.
 */
export function useRowScroll({ bodyId, memory, rowCount, bodyRows, folds, done }: Options) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useRemembered(memory, `${bodyId}:scrollTop`, 0);
  const [viewport, setViewport] = useState(400);
  // Where to go once the canvas can hold it: a row, or the place remembered from before.
  const [pending, setPending] = useState<{ row: number } | { top: number } | null>(() => (scrollTop > 0 ? { top: scrollTop } : null));
  useEffect(() => {
    const el = scroller.current;
    // jsdom has no ResizeObserver; every browser Latchkey runs in does.
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight || 400));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const topOf = (open: Folds, row: number, count: number, height: number) => scrollTopFor(visualRowOf(open, row), count, ROW_HEIGHT, height);

  /** Scrolls to a body row, opening any fold that hides it. `rows` is the body's row count when the caller knows a newer one. */
  const scrollToRow = (row: number, rows = bodyRows) => {
    const el = scroller.current;
    if (!el) return;
    const open = folds.reveal(row);
    const count = Math.max(0, Math.max(rows, bodyRows) - hiddenRows(open));
    // The element's own height now: the state may lag a layout change by a frame.
    const top = topOf(open, row, count, el.clientHeight || viewport);
    el.scrollTop = top;
    setScrollTop(top);
    if (Math.abs(el.scrollTop - top) > 1) setPending({ row });
  };

  const active = folds.active;
  useLayoutEffect(() => {
    if (pending === null) return;
    const el = scroller.current;
    if (!el) return;
    const top = 'row' in pending ? topOf(active, pending.row, rowCount, el.clientHeight || viewport) : pending.top;
    el.scrollTop = top;
    // Until the canvas can hold it, the effect runs again as the rows grow.
    if (Math.abs(el.scrollTop - top) <= 1 || done) {
      setScrollTop(el.scrollTop);
      setPending(null);
    }
    // topOf is pure; listing it would run this on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending, rowCount, active, viewport, done]);

  return {
    scroller,
    windowed: rowWindow(rowCount, ROW_HEIGHT, scrollTop, viewport),
    scrollToRow,
    onScroll: (top: number) => setScrollTop(top),
  };
}
