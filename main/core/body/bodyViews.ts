import { existsSync } from 'node:fs';
import { copyFile, open, stat, unlink, type FileHandle } from 'node:fs/promises';
import type { BodyStatus, BodyView, StreamEvent } from '../../../preload/contract';
import type { Logger } from '../../ports';
import { EventStreamParser, streamKind } from '../http/eventStream';
import { LatchkeyError } from '../errors';
import { filterJson } from './jsonFilter';
import { valueAt } from './jsonNavigation';
import { IndexRunner } from './indexRunner';
import type { JsonError } from './jsonPrettyStream';
import { splitRows, WRAP_BYTES } from './lineSplitter';
import { LineIndex } from './lineIndex';

interface ViewFile {
  path: string;
  index: LineIndex;
  bytes: number;
}

/** A body still being written as it arrives (see HttpExecutor.growingBody). */
export interface GrowingBody {
  written(): number;
  complete(): boolean;
  grown(): Promise<void>;
}

interface Indexed {
  json: boolean;
  format: 'json' | 'xml' | null;
  error: JsonError | null;
  raw: ViewFile;
  pretty: ViewFile | null;
  done: boolean;
  /** Bytes of the body read so far, for progress. */
  read: number;
  total: number;
  /** Set while the body is still arriving. */
  growing: GrowingBody | null;
  finished: Promise<void>;
  /** Ends `finished` for a body forgotten before it was indexed. */
  abandon?: () => void;
}

const READ_CHUNK = 512 * 1024;
const MAX_ROWS = 1000;
const MAX_MATCH_LINES = 10_000;

/**
 * Views of stored response bodies for a viewer that never holds a whole body: a raw view and,
 * for JSON, a pretty-printed copy, each with a sparse row index. Indexing runs in main, a
 * megabyte at a time, so the renderer stays free and asks only for the rows it shows.
 */
export class BodyViews {
  private readonly views = new Map<string, Indexed>();
  private readonly opening = new Map<string, Promise<Indexed>>();

  constructor(
    private readonly bodyReady: (bodyId: string) => Promise<string>,
    private readonly logger: Logger,
    /** A fresh body id and the path to write it to, for bodies made here (JSONPath results). */
    private readonly newBody?: () => { bodyId: string; path: string },
    /** The body by this id if it is still arriving: indexing follows it as it grows. */
    private readonly growingBody: (bodyId: string) => GrowingBody | null = () => null,
    private readonly runner: IndexRunner = new IndexRunner(logger),
  ) {}

  /** Starts the indexing thread now (it would start with the first body). */
  warm(): void {
    this.runner.warm();
  }

  /** Ends the indexing thread. */
  close(): Promise<void> {
    return this.runner.close();
  }

  /** Starts indexing (once, however many callers ask at the same time) and reports how far it got. */
  async open(bodyId: string, contentType: string | null): Promise<BodyStatus> {
    let view = this.views.get(bodyId);
    if (!view) {
      // Opening takes a few awaits: a second call meanwhile waits for the same view rather than
      // starting a second index of the same files.
      let opening = this.opening.get(bodyId);
      if (!opening) {
        opening = this.create(bodyId, contentType).finally(() => this.opening.delete(bodyId));
        this.opening.set(bodyId, opening);
      }
      view = await opening;
    }
    return this.status(view);
  }

  private async create(bodyId: string, contentType: string | null): Promise<Indexed> {
    const growing = this.growingBody(bodyId);
    const path = await this.bodyReady(bodyId);
    const total = (await stat(path).catch(() => null))?.size;
    if (total === undefined) throw new LatchkeyError('invalid_request', 'That response body is no longer stored (it may have been cleared from history).');
    const head = Buffer.alloc(64);
    const handle = await open(path, 'r');
    const { bytesRead } = await handle.read(head, 0, 64, 0);
    await handle.close();
    const start = head.subarray(0, bytesRead).toString('latin1').trimStart();
    // JSON lines and event streams are rows as they come: no pretty view of the whole.
    const stream = streamKind(contentType) !== null;
    const json = !stream && (/json/i.test(contentType ?? '') || start.startsWith('{') || start.startsWith('['));
    const xml = !stream && !json && (/xml/i.test(contentType ?? '') || (!/html/i.test(contentType ?? '') && start.startsWith('<?xml')));
    const view: Indexed = {
      json,
      format: json ? 'json' : xml ? 'xml' : null,
      error: null,
      raw: { path, index: new LineIndex(), bytes: total },
      pretty: json || xml ? { path: `${path}.pretty`, index: new LineIndex(), bytes: 0 } : null,
      done: false,
      read: 0,
      total,
      growing,
      finished: Promise.resolve(),
    };
    this.views.set(bodyId, view);
    view.finished = this.index(bodyId, view).catch((error: unknown) => {
      if (error instanceof Forgotten) throw error;
      this.logger.error('could not index a response body', { bodyId, error: String(error) });
      view.done = true;
    });
    return view;
  }

