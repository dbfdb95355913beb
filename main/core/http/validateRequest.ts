import type { KeyValue } from '../../../preload/contract';
import { LatchkeyError } from '../errors';

// RFC 9110 token characters: what a method or header name may contain.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export interface ValidatedRequest {
  method: string;
  url: URL;
  headers: [string, string][];
}

/** Checks a request before anything is sent. Throws a LatchkeyError naming what is wrong. */
export function validateRequest(input: { method: string; url: string; headers: KeyValue[] }): ValidatedRequest {
  const method = input.method.trim().toUpperCase();
  if (!TOKEN.test(method)) {
    throw new LatchkeyError('invalid_method', `"${input.method}" is not a valid HTTP method: use letters, digits and - _ . only.`);
  }

  const raw = input.url.trim();
  if (raw === '') throw new LatchkeyError('invalid_url', 'Enter a URL to send the request to.');
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(raw);
  if (schemeMatch && !/^https?$/i.test(schemeMatch[1] ?? '') && !/^[^/]*:\d/.test(raw)) {
    throw new LatchkeyError('unsupported_scheme', `Latchkey sends http and https requests only; "${schemeMatch[1]}:" is not supported.`);
  }
  // A bare host ("example.com/path") is taken as http, as other API clients do.
  const withScheme = /^https?:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new LatchkeyError('invalid_url', `"${truncate(raw)}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LatchkeyError('unsupported_scheme', `Latchkey sends http and https requests only; "${url.protocol}" is not supported.`);
  }
  if (url.hostname === '') throw new LatchkeyError('invalid_url', `"${truncate(raw)}" has no host.`);

  const headers: [string, string][] = [];
  for (let index = 0; index < input.headers.length; index++) {
    const row = input.headers[index]!;
    if (!row.enabled) continue;
    const name = row.name.trim();
    if (name === '' && row.value === '') continue;
    if (/[\r\n]/.test(row.name) || /[\r\n]/.test(row.value)) {
      throw new LatchkeyError('invalid_header', `${headerLabel(name, index)} contains a line break (CR or LF); remove it before sending.`);
    }
    if (name === '') throw new LatchkeyError('invalid_header', `${headerLabel(name, index)} has a value but no name.`);
    if (!TOKEN.test(name)) {
      throw new LatchkeyError('invalid_header', `${headerLabel(name, index)} has characters a header name cannot contain (spaces, colons, quotes...).`);
    }
    if (row.value.includes('\0')) throw new LatchkeyError('invalid_header', `${headerLabel(name, index)} contains a NUL character.`);
    headers.push([name, row.value]);
  }

  return { method, url, headers };
}

/** How an error names a header row (built only when there is an error). */
function headerLabel(name: string, index: number): string {
  return name === '' ? `Header ${index + 1}` : `Header "${truncate(name)}"`;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
