import type { Capture, ConnectionAuthInput, ImportedEnvironment, KeyValue, MultipartPart, RequestBody, RequestSpec } from '../../../preload/contract';
import type { CollectionTree, TreeItem } from '../collections/collectionsService';
import { blankRequest, ConnectionPool, importError, looksLikeCredential, MAX_DEPTH, MAX_REQUESTS, secret, str, type ImportPlan, type RecognisedScript } from './importModel';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const rows = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

/** What one import's templates need: the notes, the requests a response tag can name, and the captures those tags become. */
interface Context {
  notes: Set<string>;
  /** Request ids in the file and their names. */
  requests: Map<string, string>;
  /** Captures a response tag asks of a request, by that request's id. */
  captures: Map<string, Capture[]>;
  recognised: RecognisedScript[];
  /** The imported request items, by id, to give them their captures at the end. */
  items: Map<string, Extract<TreeItem, { kind: 'request' }>>;
}

function context(requests: Map<string, string>): Context {
  return { notes: new Set(), requests, captures: new Map(), recognised: [], items: new Map() };
}

/** A tag's arguments: quoted strings or bare words, comma-separated. */
function tagArguments(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|([^,\s]+)/g)) out.push((m[1] ?? m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1'));
  return out;
}

/** Insomnia writes a tag's filter as `b64::<base64>::46b` since 2020; older files have it as it is. */
function filterOf(text: string): string {
  const encoded = /^b64::([A-Za-z0-9+/=_-]*)::46b$/.exec(text);
  return encoded ? Buffer.from(encoded[1]!, 'base64').toString('utf8') : text;
}

/** A variable name for a captured value: the path's last key or the header's name. */
function nameFor(source: Capture['source'], path: string): string {
  const last = source === 'header' ? path : (/([A-Za-z_$][\w$-]*)['"\]]*$/.exec(path)?.[1] ?? 'value');
  return last.replace(/[^A-Za-z0-9_.$-]/g, '_').slice(0, 200) || 'value';
}

/**
 * `{% response 'body', 'req_id', '$.token' %}` as a capture on the request it names (kept in
 * the collection) and `{{token}}` in its place; null when the tag is not one Latchkey can do so.
 */
function responseTag(args: string[], ctx: Context, where: string, tag: string): string | null {
  const [field, requestId, rawFilter, resend] = args;
  if (!requestId || !ctx.requests.has(requestId)) return null;
  const filter = filterOf(rawFilter ?? '').trim();
  let source: Capture['source'];
  if (field === 'header' && filter !== '') source = 'header';
  else if (field === 'body' && filter.startsWith('$')) source = 'jsonpath';
  else if (field === 'body' && filter.startsWith('/')) source = 'xpath';
  else return null;
  const list = ctx.captures.get(requestId) ?? [];
  ctx.captures.set(requestId, list);
  let capture = list.find((c) => c.source === source && c.path === filter);
  if (!capture) {
    const base = nameFor(source, filter);
    let name = base;
    for (let n = 2; list.some((c) => c.name === name); n++) name = `${base}_${n}`;
    capture = { name, source, path: filter, scope: 'collection', secret: looksLikeCredential(name), enabled: true };
    list.push(capture);
  }
  const from = ctx.requests.get(requestId)!;
  ctx.recognised.push({ where, script: tag.length > 120 ? `${tag.slice(0, 117)}…` : tag, became: `capture on “${from}”: {{${capture.name}}} from ${source === 'header' ? `header ${filter}` : filter}, used here as {{${capture.name}}}` });
  if (resend && resend !== 'never') ctx.notes.add(`${where}: Insomnia sent “${from}” by itself when its value was needed; in Latchkey, send “${from}” first and its capture sets {{${capture.name}}}.`);
  return `{{${capture.name}}}`;
}

/**
 * Insomnia templates are Nunjucks: `{{ _.name }}` (or `{{ name }}`) becomes Latchkey's
 * `{{name}}`; a response tag becomes a capture on the request it names (see responseTag); other
 * tags such as `{% uuid %}` stay as written (never run) and are noted.
 */
function template(value: unknown, ctx: Context, where: string): string {
  const text = str(value).replace(/\{%\s*response\s+([^%]*?)\s*%\}/g, (tag, args: string) => responseTag(tagArguments(args), ctx, where, tag) ?? tag);
  if (text.includes('{%')) ctx.notes.add(`${where}: Insomnia template tags ({% … %}) were kept as text; Latchkey does not run them.`);
  return text.replace(/\{\{\s*(?:_\.)?([A-Za-z0-9_.$-]+)\s*\}\}/g, '{{$1}}');
}

/** Gives each request the captures other requests' response tags asked of it. */
function attachCaptures(ctx: Context): void {
  for (const [id, captures] of ctx.captures) {
    const item = ctx.items.get(id);
    if (item) item.request.captures = [...(item.request.captures ?? []), ...captures].slice(0, 500);
  }
}

function pairs(value: unknown, ctx: Context, where: string): KeyValue[] {
  return rows(value).map((r) => ({ name: template(r.name, ctx, where), value: template(r.value, ctx, where), enabled: r.disabled !== true }));
}

function body(b: unknown, ctx: Context, where: string): RequestBody {
  if (!isObj(b)) return { kind: 'none' };
  const mime = str(b.mimeType).split(';')[0]!.trim().toLowerCase();
  if (typeof b.fileName === 'string' && b.fileName) return { kind: 'file', path: b.fileName, contentType: mime };
  if (mime === 'application/x-www-form-urlencoded') return { kind: 'form', fields: pairs(b.params, ctx, where) };
  if (mime === 'multipart/form-data') {
    return {
      kind: 'multipart',
      parts: rows(b.params).map((p): MultipartPart => (p.type === 'file' ? { name: str(p.name), value: str(p.fileName), enabled: p.disabled !== true, type: 'file' } : { name: template(p.name, ctx, where), value: template(p.value, ctx, where), enabled: p.disabled !== true, type: 'text' })),
    };
  }
  const text = template(b.text, ctx, where);
  if (mime === 'application/graphql') {
    try {
      const g = JSON.parse(text) as { query?: unknown; variables?: unknown };
      return { kind: 'graphql', query: str(g.query), variables: g.variables === undefined ? '' : JSON.stringify(g.variables, null, 2) };
    } catch {
      return { kind: 'graphql', query: text, variables: '' };
    }
  }
  if (mime === '' && text === '') return { kind: 'none' };
  if (/json/.test(mime)) return { kind: 'json', text };
  return { kind: 'raw', text, contentType: mime || 'text/plain' };
}

function auth(a: unknown, pool: ConnectionPool, ctx: Context, where: string, name: string): { connectionId?: string | null } {
  if (!isObj(a) || Object.keys(a).length === 0) return {};
  if (a.disabled === true) return { connectionId: null };
  const t = (key: string) => template(a[key], ctx, where);
  let mapped: ConnectionAuthInput | null = null;
  switch (str(a.type)) {
    case 'none':
      return { connectionId: null };
    case 'basic':
      mapped = { type: 'basic', username: t('username'), password: secret(t('password')) };
      break;
    case 'bearer':
      mapped = t('prefix') && t('prefix') !== 'Bearer' ? { type: 'header', headers: [{ name: 'Authorization', value: secret(`${t('prefix')} ${t('token')}`) }] } : { type: 'bearer', token: secret(t('token')) };
      break;
    case 'apikey': {
      const pair = [{ name: t('key'), value: secret(t('value')) }];
      mapped = str(a.addTo) === 'queryParams' ? { type: 'query', params: pair } : { type: 'header', headers: pair };
      break;
    }
    case 'iam':
      mapped = { type: 'awsAccessKey', service: t('service'), region: t('region'), accessKeyId: t('accessKeyId'), secretAccessKey: secret(t('secretAccessKey')), sessionToken: secret(t('sessionToken')) };
      break;
    case 'oauth2': {
      const grant = str(a.grantType);
      const client = { issuer: '', tokenUrl: t('accessTokenUrl'), clientId: t('clientId'), clientSecret: secret(t('clientSecret')), clientAuth: a.credentialsInBody === true ? ('post' as const) : ('basic' as const), scope: t('scope'), extraParams: [], placement: { kind: 'bearer' as const, name: '', prefix: '' } };
      if (grant === 'authorization_code') mapped = { type: 'oauth2Code', ...client, authorizationUrl: t('authorizationUrl'), revocationUrl: '', redirectPath: '/callback' };
      else if (grant === 'client_credentials') mapped = { type: 'oauth2ClientCredentials', ...client };
      break;
    }
  }
  if (!mapped) {
    ctx.notes.add(`${where}: ${str(a.type) || 'this'} auth is not supported; it was left out.`);
    return {};
  }
  const label = /“(.*)”$/.exec(where)?.[1];
  return { connectionId: pool.add(label ? `${name} · ${label}` : name, mapped) };
}

function request(r: Obj, pool: ConnectionPool, ctx: Context, collection: string): TreeItem {
  const name = str(r.name).slice(0, 256) || 'Request';
  const where = `Request “${name}”`;
  const spec: RequestSpec = {
    ...blankRequest(),
    method: (str(r.method) || 'GET').toUpperCase(),
    url: template(r.url, ctx, where),
    headers: pairs(r.headers, ctx, where),
    body: body(r.body, ctx, where),
    ...auth(r.authentication, pool, ctx, where, collection),
  };
  // Insomnia keeps query parameters apart from the URL; enabled ones go into it, as Latchkey keeps them.
  const params = pairs(r.parameters, ctx, where);
  const enabled = params.filter((p) => p.enabled);
  if (enabled.length) spec.url += (spec.url.includes('?') ? '&' : '?') + enabled.map((p) => `${encodeURIComponent(p.name)}=${p.value}`).join('&');
  spec.params = params.filter((p) => !p.enabled);
  const scripts = isObj(r.scripts) ? r.scripts : {};
  const kept = [
    ['prerequest', r.preRequestScript ?? scripts.preRequest],
    ['test', r.afterResponseScript ?? scripts.afterResponse],
  ]
    .filter(([, source]) => typeof source === 'string' && source.trim() !== '')
    .map(([event, source]) => ({ event: event as string, source: source as string }));
  if (kept.length) ctx.notes.add(`${where}: scripts were kept as text; Latchkey does not run scripts.`);
  const description = str(r.description);
  const item: Extract<TreeItem, { kind: 'request' }> = { kind: 'request', name, request: spec, ...(description ? { description } : {}), ...(kept.length ? { scripts: kept } : {}) };
  const id = requestId(r);
  if (id) ctx.items.set(id, item);
  return item;
}

/** A request's id: `_id` in an export v4, `meta.id` in v5. */
function requestId(r: Obj): string | null {
  if (typeof r._id === 'string') return r._id;
  return isObj(r.meta) && typeof r.meta.id === 'string' ? r.meta.id : null;
}

function environmentOf(name: string, data: unknown): ImportedEnvironment {
  const variables = isObj(data) ? Object.entries(data).map(([key, value]) => ({ name: key, value: str(value), secret: false, enabled: true })) : [];
  return { name: name.slice(0, 256) || 'Imported environment', variables };
}

/** Insomnia export format 4 (JSON or YAML): workspaces, folders, requests and environments as resources with parent ids. */
export function importInsomniaV4(data: Obj): ImportPlan {
  if (!Array.isArray(data.resources)) throw importError('resources', 'expected the list of exported resources');
  if (data.resources.length > MAX_REQUESTS) throw importError('resources', `more than ${MAX_REQUESTS} resources in one import`);
  // Ids are unique, so the parent links form a tree and every resource is reached at most once;
  // a file that reuses an id (two folders sharing one, thirty levels deep: 2^30 paths) is refused.
  const ids = new Set<string>();
  const resources = data.resources.map((r, i) => {
    if (!isObj(r) || typeof r._id !== 'string' || typeof r._type !== 'string') throw importError(`resources[${i}]`, 'expected an object with _id and _type');
    if (ids.has(r._id)) throw importError(`resources[${i}]`, `the id “${r._id.slice(0, 100)}” is used by an earlier resource too; each resource needs its own id`);
    ids.add(r._id);
    return r;
  });
  const ctx = context(new Map(resources.filter((r) => r._type === 'request').map((r) => [r._id as string, str(r.name) || 'Request'])));
  const notes = ctx.notes;
  const pool = new ConnectionPool();
  const children = new Map<string, Obj[]>();
  for (const r of resources) {
    const parent = str(r.parentId);
    const siblings = children.get(parent);
    if (siblings) siblings.push(r);
    else children.set(parent, [r]);
  }
  const sortKey = (r: Obj) => (typeof r.metaSortKey === 'number' ? r.metaSortKey : 0);
  const collections: CollectionTree[] = [];
  const environments: ImportedEnvironment[] = [];
  for (const workspace of resources.filter((r) => r._type === 'workspace')) {
    const name = str(workspace.name).slice(0, 256) || 'Insomnia workspace';
    const walk = (parentId: string, depth: number): TreeItem[] => {
      if (depth > MAX_DEPTH) throw importError(`resources (${parentId})`, `folders are nested more than ${MAX_DEPTH} deep`);
      return (children.get(parentId) ?? [])
        .filter((r) => r._type === 'request' || r._type === 'request_group' || r._type === 'grpc_request' || r._type === 'websocket_request')
        .sort((a, b) => sortKey(a) - sortKey(b))
        .flatMap((r): TreeItem[] => {
          if (r._type === 'request_group') {
            const folderName = str(r.name).slice(0, 256) || 'Folder';
            const env = isObj(r.environment) ? Object.entries(r.environment).map(([key, value]) => ({ name: key, value: str(value), enabled: true })) : [];
            return [{ kind: 'folder', name: folderName, settings: { description: str(r.description), variables: env, ...auth(r.authentication, pool, ctx, `Folder “${folderName}”`, name) }, items: walk(r._id as string, depth + 1) }];
          }
          if (r._type !== 'request') {
            notes.add(`“${str(r.name)}”: ${r._type === 'grpc_request' ? 'gRPC' : 'WebSocket'} requests are not supported; left out.`);
            return [];
          }
          return [request(r, pool, ctx, name)];
        });
    };
    collections.push({ name, settings: { description: str(workspace.description), variables: [] }, items: walk(workspace._id as string, 0) });
    // The base environment's values become the collection's variables; its sub-environments, environments.
    for (const base of (children.get(workspace._id as string) ?? []).filter((r) => r._type === 'environment')) {
      collections.at(-1)!.settings.variables = environmentOf('', base.data).variables.map((v) => ({ name: v.name, value: v.value, enabled: true }));
      for (const sub of (children.get(base._id as string) ?? []).filter((r) => r._type === 'environment')) environments.push(environmentOf(str(sub.name), sub.data));
    }
  }
  if (collections.length === 0) throw importError('resources', 'no workspace to import (an Insomnia export has one per collection)');
  attachCaptures(ctx);
  return { format: 'Insomnia export v4', collections, environments, connections: pool.list, notes: [...notes], recognised: ctx.recognised };
}

/** Insomnia v5 YAML: one collection with nested `children`, and environments with sub-environments. */
export function importInsomniaV5(data: Obj): ImportPlan {
  const ctx = context(requestsOfV5(data.collection));
  const notes = ctx.notes;
  const pool = new ConnectionPool();
  const name = str(data.name).slice(0, 256) || 'Insomnia collection';
  if (data.collection !== undefined && !Array.isArray(data.collection)) throw importError('collection', 'expected a list of folders and requests');
  let count = 0;
  const walk = (list: unknown, where: string, depth: number): TreeItem[] => {
    if (depth > MAX_DEPTH) throw importError(where, `folders are nested more than ${MAX_DEPTH} deep`);
    return rows(list).map((item, i): TreeItem => {
      // YAML aliases can list one folder many times: every visit counts.
      if (++count > MAX_REQUESTS) throw importError(`${where}[${i}]`, `more than ${MAX_REQUESTS} folders and requests in one import`);
      if (Array.isArray(item.children)) {
        const folderName = str(item.name).slice(0, 256) || 'Folder';
        const env = isObj(item.environment) ? Object.entries(item.environment).map(([key, value]) => ({ name: key, value: str(value), enabled: true })) : [];
        return { kind: 'folder', name: folderName, settings: { description: str(item.description), variables: env, ...auth(item.authentication, pool, ctx, `Folder “${folderName}”`, name) }, items: walk(item.children, `${where}[${i}].children`, depth + 1) };
      }
      return request(item, pool, ctx, name);
    });
  };
  const environments: ImportedEnvironment[] = [];
  let variables: KeyValue[] = [];
  if (isObj(data.environments)) {
    variables = environmentOf('', data.environments.data).variables.map((v) => ({ name: v.name, value: v.value, enabled: true }));
    for (const sub of rows(data.environments.subEnvironments)) environments.push(environmentOf(str(sub.name), sub.data));
  }
  const meta = isObj(data.meta) ? data.meta : {};
  const items = walk(data.collection, 'collection', 0);
  attachCaptures(ctx);
  return { format: 'Insomnia v5', collections: [{ name, settings: { description: str(meta.description), variables }, items }], environments, connections: pool.list, notes: [...notes], recognised: ctx.recognised };
}

/** The requests of a v5 file by id, walked before the import so a tag can name a request that comes later. */
function requestsOfV5(list: unknown): Map<string, string> {
  const found = new Map<string, string>();
  const stack: unknown[] = [list];
  let seen = 0;
  while (stack.length > 0 && seen++ < MAX_REQUESTS) {
    for (const item of rows(stack.pop())) {
      if (Array.isArray(item.children)) stack.push(item.children);
      else {
        const id = requestId(item);
        if (id) found.set(id, str(item.name) || 'Request');
      }
    }
  }
  return found;
}