  private status(view: Indexed): BodyStatus {
    if (view.growing) view.total = Math.max(view.total, view.growing.written());
    return {
      json: view.json,
      format: view.format,
      error: view.error,
      done: view.done,
      receiving: view.growing !== null && !view.growing.complete(),
      progress: view.total === 0 ? 1 : view.read / view.total,
      rows: { raw: view.raw.index.lineCount, pretty: view.pretty && !view.error ? view.pretty.index.lineCount : 0 },
      bytes: view.total,
    };
  }

  /** Indexing runs on its own thread; this mirrors how far it got, and tells it when a growing body grows. */
  private index(bodyId: string, view: Indexed): Promise<void> {
    const growing = view.growing;
    return new Promise<void>((resolve, reject) => {
      view.abandon = () => reject(new Forgotten());
      this.runner.start(
        { type: 'index', bodyId, path: view.raw.path, prettyPath: view.pretty?.path ?? null, format: view.format, complete: !growing || growing.complete() },
        (update) => {
          if (update.type === 'failed') return reject(new Error(update.message));
          if (update.type !== 'progress') return;
          view.raw.index.append(update.raw.marks, update.raw.lineCount);
          if (view.pretty && update.pretty) {
            view.pretty.index.append(update.pretty.marks, update.pretty.lineCount);
            view.pretty.bytes = update.pretty.bytes;
          }
          view.error = update.error;
          view.read = update.read;
          view.total = Math.max(view.total, view.read);
          if (update.done) {
            view.total = view.read;
            view.raw.bytes = view.read;
            view.growing = null;
            view.done = true;
            resolve();
          }
        },
      );
      if (growing) {
        void (async () => {
          while (!growing.complete()) {
            await growing.grown();
            this.runner.grown(bodyId, growing.complete());
          }
          // The body may have completed between the start and the first check: say so for certain.
          this.runner.grown(bodyId, true);
        })();
      }
    });
  }

  private viewFile(view: Indexed, which: BodyView): ViewFile {
    if (which === 'pretty') {
      if (!view.pretty) throw new LatchkeyError('invalid_request', 'This body is neither JSON nor XML, so it has no pretty view.');
      if (view.error) throw new LatchkeyError('invalid_body', `The body is not valid JSON: ${view.error.message} (line ${view.error.line}, column ${view.error.column}).`);
      return view.pretty;
    }
    return view.raw;
  }

  private get(bodyId: string): Indexed {
    const view = this.views.get(bodyId);
    if (!view) throw new LatchkeyError('invalid_request', 'Open the body before reading it.');
    return view;
  }

  /** Rows `start` to `start + count` of a view, as text. Rows not indexed yet are left out. */
  async rows(bodyId: string, which: BodyView, start: number, count: number): Promise<{ rows: string[]; status: BodyStatus }> {
    const view = this.get(bodyId);
    const file = this.viewFile(view, which);
    // Status first: if indexing ends while the rows are read, the answer must not claim "done"
    // for rows counted before it did, or the renderer would keep a short page for good.
    const status = this.status(view);
    const available = file.index.lineCount;
    const end = Math.min(start + Math.min(count, MAX_ROWS), available);
    if (start >= end) return { rows: [], status };
    const mark = file.index.markFor(start);
    const handle = await open(file.path, 'r');
    try {
      const rows: string[] = [];
      let line = mark.line;
      let position = mark.offset;
      let carry = Buffer.alloc(0);
      let decoder = new TextDecoder('utf-8');
      const chunk = Buffer.allocUnsafe(Math.max(64 * 1024, WRAP_BYTES * 2));
      while (line < end) {
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
        position += bytesRead;
        const data = carry.length ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
        const base = position - data.length;
        const eof = bytesRead === 0;
        const found = splitRows(data, base, eof);
        let consumed = 0;
        for (const row of found) {
          if (line >= end) break;
          const text = decoder.decode(data.subarray(row.start - base, row.end - base), { stream: !row.newline });
          if (row.newline) decoder = new TextDecoder('utf-8');
          if (line >= start) rows.push(text);
          line++;
          consumed = row.end - base + (row.newline ? 1 : 0);
        }
        carry = Buffer.from(data.subarray(consumed));
        if (eof) break;
      }
      return { rows, status };
    } finally {
      await handle.close();
    }
  }

