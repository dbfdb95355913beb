/** A collapsed object or array: `start` stays visible, rows `start + 1` to `end` are hidden. */
export interface Fold {
  start: number;
  end: number;
}

/** Folds sorted by start, none inside another (an inner fold is dropped when its outer one closes). */
export type Folds = readonly Fold[];

export function hiddenRows(folds: Folds): number {
  return folds.reduce((sum, f) => sum + (f.end - f.start), 0);
}

/** Adds a fold; folds inside it are absorbed. */
export function addFold(folds: Folds, fold: Fold): Fold[] {
  return [...folds.filter((f) => f.start < fold.start || f.end > fold.end), fold].sort((a, b) => a.start - b.start);
}

export function removeFold(folds: Folds, start: number): Fold[] {
  return folds.filter((f) => f.start !== start);
}

/** Opens every fold that hides `row`, so a search match can be shown. */
export function revealRow(folds: Folds, row: number): Fold[] {
  return folds.filter((f) => !(row > f.start && row <= f.end));
}

/** The body row shown at visual position `visual`. */
export function bodyRowAt(folds: Folds, visual: number): number {
  let row = visual;
  for (const f of folds) {
    if (row > f.start) row += f.end - f.start;
    else break;
  }
  return row;
}

/** The visual position of body row `row` (the fold's first row when hidden). */
export function visualRowOf(folds: Folds, row: number): number {
  let hidden = 0;
  for (const f of folds) {
    if (f.start >= row) break;
    if (row <= f.end) return f.start - hidden;
    hidden += f.end - f.start;
  }
  return row - hidden;
}

/** A row of pretty JSON that opens an object or array spanning more rows. */
export function opensContainer(text: string): boolean {
  return /^\s*(?:"(?:[^"\\]|\\.)*":\s)?[[{]$/.test(text);
}
