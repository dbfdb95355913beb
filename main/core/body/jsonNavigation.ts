import type { FileHandle } from 'node:fs/promises';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPENERS = new Set([0x7b, 0x5b]);
const CLOSERS = new Set([0x7d, 0x5d]);
const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const CHUNK = 256 * 1024;

/** Where a JSON value on a pretty-printed line lies in the file. */
export interface ValueSpan {
  start: number;
  /** Exclusive. */
  end: number;
  /** True for an object or array. */
  container: boolean;
}

/**
 * Finds the value that a line of pretty-printed JSON holds, starting at the line's first byte:
 * `"key": value` or a bare array element. For objects and arrays it scans to the matching close
 * bracket, strings and escapes respected, reading the file a chunk at a time (a 100 MB root is
 * one pass, with no memory beyond the chunk). Null when the line holds no value (a closing bracket).
 */
export async function valueAt(handle: FileHandle, offset: number, size: number): Promise<ValueSpan | null> {
  const buffer = Buffer.allocUnsafe(CHUNK);
  let position = offset;
  let base = offset;
  let length = 0;
  let i = 0;
  const next = async (): Promise<number> => {
    if (i >= length && !(await refill())) return -1;
    return buffer[i++]!;
  };
  const at = () => base + i - 1;
  const skipSpace = async (): Promise<number> => {
    let b = await next();
    while (b !== -1 && WHITESPACE.has(b)) b = await next();
    return b;
  };
  /** Refills the buffer once it is used up; false at the end of the file. */
  const refill = async (): Promise<boolean> => {
    if (position >= size) return false;
    const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
    if (bytesRead === 0) return false;
    base = position;
    position += bytesRead;
    length = bytesRead;
    i = 0;
    return true;
  };
  /** Reads to the end of a string whose opening quote was just read; returns the offset after it. Tight loop: a long string costs one pass. */
  const skipString = async (): Promise<number> => {
    let escaped = false;
    for (;;) {
      for (; i < length; i++) {
        const c = buffer[i]!;
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) return base + ++i;
      }
      if (!(await refill())) return -1;
    }
  };

  let b = await skipSpace();
  if (b === -1 || CLOSERS.has(b)) return null;
  let start = at();
  if (b === QUOTE) {
    const afterString = await skipString();
    if (afterString === -1) return null;
    const after = await skipSpace();
    if (after !== COLON) return { start, end: afterString, container: false };
    b = await skipSpace();
    if (b === -1) return null;
    start = at();
  }
  if (b === QUOTE) {
    const end = await skipString();
    return end === -1 ? null : { start, end, container: false };
  }
  if (OPENERS.has(b)) {
    let depth = 1;
    let inString = false;
    let escaped = false;
    for (;;) {
      for (; i < length; i++) {
        const c = buffer[i]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === BACKSLASH) escaped = true;
          else if (c === QUOTE) inString = false;
        } else if (c === QUOTE) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if ((c === 0x7d || c === 0x5d) && --depth === 0) return { start, end: base + i + 1, container: true };
      }
      if (!(await refill())) return null;
    }
  }
  // A number, true, false or null: up to the comma, bracket or line end.
  for (let c = await next(); ; c = await next()) {
    if (c === -1 || c === COMMA || WHITESPACE.has(c) || CLOSERS.has(c)) return { start, end: c === -1 ? position : at(), container: false };
  }
}
