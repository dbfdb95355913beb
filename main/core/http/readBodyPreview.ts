import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

export interface BodyPreview {
  bytes: Buffer;
  /** Bytes read from the wire. */
  wireBytes: number;
  truncated: boolean;
}

function decoderFor(contentEncoding: string | null) {
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
 * Reads a response body, decompressing gzip/deflate/br, and keeps at most `cap` decoded
 * bytes. Decompression stops at the cap, so a compressed bomb cannot exhaust memory.
 */
export async function readBodyPreview(body: Readable, contentEncoding: string | null, cap: number): Promise<BodyPreview> {
  let wireBytes = 0;
  const decoder = decoderFor(contentEncoding);
  // Without a decoder the loop below counts wire bytes itself; a listener is needed only when decoding.
  if (decoder) {
    body.on('data', (chunk: Buffer) => {
      wireBytes += chunk.length;
    });
  }
  const decoded: Readable = decoder ? body.pipe(decoder) : body;
  const chunks: Buffer[] = [];
  let kept = 0;
  let truncated = false;
  try {
    for await (const chunk of decoded as AsyncIterable<Buffer>) {
      if (!decoder) wireBytes += chunk.length;
      const room = cap - kept;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        kept += room;
        truncated = true;
        break;
      }
      chunks.push(chunk);
      kept += chunk.length;
    }
  } finally {
    if (truncated) {
      decoded.destroy();
      body.destroy();
    }
  }
  return { bytes: Buffer.concat(chunks, kept), wireBytes, truncated };
}
