import type { RequestSpec } from '../../../preload/contract';
import { LatchkeyError } from '../errors';

/** A local file a request would read and send. */
export interface LocalFileReference {
  /** "The body file" or "Multipart field 2 ("avatar")". */
  part: string;
  path: string;
  unconfirmed: boolean;
  /** False for a disabled multipart field, which is not sent. */
  enabled: boolean;
}

/** Every local file a request names (a file body, multipart file fields), enabled or not. */
export function localFilesOf(request: RequestSpec): LocalFileReference[] {
  const body = request.body;
  if (body.kind === 'file') return body.path.trim() === '' ? [] : [{ part: 'The body file', path: body.path, unconfirmed: body.unconfirmed === true, enabled: true }];
  if (body.kind !== 'multipart') return [];
  return body.parts.flatMap((part, index) =>
    part.type === 'file' && part.value.trim() !== '' ? [{ part: `Multipart field ${index + 1}${part.name ? ` ("${part.name}")` : ''}`, path: part.value, unconfirmed: part.unconfirmed === true, enabled: part.enabled }] : [],
  );
}

/**
 * A request from an import (a file a colleague sent, a pasted curl command) with every local
 * file it names marked unconfirmed: nothing on this computer is read or uploaded because a file
 * said so, only once the user has picked each file again in the editor.
 */
export function withFilesUnconfirmed(request: RequestSpec): RequestSpec {
  const body = request.body;
  if (body.kind === 'file' && body.path.trim() !== '') return { ...request, body: { ...body, unconfirmed: true } };
  if (body.kind === 'multipart' && body.parts.some((p) => p.type === 'file' && p.value.trim() !== '')) {
    return { ...request, body: { ...body, parts: body.parts.map((p) => (p.type === 'file' && p.value.trim() !== '' ? { ...p, unconfirmed: true } : p)) } };
  }
  return request;
}

/** Before sending: an unconfirmed file that would be sent stops the request, naming the file. */
export function refuseUnconfirmedFiles(request: RequestSpec): void {
  const pending = localFilesOf(request).filter((f) => f.unconfirmed && f.enabled);
  const first = pending[0];
  if (!first) return;
  throw new LatchkeyError(
    'unconfirmed_file',
    `${first.part} is ${first.path}, named by an import. Latchkey sends a local file only once you have picked it yourself: choose it again in the Body tab (or use "Send this file" there)${pending.length > 1 ? `, and the ${pending.length - 1} other file${pending.length > 2 ? 's' : ''} this request names` : ''}.`,
  );
}
