import { describe, expect, it } from 'vitest';
import { addFold, bodyRowAt, hiddenRows, opensContainer, revealRow, visualRowOf } from '../../renderer/features/response/folds';

describe('folds', () => {
  const folds = addFold(addFold([], { start: 2, end: 5 }), { start: 10, end: 20 });

  it('maps visual rows to body rows and back around collapsed ranges', () => {
    expect(hiddenRows(folds)).toBe(13);
    expect([0, 1, 2, 3, 4, 5, 6].map((v) => bodyRowAt(folds, v))).toEqual([0, 1, 2, 6, 7, 8, 9]);
    expect(bodyRowAt(folds, 7)).toBe(10);
    expect(bodyRowAt(folds, 8)).toBe(21);
    for (const row of [0, 1, 2, 6, 9, 10, 21, 30]) expect(bodyRowAt(folds, visualRowOf(folds, row))).toBe(row);
    // A hidden row shows as its fold's first row.
    expect(visualRowOf(folds, 4)).toBe(2);
    expect(visualRowOf(folds, 15)).toBe(7);
  });

  it('absorbs inner folds, and reveals a hidden row by opening its folds', () => {
    const outer = addFold(folds, { start: 1, end: 22 });
    expect(outer).toEqual([{ start: 1, end: 22 }]);
    expect(revealRow(folds, 15)).toEqual([{ start: 2, end: 5 }]);
    expect(revealRow(folds, 10)).toEqual(folds);
  });

  it('knows which pretty JSON rows open a container', () => {
    expect(['{', '  "a": {', '    "tags": [', '  [', '  "k\\"ey": ['].every(opensContainer)).toBe(true);
    expect(['  "a": {},', '  "a": "{"', '  }', '  "x": 1,', '  "s": "[', ''].some(opensContainer)).toBe(false);
  });
});
