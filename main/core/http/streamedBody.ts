import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { basename, extname, isAbsolute } from 'node:path';
import { Readable } from 'node:stream';
import { LatchkeyError } from '../errors';

/** A file a body reads at send time. */
export interface FileRef {
  path: string;
  size: number;
  contentType: string;
}

/**
 * A body read from files as it is sent, never held whole in memory. Re-openable, so a 307/308
 * redirect can send it again.
 */
export class StreamedBody {
  constructor(
    readonly kind: 'file' | 'multipart',
    readonly length: number,
    private readonly pieces: readonly (Buffer | FileRef)[],
    /** The fields of a multipart body, for Copy as cURL. */
    readonly fields: readonly MultipartField[] = [],
  ) {}

  open(): Readable {
    const pieces = this.pieces;
    return Readable.from(
      (async function* () {
        for (const piece of pieces) {
          if (Buffer.isBuffer(piece)) {
            yield piece;
            continue;
          }
          let sent = 0;
          for await (const chunk of createReadStream(piece.path)) {
            sent += (chunk as Buffer).length;
            if (sent > piece.size) throw new LatchkeyError('file_error', `The file ${piece.path} grew while it was being sent; send again.`);
            yield chunk as Buffer;
          }
          if (sent !== piece.size) throw new LatchkeyError('file_error', `The file ${piece.path} changed size while it was being sent; send again.`);
        }
      })(),
      { objectMode: false },
    );
  }

  /** The body as text for the Request tab: files shown by name and size, never their bytes. */
  preview(limit: number): string {
    let text = '';
    for (const piece of this.pieces) {
      text += Buffer.isBuffer(piece) ? piece.toString('utf8') : `<contents of ${piece.path}, ${piece.size} bytes>`;
      if (text.length >= limit) return text.slice(0, limit);
    }
    return text;
  }

  files(): FileRef[] {
    return this.pieces.filter((p): p is FileRef => !Buffer.isBuffer(p));
  }
}

const TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.js': 'application/javascript',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
};

/** A content type from a file's extension; application/octet-stream when unknown. */
export function guessContentType(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Checks a path names a readable regular file and returns its size; the error is one sentence about the path. */
export function statFile(path: string): { path: string; size: number } {
  const trimmed = path.trim();
  if (trimmed === '') throw new LatchkeyError('file_error', 'No file is chosen.');
  if (!isAbsolute(trimmed)) throw new LatchkeyError('file_error', `"${trimmed}" is not a full path; choose the file, or type its full path.`);
  try {
    const stats = statSync(trimmed);
    if (!stats.isFile()) throw new LatchkeyError('file_error', `${trimmed} is a folder, not a file.`);
    return { path: trimmed, size: stats.size };
  } catch (error) {
    if (error instanceof LatchkeyError) throw error;
    const code = (error as { code?: string }).code;
    const message =
      code === 'ENOENT' || code === 'ENOTDIR' ? `There is no file at ${trimmed}.` : code === 'EACCES' ? `Latchkey may not read ${trimmed} (permission denied).` : `${trimmed} cannot be read (${code ?? String(error)}).`;
    throw new LatchkeyError('file_error', message, { cause: error });
  }
}

/** A file for a body, checked now; errors name the part of the request it belongs to. */
export function fileRef(path: string, contentType: string, what: string): FileRef {
  try {
    const file = statFile(path);
    return { ...file, contentType: contentType.trim() || guessContentType(file.path) };
  } catch (error) {
    if (!(error instanceof LatchkeyError)) throw error;
    throw new LatchkeyError('file_error', `${what}: ${error.message.charAt(0).toLowerCase()}${error.message.slice(1)}`, { cause: error });
  }
}

export function fileBody(file: FileRef): StreamedBody {
  return new StreamedBody('file', file.size, [file]);
}

export type MultipartField = { name: string; value: string } | { name: string; file: FileRef };

/** Quotes a name or filename in Content-Disposition the way browsers do (WHATWG multipart/form-data). */
function quoted(text: string): string {
  return text.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}

/** multipart/form-data (RFC 7578) from text fields and files, with a fresh boundary. */
export function multipartBody(fields: MultipartField[], boundary = `----LatchkeyBoundary${randomBytes(12).toString('hex')}`): { body: StreamedBody; contentType: string } {
  const pieces: (Buffer | FileRef)[] = [];
  let length = 0;
  const add = (piece: Buffer | FileRef) => {
    pieces.push(piece);
    length += Buffer.isBuffer(piece) ? piece.length : piece.size;
  };
  for (const field of fields) {
    const head =
      'file' in field
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(field.name)}"; filename="${quoted(basename(field.file.path))}"\r\nContent-Type: ${field.file.contentType}\r\n\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(field.name)}"\r\n\r\n`;
    add(Buffer.from(head, 'utf8'));
    add('file' in field ? field.file : Buffer.from(field.value, 'utf8'));
    add(Buffer.from('\r\n'));
  }
  add(Buffer.from(`--${boundary}--\r\n`));
  return { body: new StreamedBody('multipart', length, pieces, fields), contentType: `multipart/form-data; boundary=${boundary}` };
}
