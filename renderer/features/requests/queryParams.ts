import type { KeyValue } from '../../../preload/contract';

/**
 * The URL's query as table rows, kept exactly as typed (no decoding), so `{{variables}}` and
 * odd encodings survive a round trip between the URL bar and the Params table.
 */
export function parseQuery(url: string): KeyValue[] {
  const start = url.indexOf('?');
  if (start < 0) return [];
  const end = url.indexOf('#', start);
  const query = url.slice(start + 1, end < 0 ? undefined : end);
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq < 0 ? { name: pair, value: '', enabled: true } : { name: pair.slice(0, eq), value: pair.slice(eq + 1), enabled: true };
  });
}

/** The URL with its query rebuilt from the enabled rows, in order. */
export function withQuery(url: string, rows: KeyValue[]): string {
  const hashAt = url.indexOf('#');
  const hash = hashAt < 0 ? '' : url.slice(hashAt);
  const noHash = hashAt < 0 ? url : url.slice(0, hashAt);
  const queryAt = noHash.indexOf('?');
  const base = queryAt < 0 ? noHash : noHash.slice(0, queryAt);
  const pairs = rows.filter((r) => r.enabled && (r.name !== '' || r.value !== '')).map((r) => (r.value === '' && r.name !== '' ? r.name : `${r.name}=${r.value}`));
  return pairs.length === 0 ? base + hash : `${base}?${pairs.join('&')}${hash}`;
}

/**
 * The Params table: the URL's query rows (enabled) merged with the rows the user unticked,
 * which live only in the draft. Descriptions are kept by position of the matching name.
 */
export function paramsTable(url: string, stored: KeyValue[]): KeyValue[] {
  const fromUrl = parseQuery(url);
  const descriptions = new Map(stored.filter((r) => r.description).map((r) => [r.name, r.description]));
  return [...fromUrl.map((r) => ({ ...r, description: descriptions.get(r.name) })), ...stored.filter((r) => !r.enabled)];
}
