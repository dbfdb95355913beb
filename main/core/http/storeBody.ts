import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export interface StoredBody {
  /** Bytes read from the wire. */
  wireBytes: number;
  /** Decoded bytes written to the file. */
  bytes: number;
  sha256: string;
  /** The first `previewBytes` decoded bytes. */
  preview: Buffer;
  /** True when decoding stopped at the cap (the file holds exactly the first `cap` bytes). */
  capped: boolean;
}

function decoderFor(contentEncoding: string | null): Transform | null {
  switch (contentEncoding?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return null;
  }
}

/**
 * Streams a response body to `path` (mode 0600), decoding gzip/deflate/br, hashing and counting
 * as it goes. Decoding stops at `cap` decoded bytes, so a compression bomb fills neither the
 * disk nor the memory. Keeps the first `previewBytes` in memory for the viewer's first screen.
 */
export async function storeBody(body: Readable, contentEncoding: string | null, path: string, cap: number, previewBytes: number): Promise<StoredBody> {
  let wireBytes = 0;
  let bytes = 0;
  let capped = false;
  const hash = createHash('sha256');
  const previewChunks: Buffer[] = [];
  let previewKept = 0;

  const countWire = new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      wireBytes += chunk.length;
      done(null, chunk);
    },
  });
  const decoder = decoderFor(contentEncoding);
  const file = await open(path, 'w', 0o600);
  try {
    const write = async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) {
        let piece = chunk;
        if (bytes + piece.length > cap) {
          piece = piece.subarray(0, cap - bytes);
          capped = true;
        }
        bytes += piece.length;
        hash.update(piece);
        if (previewKept < previewBytes) {
          const part = piece.subarray(0, previewBytes - previewKept);
          previewChunks.push(part);
          previewKept += part.length;
        }
        if (piece.length > 0) await file.write(piece);
        // Returning early ends the pipeline and destroys the streams before it.
        if (capped) return;
      }
    };
    await (decoder ? pipeline(body, countWire, decoder, write) : pipeline(body, countWire, write));
  } catch (error) {
    // After the cap, the streams torn down behind us may report a premature close: expected.
    if (!capped) throw error;
  } finally {
    await file.close();
  }
  if (capped && !body.destroyed) body.destroy();
  return { wireBytes, bytes, sha256: hash.digest('hex'), preview: Buffer.concat(previewChunks, previewKept), capped };
}
