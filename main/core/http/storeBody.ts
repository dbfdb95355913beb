import { createHash, hash as hashAtOnce, type Hash } from 'node:crypto';
import { close, open, write } from 'node:fs';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, type BrotliDecompress, type Gunzip, type Inflate } from 'node:zlib';

/** Why a body stopped before the server finished sending it. */
export type BodyStop =
  /** Decoded bytes reached the size limit in the request's settings. */
  | { kind: 'cap' }
  /** A compressed body expanded past both decoding limits (a compression bomb). */
  | { kind: 'bomb'; ratio: number }
  /** The caller stopped it (cancel, a timeout), or the connection failed part way. */
  | { kind: 'interrupted'; error: unknown }
  /** The body's file could not be written (a full disk): what was written is kept. */
  | { kind: 'disk'; error: unknown };

export interface StoredBody {
  /** Bytes read from the wire. */
  wireBytes: number;
  /** Decoded bytes kept. */
  bytes: number;
  sha256: string;
  /** The first `previewBytes` decoded bytes. */
  preview: Buffer;
  /** Set when the body ended before the server's end: what was kept is the first `bytes`. */
  stopped: BodyStop | null;
  /**
   * The whole body when it stayed small and quick: the caller writes the file after
   * answering. Null when it was streamed to the file already.
   */
  inMemory: Buffer | null;
}

/** Where a large or slow body goes, and what is told as it grows. */
export interface BodyFile {
  path: string;
  /** The file is open and holds its first bytes: the body is now shown as it arrives. */
  onOpened?(): void;
  /** `bytes` decoded bytes are in the file (called after each write). */
  onWritten?(bytes: number): void;
}

export interface StoreOptions {
  contentEncoding: string | null;
  file: BodyFile;
  /** Most decoded bytes kept; the rest is discarded (stop `cap`). */
  cap: number;
  /** A compressed body stops once its decoded size passes both of these (stop `bomb`). */
  bomb: { bytes: number; ratio: number };
  previewBytes: number;
  /**
   * Bodies that end within this many decoded bytes stay in memory, unless the caller calls
   * `goLive` first (a body still arriving after a moment is shown as it arrives).
   */
  memoryLimit: number;
  /** Each decoded piece as it arrives, before it is written (event stream parsing). */
  tap?: (piece: Buffer) => void;
  /** The body is being read: the caller may stop it early (what arrived is kept) or send it to its file now. */
  onStart?(control: BodyControl): void;
}

export interface BodyControl {
  stop(error: unknown): void;
  goLive(): void;
  /** Bytes read from the wire so far. */
  received(): number;
  /** Decoded bytes so far. */
  decoded(): number;
}

/** Size of each coalescing block: one file write each. */
const BLOCK = 1024 * 1024;
/** Blocks waiting for the disk before reading pauses: memory stays within this many blocks. */
const MAX_QUEUED = 3;
/** A partly filled block is written after this long, so a slow body shows as it arrives. */
const FLUSH_MS = 15;
/** Wire bytes gathered before they are handed to the decoder (one zlib job each). */
const DECODE_BATCH = 256 * 1024;

type Decoder = Gunzip | Inflate | BrotliDecompress;
const DECODERS = new Map<string, () => Decoder>([
  ['gzip', () => createGunzip({ chunkSize: 64 * 1024 })],
  ['x-gzip', () => createGunzip({ chunkSize: 64 * 1024 })],
  ['deflate', () => createInflate({ chunkSize: 64 * 1024 })],
  ['br', () => createBrotliDecompress({ chunkSize: 64 * 1024 })],
]);

function decoderMaker(contentEncoding: string | null): (() => Decoder) | undefined {
  return contentEncoding === null ? undefined : DECODERS.get(contentEncoding.trim().toLowerCase());
}

/**
 * Reads a response body, decoding gzip/deflate/br, hashing and counting as it goes. Small,
 * quick bodies stay in memory (the file is written after the answer, off the request's path);
 * any other body streams to its file through large coalesced writes, one at a time, so its cost
 * depends on its bytes and not on how the server framed them. Decoding stops at `cap` decoded
 * bytes, and for compressed bodies once they pass both bomb limits. It never rejects: a body cut
 * short (an error, a stop) resolves with what arrived and says why in `stopped`.
 */
export function storeBody(body: Readable, options: StoreOptions): Promise<StoredBody> {
  return new BodySink(body, decoderMaker(options.contentEncoding)?.() ?? null, options).done;
}

interface Pending {
  block: Buffer;
  start: number;
  end: number;
  /** The write empties the block: it goes back to the free list. */
  last: boolean;
}

