import { LatchkeyError } from '../errors';
import type { StreamedBody } from './streamedBody';

/** Headers that carry credentials whatever the auth type; the auth layer can add more. */
export const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'api-token', 'x-api-key'] as const;

export interface Hop {
  method: string;
  url: URL;
  headers: [string, string][];
  body: Buffer | StreamedBody | undefined;
}

export interface Credentials {
  /** Lower-case header names to drop when leaving the origin. */
  headers: ReadonlySet<string>;
  /** Query parameter names to drop when leaving the origin. */
  query: ReadonlySet<string>;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/** What a cross-origin hop did not forward, named for the response's redirect details. */
export interface Dropped {
  part: 'header' | 'query';
  name: string;
}

/** Body framing: never a credential, and dropping it would corrupt a 307's body. */
const FRAMING = new Set(['content-length', 'content-type', 'content-encoding', 'transfer-encoding']);

/**
 * Whether a value holds any secret's value (secret variables, a connection's secrets). Values
 * under four characters are skipped, as the redactor skips them: they would match everywhere.
 */
function holdsSecret(value: string, secretValues: readonly string[]): boolean {
  for (const secret of secretValues) if (secret.length >= 4 && value.includes(secret)) return true;
  return false;
}

/**
 * The next hop of a redirect, as browsers and curl do it: 303 (and 301/302 after a POST)
 * become GET without a body; 307/308 keep method and body. Leaving the origin drops every
 * credential header and credential query parameter, and every header or query parameter whose
 * value holds a secret's value (a `{{secret}}` typed into a custom header, say), so no secret
 * follows a redirect to another host, port or scheme. What was dropped is named in `dropped`.
 */
export function planRedirect(current: Hop, status: number, location: string, credentials: Credentials, secretValues: readonly string[] = []): Hop & { crossOrigin: boolean; dropped: Dropped[] } {
  let next: URL;
  try {
    next = new URL(location, current.url);
  } catch {
    throw new LatchkeyError('redirect_blocked', `The server redirected to "${location.slice(0, 200)}", which is not a valid URL.`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new LatchkeyError('redirect_blocked', `The server redirected to a ${next.protocol} address; Latchkey follows only http and https redirects.`);
  }
  next.hash = '';
  const toGet = status === 303 ? current.method !== 'HEAD' : (status === 301 || status === 302) && current.method === 'POST';
  const crossOrigin = next.origin !== current.url.origin;
  const dropped: Dropped[] = [];
  const credential = new Set<string>(crossOrigin ? [...CREDENTIAL_HEADERS, ...credentials.headers] : []);
  const framing = new Set<string>(['host', ...(toGet ? ['content-type', 'content-length', 'content-encoding', 'transfer-encoding'] : [])]);
  const headers = current.headers.filter(([name, value]) => {
    const lower = name.toLowerCase();
    if (framing.has(lower)) return false;
    if (credential.has(lower) || (crossOrigin && !FRAMING.has(lower) && holdsSecret(value, secretValues))) {
      if (!dropped.some((d) => d.part === 'header' && d.name.toLowerCase() === lower)) dropped.push({ part: 'header', name });
      return false;
    }
    return true;
  });
  if (crossOrigin) {
    // Only touch the query when needed: URLSearchParams re-encodes whatever it rewrites.
    const names = new Set<string>();
    for (const [name, value] of next.searchParams) if (credentials.query.has(name) || holdsSecret(value, secretValues) || holdsSecret(name, secretValues)) names.add(name);
    for (const name of names) {
      next.searchParams.delete(name);
      dropped.push({ part: 'query', name: holdsSecret(name, secretValues) ? '(a parameter named by a secret)' : name });
    }
  }
  return {
    method: toGet ? 'GET' : current.method,
    url: next,
    headers,
    body: toGet ? undefined : current.body,
    crossOrigin,
    dropped,
  };
}
