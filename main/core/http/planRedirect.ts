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

/**
 * The next hop of a redirect, as browsers and curl do it: 303 (and 301/302 after a POST)
 * become GET without a body; 307/308 keep method and body. Leaving the origin drops every
 * credential header and credential query parameter, so a token never follows a redirect to
 * another host, port or scheme.
 */
export function planRedirect(current: Hop, status: number, location: string, credentials: Credentials): Hop & { crossOrigin: boolean } {
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
  const drop = new Set<string>(crossOrigin ? [...CREDENTIAL_HEADERS, ...credentials.headers] : []);
  if (toGet) ['content-type', 'content-length', 'content-encoding', 'transfer-encoding'].forEach((h) => drop.add(h));
  drop.add('host');
  // Only touch the query when needed: URLSearchParams re-encodes whatever it rewrites.
  if (crossOrigin) for (const name of credentials.query) if (next.searchParams.has(name)) next.searchParams.delete(name);
  return {
    method: toGet ? 'GET' : current.method,
    url: next,
    headers: current.headers.filter(([name]) => !drop.has(name.toLowerCase())),
    body: toGet ? undefined : current.body,
    crossOrigin,
  };
}