/**
 * wire → (decoder) → blocks → file. A body is held in memory (as the chunks it came in) until it
 * passes `memoryLimit` or the caller sends it live; from then on chunks are copied into 1 MB
 * blocks, so socket buffers are let go at once. A full block, or a partial one FLUSH_MS after
 * its first byte, is hashed and queued; one write runs at a time. Reading pauses only when
 * MAX_QUEUED blocks wait for the disk, so there is no per-chunk promise, timer or pause.
 */
class BodySink {
  readonly done: Promise<StoredBody>;
  private resolve!: (stored: StoredBody) => void;
  /** Made when the body goes to its file; a body kept in memory is hashed in one go. */
  private hash: Hash | null = null;
  private wireBytes = 0;
  private bytes = 0;
  private stopped: BodyStop | null = null;
  private held: Buffer[] = [];
  private preview: Buffer | null = null;
  private previewFill = 0;
  private readonly free: Buffer[] = [];
  private block: Buffer | null = null;
  private fill = 0;
  private flushed = 0;
  private readonly queue: Pending[] = [];
  private fd: number | null = null;
  /** The file is being opened, or open. */
  private filing = false;
  private writing = false;
  private written = 0;
  private flushTimer: NodeJS.Timeout | null = null;
  private paused = false;
  /** The source (and decoder) ended or were stopped: only the queue remains. */
  private sourceDone = false;
  private finished = false;
  private writeError: unknown = null;
  private wireBatch: Buffer[] = [];
  private wireBatchBytes = 0;
  private feedScheduled = false;
  private decoderWaiting = false;

  constructor(
    private readonly body: Readable,
    private readonly decoder: Decoder | null,
    private readonly options: StoreOptions,
  ) {
    this.done = new Promise((resolve) => (this.resolve = resolve));
    body.on('error', (error) => this.stop({ kind: 'interrupted', error }));
    if (decoder) {
      body.on('data', (chunk: Buffer) => this.onWire(chunk));
      body.once('end', () => this.feed(true));
      decoder.on('data', (chunk: Buffer) => this.take(chunk));
      decoder.on('drain', () => {
        this.decoderWaiting = false;
        if (!this.paused) body.resume();
      });
      decoder.once('end', () => this.sourceEnded());
      decoder.on('error', (error) => this.stop({ kind: 'interrupted', error }));
    } else {
      body.on('data', (chunk: Buffer) => {
        this.wireBytes += chunk.length;
        this.take(chunk);
      });
      body.once('end', () => this.sourceEnded());
    }
    options.onStart?.({
      stop: (error) => this.stop({ kind: 'interrupted', error }),
      goLive: () => {
        if (!this.sourceDone) this.goLive();
      },
      received: () => this.wireBytes,
      decoded: () => this.bytes,
    });
  }

  private onWire(chunk: Buffer): void {
    this.wireBytes += chunk.length;
    if (this.sourceDone) return;
    this.wireBatch.push(chunk);
    this.wireBatchBytes += chunk.length;
    if (this.wireBatchBytes >= DECODE_BATCH) this.feed(false);
    else if (!this.feedScheduled) {
      // Chunks of one socket read arrive together: they go to the decoder as one piece.
      this.feedScheduled = true;
      setImmediate(() => {
        this.feedScheduled = false;
        this.feed(false);
      });
    }
  }

  private feed(end: boolean): void {
    const decoder = this.decoder!;
    if (this.sourceDone || decoder.destroyed) return;
    if (this.wireBatchBytes > 0) {
      const piece = this.wireBatch.length === 1 ? this.wireBatch[0]! : Buffer.concat(this.wireBatch, this.wireBatchBytes);
      this.wireBatch = [];
      this.wireBatchBytes = 0;
      if (!decoder.write(piece) && !end) {
        this.decoderWaiting = true;
        this.body.pause();
      }
    }
    if (end) decoder.end();
  }

  /** A decoded piece: counted, checked against the limits, held or copied into blocks. */
  private take(chunk: Buffer): void {
    if (this.sourceDone) return;
    let piece = chunk;
    const { cap, bomb } = this.options;
    let stop: BodyStop | null = null;
    if (this.bytes + piece.length > cap) {
      piece = piece.subarray(0, cap - this.bytes);
      stop = { kind: 'cap' };
    }
    this.bytes += piece.length;
    if (!stop && this.decoder && this.bytes > bomb.bytes && this.bytes > bomb.ratio * this.wireBytes) {
      stop = { kind: 'bomb', ratio: this.bytes / Math.max(1, this.wireBytes) };
    }
    this.options.tap?.(piece);
    if (this.filing) this.copyIn(piece);
    else {
      this.held.push(piece);
      if (this.bytes > this.options.memoryLimit) this.goLive();
    }
    if (stop) this.stop(stop);
  }

