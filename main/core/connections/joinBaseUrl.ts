import { LatchkeyError } from '../errors';

/**
 * A request's URL under a connection's base URL. A relative URL is appended to the base path
 * (`/users` under `https://api.example.com/v1` is `https://api.example.com/v1/users`, as API
 * clients do, not URL resolution, which would drop `/v1`); an absolute URL is kept when it is
 * under the base. Either way the result must stay under the base: `../`, its percent-encoded
 * forms and absolute URLs elsewhere are refused, so a request cannot carry the connection's
 * credentials outside it.
 */
export function joinBaseUrl(baseUrl: string, requestUrl: string): string {
  const base = parseBase(baseUrl);
  const raw = requestUrl.trim();
  const absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(raw) || raw.startsWith('//');
  let joined: URL;
  if (absolute) {
    try {
      joined = new URL(raw.startsWith('//') ? `${base.protocol}${raw}` : raw);
    } catch {
      throw new LatchkeyError('invalid_url', `"${truncate(raw)}" is not a valid URL.`);
    }
  } else {
    const basePath = base.pathname.replace(/\/+$/, '');
    const rest = raw === '' ? '' : raw.startsWith('/') || raw.startsWith('?') || raw.startsWith('#') ? raw : `/${raw}`;
    joined = new URL(`${base.origin}${basePath}${rest}`);
  }
  if (joined.origin !== base.origin) {
    throw new LatchkeyError('outside_base_url', `This request goes to ${joined.origin}, outside its connection's base URL ${base.href}. Use a path relative to the base URL, or choose another connection.`);
  }
  // The base path itself (with or without its trailing slash) or anything below it.
  const prefix = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  if (joined.pathname !== prefix.slice(0, -1) && !joined.pathname.startsWith(prefix)) {
    throw new LatchkeyError('outside_base_url', `The path ${joined.pathname} is outside the connection's base URL ${base.href} (a "../" leaves it). Use a path under the base URL.`);
  }
  return joined.href;
}

function parseBase(baseUrl: string): URL {
  let base: URL;
  try {
    base = new URL(baseUrl.trim());
  } catch {
    throw new LatchkeyError('invalid_url', `The connection's base URL "${truncate(baseUrl)}" is not a valid URL.`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new LatchkeyError('unsupported_scheme', `A connection's base URL must be http or https; "${base.protocol}" is not supported.`);
  }
  if (base.search !== '' || base.hash !== '') {
    throw new LatchkeyError('invalid_url', `The connection's base URL should not carry a query or fragment ("${truncate(baseUrl)}"); put query parameters in the request or in a "Query parameters" auth.`);
  }
  return base;
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
