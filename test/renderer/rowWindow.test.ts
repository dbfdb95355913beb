import { describe, expect, it } from 'vitest';
import { MAX_CANVAS, rowWindow, scrollTopFor } from '../../renderer/features/response/rowWindow';

describe('rowWindow', () => {
  it('lays rows out one to one while they fit', () => {
    const w = rowWindow(1000, 20, 400, 200, 0);
    expect(w.canvas).toBe(20_000);
    expect(w.rows[0]).toEqual({ index: 20, top: 400 });
    expect(w.rows.at(-1)?.index).toBe(30);
  });

  it('maps seven million rows onto a capped canvas and reaches both ends', () => {
    const rows = 7_000_000;
    const top = rowWindow(rows, 20, 0, 400, 0);
    expect(top.canvas).toBe(MAX_CANVAS);
    expect(top.rows[0]?.index).toBe(0);
    const bottom = rowWindow(rows, 20, MAX_CANVAS - 400, 400, 0);
    expect(bottom.rows.at(-1)?.index).toBe(rows - 1);
    const middle = rowWindow(rows, 20, scrollTopFor(3_500_000, rows, 20, 400), 400, 0);
    expect(middle.rows.some((r) => r.index === 3_500_000)).toBe(true);
  });
});
