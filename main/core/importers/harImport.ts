import type { KeyValue, RequestBody } from '../../../preload/contract';
import type { TreeItem } from '../collections/collectionsService';
import { blankRequest, importError, MAX_REQUESTS, str, type ImportPlan } from './importModel';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Headers the browser or HTTP/2 adds, which a saved request should not carry. */
const SKIPPED = new Set(['host', 'content-length', 'connection', 'accept-encoding']);

/** A HAR capture: each entry's request, in order, as one collection. Cookies become a Cookie header as they were sent. */
export function importHar(data: Obj): ImportPlan {
  const log = isObj(data.log) ? data.log : null;
  if (!log || !Array.isArray(log.entries)) throw importError('log.entries', 'expected the list of captured entries');
  if (log.entries.length > MAX_REQUESTS) throw importError('log.entries', `more than ${MAX_REQUESTS} entries`);
  const items = log.entries.map((entry, i): TreeItem => {
    const where = `log.entries[${i}].request`;
    const r = isObj(entry) && isObj(entry.request) ? entry.request : null;
    if (!r) throw importError(where, 'expected a request object');
    if (typeof r.url !== 'string') throw importError(`${where}.url`, 'expected the URL as text');
    const headers: KeyValue[] = (Array.isArray(r.headers) ? r.headers : [])
      .filter(isObj)
      .filter((h) => !str(h.name).startsWith(':') && !SKIPPED.has(str(h.name).toLowerCase()))
      .map((h) => ({ name: str(h.name), value: str(h.value), enabled: true }));
    let body: RequestBody = { kind: 'none' };
    const post = isObj(r.postData) ? r.postData : null;
    if (post) {
      const mime = str(post.mimeType).split(';')[0]!.trim().toLowerCase();
      const params = Array.isArray(post.params) ? post.params.filter(isObj) : [];
      if (mime === 'application/x-www-form-urlencoded' && params.length) body = { kind: 'form', fields: params.map((p) => ({ name: str(p.name), value: str(p.value), enabled: true })) };
      else if (mime === 'multipart/form-data' && params.length) body = { kind: 'multipart', parts: params.map((p) => (p.fileName ? { name: str(p.name), value: str(p.fileName), enabled: true, type: 'file' as const } : { name: str(p.name), value: str(p.value), enabled: true, type: 'text' as const })) };
      else if (/json/.test(mime)) body = { kind: 'json', text: str(post.text) };
      else if (str(post.text) !== '') body = { kind: 'raw', text: str(post.text), contentType: mime || 'text/plain' };
    }
    const method = (str(r.method) || 'GET').toUpperCase();
    let path = r.url;
    try {
      path = new URL(r.url).pathname;
    } catch {
      // Not an absolute URL: shown as it is.
    }
    return { kind: 'request', name: `${method} ${path}`.slice(0, 256), request: { ...blankRequest(), method, url: r.url, headers, body } };
  });
  const creator = isObj(log.creator) ? str(log.creator.name) : '';
  return { format: 'HAR', collections: [{ name: `HAR import${creator ? ` (${creator})` : ''}`, settings: { description: '', variables: [] }, items }], environments: [], connections: [], notes: [] };
}
