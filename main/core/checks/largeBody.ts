import { readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * Reading a stored body too large to load whole (over WHOLE_BODY_LIMIT): a simple JSONPath is
 * walked byte by byte, skipping everything beside the path; text is searched a chunk at a time.
 * Memory stays at one chunk plus the value found. Synchronous: this runs on the checks thread.
 */

export const WHOLE_BODY_LIMIT = 32 * 1024 * 1024;
const CHUNK = 1024 * 1024;
/** A regular expression on a large body finds matches up to this long across a chunk's edge. */
export const REGEX_OVERLAP = 64 * 1024;
/**
 * Text is scanned in pieces small enough that a piece with its overlap (under 128 KB) stays an
 * ordinary young object, swept at once; a 1 MB string goes to V8's large-object space, which is
 * only swept by a full collection, so 100 MB of them built up tens of MB.
 */
const TEXT_CHUNK = 48 * 1024;
const LONGEST_KEY = 64 * 1024;

export type PathSegment = string | number;

/** `$.a.b[0]['c d']` as segments; null when the path uses more (wildcards, filters, slices, `..`). */
export function simplePath(expression: string): PathSegment[] | null {
  const text = expression.trim();
  if (!text.startsWith('$')) return null;
  const segments: PathSegment[] = [];
  const step = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/y;
  step.lastIndex = 1;
  while (step.lastIndex < text.length) {
    const at = step.lastIndex;
    const match = step.exec(text);
    if (!match || match.index !== at) return null;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push((match[3] ?? match[4]!).replace(/\\(.)/g, '$1'));
  }
  return segments;
}

/** The normalised form of a path, as results show where a value was found: `$['a'][0]`. */
export function pathText(segments: readonly PathSegment[]): string {
  return '$' + segments.map((s) => (typeof s === 'number' ? `[${s}]` : `['${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`)).join('');
}

class Bytes {
  private readonly buffer = Buffer.allocUnsafe(CHUNK);
  private base = 0;
  private length = 0;
  private i = 0;

  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {}

  /** The next byte, or -1 at the end. */
  next(): number {
    if (this.i >= this.length) {
      this.base += this.length;
      if (this.base >= this.size) return -1;
      this.length = readSync(this.fd, this.buffer, 0, Math.min(CHUNK, this.size - this.base), this.base);
      this.i = 0;
      if (this.length <= 0) return -1;
    }
    return this.buffer[this.i++]!;
  }

  /** Offset of the byte `next` returned last. */
  offset(): number {
    return this.base + this.i - 1;
  }

  back(): void {
    this.i--;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** The first byte of the document, past a UTF-8 byte order mark and whitespace. */
function firstByte(bytes: Bytes): number {
  let b = skipSpace(bytes);
  if (b === 0xef && bytes.next() === 0xbb && bytes.next() === 0xbf) b = skipSpace(bytes);
  return b;
}

function skipSpace(bytes: Bytes): number {
  let b = bytes.next();
  while (b !== -1 && isSpace(b)) b = bytes.next();
  return b;
}

/** After an opening quote: the string's raw bytes (up to a limit; null past it), the closing quote consumed. */
function readString(bytes: Bytes, keep: boolean): Buffer | null {
  const kept: number[] = [];
  let over = !keep;
  for (;;) {
    const b = bytes.next();
    if (b === -1) throw new Error('the body ends inside a string');
    if (b === QUOTE) return over ? null : Buffer.from(kept);
    if (!over) {
      kept.push(b);
      if (kept.length > LONGEST_KEY) over = true;
    }
    if (b === BACKSLASH) {
      const escaped = bytes.next();
      if (escaped === -1) throw new Error('the body ends inside a string');
      if (!over) kept.push(escaped);
    }
  }
}

/** Skips the value whose first byte was just read; returns the offset just past it. */
function skipValue(bytes: Bytes, first: number): number {
  if (first === QUOTE) {
    readString(bytes, false);
    return bytes.offset() + 1;
  }
  if (first === 0x7b || first === 0x5b) {
    let depth = 1;
    while (depth > 0) {
      const b = bytes.next();
      if (b === -1) throw new Error('the body ends inside an object or array');
      if (b === QUOTE) readString(bytes, false);
      else if (b === 0x7b || b === 0x5b) depth++;
      else if (b === 0x7d || b === 0x5d) depth--;
    }
    return bytes.offset() + 1;
  }
  for (;;) {
    const b = bytes.next();
    if (b === -1) return bytes.offset() + 1;
    if (b === 0x2c || b === 0x7d || b === 0x5d || isSpace(b)) {
      bytes.back();
      return bytes.offset() + 1;
    }
  }
}

/** Where the value at `segments` lies in a JSON file, as [start, end); null when it is not there. */
export function findJsonSpan(fd: number, size: number, segments: readonly PathSegment[]): [number, number] | null {
  const bytes = new Bytes(fd, size);
  let first = firstByte(bytes);
  for (const segment of segments) {
    if (typeof segment === 'string') {
      if (first !== 0x7b) return null;
      let b = skipSpace(bytes);
      let found = false;
      while (b !== 0x7d) {
        if (b !== QUOTE) throw new Error(`expected a key at byte ${bytes.offset()}`);
        const raw = readString(bytes, true);
        const key = raw === null ? null : (JSON.parse(`"${raw.toString('utf8')}"`) as string);
        if (skipSpace(bytes) !== 0x3a) throw new Error(`expected ":" at byte ${bytes.offset()}`);
        const valueFirst = skipSpace(bytes);
        if (key === segment) {
          first = valueFirst;
          found = true;
          break;
        }
        skipValue(bytes, valueFirst);
        b = skipSpace(bytes);
        if (b === 0x2c) b = skipSpace(bytes);
        else if (b !== 0x7d) throw new Error(`expected "," or "}" at byte ${bytes.offset()}`);
      }
      if (!found) return null;
    } else {
      if (first !== 0x5b) return null;
      let b = skipSpace(bytes);
      let index = 0;
      let found = false;
      while (b !== 0x5d) {
        if (b === -1) throw new Error('the body ends inside an array');
        if (index === segment) {
          first = b;
          found = true;
          break;
        }
        skipValue(bytes, b);
        index++;
        b = skipSpace(bytes);
        if (b === 0x2c) b = skipSpace(bytes);
        else if (b !== 0x5d) throw new Error(`expected "," or "]" at byte ${bytes.offset()}`);
      }
      if (!found) return null;
    }
  }
  if (first === -1) return null;
  const start = bytes.offset();
  return [start, skipValue(bytes, first)];
}

/** Reads [start, end) of a file as text. */
export function readSpan(fd: number, start: number, end: number): string {
  const buffer = Buffer.allocUnsafe(end - start);
  let done = 0;
  while (done < buffer.length) {
    const n = readSync(fd, buffer, done, buffer.length - done, start + done);
    if (n <= 0) break;
    done += n;
  }
  return buffer.subarray(0, done).toString('utf8');
}

/**
 * Runs `test` on the body's text a chunk at a time, each chunk starting with the last `overlap`
 * characters of the one before, so a match across an edge is found. Stops at the first true.
 */
export function scanText(fd: number, size: number, overlap: number, test: (text: string) => boolean): boolean {
  const buffer = Buffer.allocUnsafe(TEXT_CHUNK);
  const decoder = new StringDecoder('utf8');
  let tail = '';
  for (let position = 0; position < size; ) {
    const n = readSync(fd, buffer, 0, Math.min(TEXT_CHUNK, size - position), position);
    if (n <= 0) break;
    position += n;
    const text = tail + decoder.write(buffer.subarray(0, n));
    if (test(text)) return true;
    tail = overlap > 0 ? text.slice(-overlap) : '';
  }
  return test(tail + decoder.end());
}

/**
 * Whether a large body holds a text, compared as UTF-8 bytes a chunk at a time (no text is
 * decoded, so nothing is left for the collector). The last bytes of each chunk are carried into
 * the next, so a match across an edge is found; UTF-8 makes a byte match a text match.
 */
export function containsBytes(fd: number, size: number, needle: Buffer): boolean {
  if (needle.length === 0) return true;
  const carry = needle.length - 1;
  const buffer = Buffer.allocUnsafe(CHUNK + carry);
  let kept = 0;
  for (let position = 0; position < size; ) {
    const n = readSync(fd, buffer, kept, Math.min(CHUNK, size - position), position);
    if (n <= 0) break;
    position += n;
    const filled = kept + n;
    if (buffer.subarray(0, filled).indexOf(needle) >= 0) return true;
    kept = Math.min(carry, filled);
    buffer.copyWithin(0, filled - kept, filled);
  }
  return false;
}

/** The first match of a regular expression in a large body, found a chunk at a time. */
export function firstMatch(fd: number, size: number, pattern: RegExp): RegExpExecArray | null {
  let found: RegExpExecArray | null = null;
  scanText(fd, size, REGEX_OVERLAP, (text) => {
    found = pattern.exec(text);
    return found !== null;
  });
  return found;
}