  /** From now on the body goes to its file as it arrives. */
  private goLive(): void {
    if (this.filing) return;
    this.filing = true;
    this.hash = createHash('sha256');
    const held = this.held;
    this.held = [];
    for (const piece of held) this.copyIn(piece);
    open(this.options.file.path, 'w', 0o600, (error, fd) => {
      if (error) {
        this.writeError = error;
        this.queue.length = 0;
        this.stop({ kind: 'disk', error });
        return this.finishIfIdle();
      }
      this.fd = fd;
      this.options.file.onOpened?.();
      if (this.fill > this.flushed) this.enqueue(false);
      else this.pump();
    });
  }

  private copyIn(piece: Buffer): void {
    if (this.previewFill < this.options.previewBytes) {
      this.preview ??= Buffer.allocUnsafe(this.options.previewBytes);
      this.previewFill += piece.copy(this.preview, this.previewFill);
    }
    let from = 0;
    while (from < piece.length) {
      this.block ??= this.free.pop() ?? Buffer.allocUnsafeSlow(BLOCK);
      const copied = piece.copy(this.block, this.fill, from);
      this.fill += copied;
      from += copied;
      if (this.fill === BLOCK) this.enqueue(true);
    }
    if (this.fill > this.flushed && !this.flushTimer && !this.sourceDone) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = null;
        if (this.fill > this.flushed) this.enqueue(false);
      }, FLUSH_MS);
      this.flushTimer.unref();
    }
  }

  /** Queues the block's unwritten bytes; `last` when the block is full. */
  private enqueue(last: boolean): void {
    const block = this.block!;
    const pending = { block, start: this.flushed, end: this.fill, last };
    this.hash!.update(block.subarray(pending.start, pending.end));
    this.queue.push(pending);
    if (last) {
      this.block = null;
      this.fill = 0;
      this.flushed = 0;
    } else {
      this.flushed = this.fill;
    }
    if (!this.paused && !this.sourceDone && this.queue.length >= MAX_QUEUED) this.pause();
    this.pump();
  }

  private pause(): void {
    this.paused = true;
    this.body.pause();
    this.decoder?.pause();
  }

  private resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.decoder?.resume();
    if (!this.decoderWaiting) this.body.resume();
  }

  private pump(): void {
    if (this.writing || this.fd === null) return this.finishIfIdle();
    const next = this.queue[0];
    if (!next) return this.finishIfIdle();
    this.writing = true;
    write(this.fd, next.block, next.start, next.end - next.start, null, (error, count) => {
      this.writing = false;
      if (error) {
        this.writeError = error;
        this.queue.length = 0;
        this.stop({ kind: 'disk', error });
        return this.finishIfIdle();
      }
      next.start += count;
      this.written += count;
      if (next.start === next.end) {
        this.queue.shift();
        if (next.last && this.free.length < 2) this.free.push(next.block);
      }
      this.options.file.onWritten?.(this.written);
      if (this.paused && this.queue.length < MAX_QUEUED - 1) this.resume();
      this.pump();
    });
  }

  private sourceEnded(): void {
    if (this.sourceDone) return;
    this.sourceDone = true;
    this.settle();
  }

  /** Ends reading early; what arrived is kept. */
  private stop(reason: BodyStop): void {
    if (this.sourceDone) {
      // The source had ended, but what it sent could not all be written.
      if (reason.kind === 'disk') this.stopped ??= reason;
      return;
    }
    this.stopped = reason;
    this.sourceDone = true;
    this.decoder?.destroy();
    this.body.destroy();
    this.settle();
  }

  /** The source is over: the rest of the last block is queued. */
  private settle(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.filing && this.fill > this.flushed) this.enqueue(false);
    this.finishIfIdle();
  }

  private finishIfIdle(): void {
    if (!this.sourceDone || this.writing || this.finished) return;
    if (this.filing && this.writeError === null && (this.fd === null || this.queue.length > 0)) return;
    this.finished = true;
    const stopped = this.stopped;
    if (!this.filing) {
      const kept = this.held.length === 1 ? this.held[0]! : Buffer.concat(this.held);
      this.held = [];
      return this.resolve({
        wireBytes: this.wireBytes,
        bytes: this.bytes,
        // One-shot hashing: creating a Hash object costs more than hashing a small body.
        sha256: hashAtOnce('sha256', kept, 'hex'),
        preview: kept.subarray(0, this.options.previewBytes),
        stopped,
        inMemory: kept,
      });
    }
    const result: StoredBody = {
      wireBytes: this.wireBytes,
      bytes: this.bytes,
      sha256: this.hash!.digest('hex'),
      preview: this.preview ? this.preview.subarray(0, this.previewFill) : Buffer.alloc(0),
      stopped,
      inMemory: null,
    };
    if (this.fd === null) return this.resolve(result);
    close(this.fd, () => this.resolve(result));
  }
}
