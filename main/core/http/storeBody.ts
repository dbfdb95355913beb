import { createHash, hash as hashAtOnce } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export interface StoredBody {
  /** Bytes read from the wire. */
  wireBytes: number;
  /** Decoded bytes kept. */
  bytes: number;
  sha256: string;
  /** The first `previewBytes` decoded bytes. */
  preview: Buffer;
  /** True when decoding stopped at the cap (only the first `cap` bytes are kept). */
  capped: boolean;
  /**
   * The whole body when it stayed under the memory limit: the caller writes the file after
   * answering. Null when it was streamed to the file already.
   */
  inMemory: Buffer | null;
}

export interface StoreOptions {
  contentEncoding: string | null;
  /** The Content-Length header, when the server sent one. */
  contentLength: number | null;
  /** Opens the body's file (mode 0600); called only once the body outgrows `memoryLimit`. */
  openFile: () => Promise<FileHandle>;
  cap: number;
  previewBytes: number;
  memoryLimit: number;
  /** Called after every `every` bytes written to the file, to let go of the buffers they came in. */
  reclaim?: { every: number; run: () => void } | undefined;
}

const DECODERS = new Map<string, () => Transform>([
  ['gzip', createGunzip],
  ['x-gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

function decoderMaker(contentEncoding: string | null): (() => Transform) | undefined {
  return contentEncoding === null ? undefined : DECODERS.get(contentEncoding.trim().toLowerCase());
}

function decoderFor(contentEncoding: string | null): Transform | null {
  return decoderMaker(contentEncoding)?.() ?? null;
}

/**
 * Reads a response body, decoding gzip/deflate/br, hashing and counting as it goes. Small
 * bodies stay in memory (the file is written after the answer, off the request's path); a body
 * that outgrows `memoryLimit` streams to its file. Decoding stops at `cap` decoded bytes, so a
 * compression bomb fills neither the disk nor the memory.
 */
export function storeBody(body: Readable, options: StoreOptions): Promise<StoredBody> {
  if (isSmallAndPlain(options.contentEncoding, options.contentLength, Math.min(options.memoryLimit, options.cap))) {
    return readWhole(body as Readable & { arrayBuffer(): Promise<ArrayBuffer> }, options.previewBytes);
  }
  return streamBody(body, decoderFor(options.contentEncoding), options);
}

/** The common case: an uncompressed body of known length under `limit`, read in one go. */
export function isSmallAndPlain(contentEncoding: string | null, contentLength: number | null, limit: number): boolean {
  return contentLength !== null && contentLength <= limit && decoderMaker(contentEncoding) === undefined;
}

/** Reads a small body whole: one read, no stream events. */
export async function readWhole(body: { arrayBuffer(): Promise<ArrayBuffer> }, previewBytes: number): Promise<StoredBody> {
  const whole = Buffer.from(await body.arrayBuffer());
  return {
    wireBytes: whole.length,
    bytes: whole.length,
    // One-shot hashing: creating a Hash object costs more than hashing a small body.
    sha256: hashAtOnce('sha256', whole, 'hex'),
    preview: whole.subarray(0, previewBytes),
    capped: false,
    inMemory: whole,
  };
}

async function streamBody(body: Readable, decoder: Transform | null, options: StoreOptions): Promise<StoredBody> {
  const { cap, previewBytes, memoryLimit } = options;
  let wireBytes = 0;
  let bytes = 0;
  let capped = false;
  const held: Buffer[] = [];
  let file = null as FileHandle | null;
  let written = 0;
  let reclaimedAt = 0;
  const hash = createHash('sha256');
  let source: Readable = body;
  if (decoder) {
    body.on('data', (chunk: Buffer) => (wireBytes += chunk.length));
    body.on('error', (error) => decoder.destroy(error));
    source = body.pipe(decoder);
  }

  // Events rather than `for await`: async iteration costs a promise per chunk, which shows on
  // small loopback responses. Writing to the file pauses the source, so order and memory hold.
  try {
    await new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (error?: unknown) => {
        if (done) return;
        done = true;
        if (error) reject(error);
        else resolve();
      };
      // Writes run one after another; 'end' can come while the last one is still going.
      let writing: Promise<void> = Promise.resolve();
      const writeToFile = (pieces: Buffer[]) => {
        source.pause();
        writing = writing.then(async () => {
          file ??= await options.openFile();
          for (const part of pieces) {
            await file.write(part);
            written += part.length;
          }
          if (options.reclaim && written - reclaimedAt >= options.reclaim.every) {
            reclaimedAt = written;
            options.reclaim.run();
          }
          if (capped) finish();
          else source.resume();
        });
        writing.catch(finish);
      };
      source.on('data', (chunk: Buffer) => {
        if (done || capped) return;
        if (!decoder) wireBytes += chunk.length;
        let piece = chunk;
        if (bytes + piece.length > cap) {
          piece = piece.subarray(0, cap - bytes);
          capped = true;
        }
        bytes += piece.length;
        hash.update(piece);
        if (file) {
          writeToFile([piece]);
        } else {
          held.push(piece);
          if (bytes > memoryLimit) {
            const pieces = held.splice(0, held.length);
            // Keep only what the preview needs in memory.
            held.push(Buffer.concat(pieces).subarray(0, previewBytes));
            writeToFile(pieces);
          } else if (capped) {
            finish();
          }
        }
      });
      source.once('end', () => void writing.then(() => finish(), finish));
      source.once('error', finish);
    });
  } finally {
    if (capped) {
      decoder?.destroy();
      body.destroy();
    }
    await file?.close();
  }

  const kept = Buffer.concat(held);
  return {
    wireBytes,
    bytes,
    sha256: hash.digest('hex'),
    preview: kept.subarray(0, previewBytes),
    capped,
    inMemory: file ? null : kept,
  };
}