  /** Counts matches of `query` in a view and lists the rows they are on (the first 10,000). */
  async search(bodyId: string, which: BodyView, query: string, caseSensitive: boolean): Promise<{ count: number; rows: number[]; status: BodyStatus }> {
    const view = this.get(bodyId);
    const file = this.viewFile(view, which);
    // Only what is indexed so far is searched: a body still arriving is searched as far as it got.
    const status = this.status(view);
    const limit = which === 'raw' ? view.read : file.bytes;
    if (query === '') return { count: 0, rows: [], status };
    // Bytes are searched with Buffer.indexOf in one reused buffer, so a search over hundreds of
    // megabytes allocates nothing per chunk. Case folding (ASCII queries only) lowercases each
    // chunk in place. Matches do not overlap, as with a global regex.
    const needle = Buffer.from(query, 'utf8');
    const fold = !caseSensitive && needle.every((b) => b < 0x80);
    if (fold) lowerAscii(needle, 0, needle.length);
    const keep = needle.length - 1;
    const buffer = Buffer.allocUnsafe(READ_CHUNK + keep);
    const rows: number[] = [];
    let count = 0;
    const handle = await open(file.path, 'r');
    try {
      let carried = 0;
      /** File offset of buffer[0]. */
      let base = 0;
      /** Where the last match ended (file offset): a new one may not start before it. */
      let matchedTo = 0;
      for (;;) {
        const want = Math.min(READ_CHUNK, limit - (base + carried));
        if (want <= 0) break;
        const { bytesRead } = await handle.read(buffer, carried, want, base + carried);
        if (bytesRead === 0) break;
        if (fold) lowerAscii(buffer, carried, carried + bytesRead);
        const length = carried + bytesRead;
        const window = buffer.subarray(0, length);
        for (let at = window.indexOf(needle, Math.max(0, matchedTo - base)); at !== -1; at = window.indexOf(needle, at + needle.length)) {
          count++;
          matchedTo = base + at + needle.length;
          if (rows.length < MAX_MATCH_LINES) {
            const row = await rowOfByte(file, handle, base + at);
            if (rows.at(-1) !== row) rows.push(row);
          }
        }
        // The last needle-length-minus-one bytes may begin a match that ends in the next chunk.
        carried = Math.min(keep, length);
        buffer.copy(buffer, 0, length - carried, length);
        base += length - carried;
      }
    } finally {
      await handle.close();
    }
    return { count, rows, status };
  }

  /** The pretty JSON view of a body, once indexing is done. */
  private async prettyJson(bodyId: string): Promise<ViewFile> {
    const view = this.get(bodyId);
    await view.finished;
    if (view.format !== 'json') throw new LatchkeyError('invalid_request', 'Only JSON bodies have values to fold and copy.');
    return this.viewFile(view, 'pretty');
  }

  /** The last row of the object or array that starts on `row` of the pretty JSON view; null when none starts there. */
  async fold(bodyId: string, row: number): Promise<{ end: number } | null> {
    const file = await this.prettyJson(bodyId);
    if (row >= file.index.lineCount) return null;
    const handle = await open(file.path, 'r');
    try {
      const span = await valueAt(handle, await rowStartOffset(file, handle, row), file.bytes);
      if (!span?.container) return null;
      return { end: await rowOfByte(file, handle, span.end - 1) };
    } finally {
      await handle.close();
    }
  }

