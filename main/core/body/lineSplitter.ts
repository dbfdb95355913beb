import { LineIndex } from './lineIndex';

/** Longer lines are shown as several rows, so one 100 MB minified line still scrolls. */
export const WRAP_BYTES = 2000;
const NEWLINE = 0x0a;

/**
 * Finds where display rows start in a stream of bytes: after every newline, and every
 * WRAP_BYTES within a long line. Indexing and reading use this same rule, so they agree.
 */
export class LineSplitter {
  private offset = 0;
  private rowLength = 0;

  constructor(readonly index: LineIndex = new LineIndex()) {
    index.add(0);
  }

  feed(chunk: Buffer): void {
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      const room = WRAP_BYTES - this.rowLength;
      const nl = chunk.indexOf(NEWLINE, i);
      const limit = Math.min(n, i + room);
      if (nl !== -1 && nl < limit) {
        this.offset += nl + 1 - i;
        this.index.add(this.offset);
        this.rowLength = 0;
        i = nl + 1;
      } else if (limit - i === room) {
        this.offset += room;
        this.index.add(this.offset);
        this.rowLength = 0;
        i = limit;
      } else {
        this.rowLength += limit - i;
        this.offset += limit - i;
        i = limit;
      }
    }
  }

  /** Byte offset fed so far. */
  get position(): number {
    return this.offset;
  }
}

/** One display row: its bytes' range in the file, and whether a newline ends it. */
export interface Row {
  start: number;
  end: number;
  newline: boolean;
}

/** Splits bytes known to start at a row boundary into rows, by the same rule as LineSplitter. */
export function splitRows(bytes: Buffer, base: number, complete: boolean): Row[] {
  const rows: Row[] = [];
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const nl = bytes.indexOf(NEWLINE, i);
    const limit = i + WRAP_BYTES;
    if (nl !== -1 && nl < limit) {
      rows.push({ start: base + i, end: base + nl, newline: true });
      i = nl + 1;
    } else if (limit <= n) {
      rows.push({ start: base + i, end: base + limit, newline: false });
      i = limit;
    } else {
      if (complete) rows.push({ start: base + i, end: base + n, newline: false });
      break;
    }
  }
  return rows;
}
