/**
 * Fixed-height virtual rows for any row count. Browsers cap an element's height (about 33
 * million pixels in Chromium), which a 100 MB body's millions of rows exceed; past a cap the
 * scroll range is mapped onto the rows proportionally, so the last row is always reachable.
 */
export const MAX_CANVAS = 8_000_000;

export interface RowWindow {
  /** Height of the scrollable canvas. */
  canvas: number;
  /** Rows to render, with their top within the canvas. */
  rows: { index: number; top: number }[];
}

export function rowWindow(rowCount: number, rowHeight: number, scrollTop: number, viewport: number, overscan = 20): RowWindow {
  const total = rowCount * rowHeight;
  const canvas = Math.min(total, MAX_CANVAS);
  const visible = Math.ceil(viewport / rowHeight);
  const maxScroll = Math.max(1, canvas - viewport);
  const firstFloat = total <= MAX_CANVAS ? scrollTop / rowHeight : (Math.min(scrollTop, maxScroll) / maxScroll) * Math.max(0, rowCount - visible);
  const first = Math.max(0, Math.floor(firstFloat) - overscan);
  const last = Math.min(rowCount - 1, Math.floor(firstFloat) + visible + overscan);
  const rows: { index: number; top: number }[] = [];
  for (let index = first; index <= last; index++) rows.push({ index, top: scrollTop + (index - firstFloat) * rowHeight });
  return { canvas, rows };
}

/** The scrollTop that puts row `index` in the middle of the viewport. */
export function scrollTopFor(index: number, rowCount: number, rowHeight: number, viewport: number): number {
  const total = rowCount * rowHeight;
  if (total <= MAX_CANVAS) return Math.max(0, index * rowHeight - viewport / 2 + rowHeight / 2);
  const visible = Math.ceil(viewport / rowHeight);
  const maxScroll = Math.max(1, Math.min(total, MAX_CANVAS) - viewport);
  return Math.max(0, Math.min(maxScroll, ((index - visible / 2) / Math.max(1, rowCount - visible)) * maxScroll));
}