  /** The JSON text of the value on `row` of the pretty view (an object or array whole), for Copy value. */
  async value(bodyId: string, row: number, maxBytes: number): Promise<string> {
    const file = await this.prettyJson(bodyId);
    if (row >= file.index.lineCount) throw new LatchkeyError('invalid_request', 'There is no such row.');
    const handle = await open(file.path, 'r');
    try {
      const span = await valueAt(handle, await rowStartOffset(file, handle, row), file.bytes);
      if (!span) throw new LatchkeyError('invalid_request', 'That row closes an object or array; copy from the row that opens it.');
      const length = span.end - span.start;
      if (length > maxBytes) throw new LatchkeyError('invalid_request', `That value is ${formatMegabytes(length)}, too large for the clipboard; use Save.`);
      const bytes = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(bytes, 0, length, span.start);
      return bytes.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  }

  /** Runs a JSONPath expression over a JSON body; the matches become a new body with their own views. */
  async filter(bodyId: string, expression: string): Promise<{ bodyId: string; count: number }> {
    const view = this.get(bodyId);
    await view.finished;
    if (view.format !== 'json' || view.error) throw new LatchkeyError('invalid_request', 'JSONPath filters need a valid JSON body.');
    if (!this.newBody) throw new LatchkeyError('internal', 'Filtered bodies cannot be stored here.');
    const target = this.newBody();
    const count = await filterJson(view.raw.path, view.total, expression, target.path);
    return { bodyId: target.bodyId, count };
  }

  /**
   * Events `start` to `start + count` of a stored event stream, parsed from its file, with the
   * times they arrived when those were kept beside it; `total` counts every event in the file.
   */
  async events(bodyId: string, start: number, count: number): Promise<{ events: StreamEvent[]; total: number; receiving: boolean }> {
    const growing = this.growingBody(bodyId);
    const path = await this.bodyReady(bodyId);
    const handle = await open(path, 'r').catch(() => {
      throw new LatchkeyError('invalid_request', 'That response body is no longer stored.');
    });
    const events: StreamEvent[] = [];
    const parser = new EventStreamParser((event) => {
      if (event.index >= start && events.length < count) events.push(event);
    }, () => null);
    try {
      const chunk = Buffer.allocUnsafe(READ_CHUNK);
      for (let position = 0; ; ) {
        const { bytesRead } = await handle.read(chunk, 0, READ_CHUNK, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        parser.feed(chunk.subarray(0, bytesRead));
      }
      parser.end();
    } finally {
      await handle.close();
    }
    if (events.length > 0) {
      const times = await open(`${path}.times`, 'r').catch(() => null);
      if (times) {
        try {
          const bytes = Buffer.alloc(events.length * 8);
          const { bytesRead } = await times.read(bytes, 0, bytes.length, start * 8);
          for (let i = 0; i * 8 + 8 <= bytesRead; i++) {
            const at = bytes.readDoubleLE(i * 8);
            events[i]!.atMs = at >= 0 ? at : null;
          }
        } finally {
          await times.close();
        }
      }
    }
    return { events, total: parser.events, receiving: growing !== null && !growing.complete() };
  }

  /** Raw bytes of the stored body, for Save and Copy. */
  async read(bodyId: string, offset: number, length: number): Promise<Buffer> {
    const path = await this.bodyReady(bodyId);
    const handle = await open(path, 'r').catch(() => {
      throw new LatchkeyError('invalid_request', 'That response body is no longer stored.');
    });
    try {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  /** Copies the stored body, as received (decoded), to a file the user chose. */
  async saveTo(bodyId: string, destination: string): Promise<void> {
    const path = await this.bodyReady(bodyId);
    await copyFile(path, destination).catch((error: unknown) => {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT' && !existsSync(path)) throw new LatchkeyError('invalid_request', 'That response body is no longer stored.');
      throw new LatchkeyError('file_error', `Could not save to ${destination}: ${code === 'EACCES' ? 'permission denied' : (code ?? String(error))}.`, { cause: error });
    });
  }

  /** Drops a body's views and its pretty copy. */
  async forget(bodyId: string): Promise<void> {
    const view = this.views.get(bodyId);
    if (!view) return;
    this.views.delete(bodyId);
    if (!view.done) {
      await this.runner.forget(bodyId);
      view.abandon?.();
    }
    await view.finished.catch(() => undefined);
    if (view.pretty) await unlink(view.pretty.path).catch(() => undefined);
  }
}

class Forgotten extends Error {
  constructor() {
    super('The body was forgotten before it was indexed.');
  }
}

/** Lowercases ASCII letters in place; other bytes (UTF-8 sequences included) are left alone. */
function lowerAscii(bytes: Buffer, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const b = bytes[i]!;
    if (b >= 0x41 && b <= 0x5a) bytes[i] = b | 0x20;
  }
}

/** The byte where `row` starts: from the nearest indexed row, at most STRIDE rows are read. */
async function rowStartOffset(file: ViewFile, handle: FileHandle, row: number): Promise<number> {
  const mark = file.index.markFor(row);
  if (mark.line === row) return mark.offset;
  const length = Math.min((row - mark.line + 1) * (WRAP_BYTES + 1), Math.max(0, file.bytes - mark.offset));
  const bytes = Buffer.allocUnsafe(length);
  const { bytesRead } = await handle.read(bytes, 0, length, mark.offset);
  const rows = splitRows(bytes.subarray(0, bytesRead), mark.offset, mark.offset + bytesRead >= file.bytes);
  return rows[row - mark.line]?.start ?? mark.offset;
}

/** The row a byte is on: the nearest indexed row before it, then at most STRIDE rows read. */
async function rowOfByte(file: ViewFile, handle: FileHandle, absolute: number): Promise<number> {
  const mark = file.index.markAtOrBefore(absolute);
  const length = absolute - mark.offset;
  if (length === 0) return mark.line;
  const bytes = Buffer.allocUnsafe(length);
  const { bytesRead } = await handle.read(bytes, 0, length, mark.offset);
  return mark.line + splitRows(bytes.subarray(0, bytesRead), mark.offset, false).length;
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
