import type { Assertion, Capture, ImportedEnvironment, KeptScript, KeyValue, MultipartPart, RequestBody, RequestSpec, ScopeSettings } from '../../../preload/contract';
import type { CollectionTree, TreeItem } from '../collections/collectionsService';
import { blankRequest, ConnectionPool, importError, MAX_DEPTH, MAX_REQUESTS, str, type ImportPlan, type RecognisedScript } from './importModel';
import { fromPostmanAuth } from './postmanAuth';
import { translateTestScript } from './postmanScripts';

/** What an import reports besides the tree: notes, and the script lines it recognised. */
interface Report {
  notes: string[];
  recognised: RecognisedScript[];
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function obj(value: unknown, where: string): Obj {
  if (!isObj(value)) throw importError(where, `expected an object, found ${describe(value)}`);
  return value;
}

function list(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw importError(where, `expected a list, found ${describe(value)}`);
  return value;
}

function text(value: unknown, where: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw importError(where, `expected text, found ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Postman descriptions are text or { content, type }. */
function description(value: unknown, where: string): string {
  if (isObj(value)) return text(value.content, `${where}.content`);
  return text(value, where);
}

function variables(value: unknown, where: string): KeyValue[] {
  return list(value, where).map((entry, i) => {
    const v = obj(entry, `${where}[${i}]`);
    return { name: text(v.key ?? v.id ?? v.name, `${where}[${i}].key`), value: str(v.value), enabled: v.disabled !== true };
  });
}

interface Scripts {
  kept?: KeptScript[];
  assertions?: Assertion[];
  captures?: Capture[];
}

/** An item's scripts: test-script idioms become assertions (and, on a request, captures); the rest is kept as text, never run. */
function scripts(value: unknown, where: string, report: Report, owner: string, withCaptures: boolean): Scripts {
  const events = list(value, where);
  const kept: KeptScript[] = [];
  const assertions: Assertion[] = [];
  const captures: Capture[] = [];
  const labels: string[] = [];
  events.forEach((entry, i) => {
    const event = obj(entry, `${where}[${i}]`);
    const script = isObj(event.script) ? event.script : {};
    const exec = Array.isArray(script.exec) ? script.exec.map((line) => str(line)).join('\n') : str(script.exec);
    if (exec.trim() === '') return;
    const listen = text(event.listen, `${where}[${i}].listen`).slice(0, 64);
    let source = exec;
    if (listen === 'test') {
      const translated = translateTestScript(exec, { captures: withCaptures });
      assertions.push(...translated.assertions);
      captures.push(...translated.captures);
      for (const r of translated.recognised) report.recognised.push({ where: owner, ...r });
      source = translated.leftover;
      if (source.trim() !== '') labels.push(translated.recognised.length > 0 ? 'the rest of its test script' : 'its test script');
    } else if (source.trim() !== '') labels.push(`its ${listen || 'unnamed'} script`);
    if (source.trim() !== '') kept.push({ event: listen, source });
  });
  if (kept.length > 0) report.notes.push(`${owner}: ${labels.join(' and ')} ${labels.length === 1 ? 'was' : 'were'} kept as text; Latchkey does not run scripts.`);
  return {
    ...(kept.length > 0 ? { kept: kept.slice(0, 20) } : {}),
    ...(assertions.length > 0 ? { assertions: assertions.slice(0, 500) } : {}),
    ...(captures.length > 0 ? { captures: captures.slice(0, 500) } : {}),
  };
}

function headers(value: unknown, where: string): KeyValue[] {
  if (typeof value === 'string') {
    return value
      .split(/\r?\n/)
      .filter((line) => line.includes(':'))
      .map((line) => ({ name: line.slice(0, line.indexOf(':')).trim(), value: line.slice(line.indexOf(':') + 1).trim(), enabled: true }));
  }
  return list(value, where).map((entry, i) => {
    const h = obj(entry, `${where}[${i}]`);
    const row: KeyValue = { name: text(h.key, `${where}[${i}].key`), value: text(h.value, `${where}[${i}].value`), enabled: h.disabled !== true };
    const d = h.description !== undefined ? description(h.description, `${where}[${i}].description`) : '';
    return d ? { ...row, description: d } : row;
  });
}

function url(value: unknown, where: string): Pick<RequestSpec, 'url' | 'params' | 'pathVariables'> {
  if (value === undefined || value === null) return { url: '', params: [], pathVariables: [] };
  if (typeof value === 'string') return { url: value, params: [], pathVariables: [] };
  const u = obj(value, where);
  const query = list(u.query, `${where}.query`).map((entry, i) => {
    const q = obj(entry, `${where}.query[${i}]`);
    const row: KeyValue = { name: text(q.key, `${where}.query[${i}].key`), value: text(q.value, `${where}.query[${i}].value`), enabled: q.disabled !== true };
    const d = q.description !== undefined ? description(q.description, `${where}.query[${i}].description`) : '';
    return d ? { ...row, description: d } : row;
  });
  let raw = text(u.raw, `${where}.raw`);
  if (raw === '') {
    // Only the parts: put the URL together the way Postman shows it.
    const host = Array.isArray(u.host) ? u.host.map(str).join('.') : str(u.host);
    const path = Array.isArray(u.path) ? u.path.map((p) => (isObj(p) ? str(p.value) : str(p))).join('/') : str(u.path);
    const protocol = str(u.protocol);
    const enabled = query.filter((q) => q.enabled);
    raw = `${protocol ? `${protocol}://` : ''}${host}${u.port ? `:${str(u.port)}` : ''}${path ? `/${path.replace(/^\//, '')}` : ''}${enabled.length ? `?${enabled.map((q) => `${q.name}=${q.value}`).join('&')}` : ''}${u.hash ? `#${str(u.hash)}` : ''}`;
  }
  const pathVariables = list(u.variable, `${where}.variable`).map((entry, i) => {
    const v = obj(entry, `${where}.variable[${i}]`);
    return { name: text(v.key ?? v.id, `${where}.variable[${i}].key`), value: str(v.value), enabled: true };
  });
  return { url: raw, params: query.filter((q) => !q.enabled || q.description !== undefined), pathVariables };
}

const RAW_TYPES: Record<string, string> = { text: 'text/plain', xml: 'application/xml', html: 'text/html', javascript: 'application/javascript' };

function body(value: unknown, where: string, requestHeaders: KeyValue[]): RequestBody {
  if (value === undefined || value === null) return { kind: 'none' };
  const b = obj(value, where);
  if (b.disabled === true) return { kind: 'none' };
  const mode = text(b.mode, `${where}.mode`);
  switch (mode) {
    case '':
      return { kind: 'none' };
    case 'raw': {
      const raw = text(b.raw, `${where}.raw`);
      const options = isObj(b.options) && isObj(b.options.raw) ? b.options.raw : {};
      const language = str(options.language);
      const contentType = requestHeaders.find((h) => h.enabled && h.name.toLowerCase() === 'content-type')?.value ?? '';
      if (language === 'json' || (!language && /json/i.test(contentType))) return { kind: 'json', text: raw };
      // A Content-Type header says more than the language (text/xml, SOAP): it wins.
      return { kind: 'raw', text: raw, contentType: contentType || RAW_TYPES[language] || 'text/plain' };
    }
    case 'urlencoded':
      return {
        kind: 'form',
        fields: list(b.urlencoded, `${where}.urlencoded`).map((entry, i) => {
          const f = obj(entry, `${where}.urlencoded[${i}]`);
          const row: KeyValue = { name: text(f.key, `${where}.urlencoded[${i}].key`), value: text(f.value, `${where}.urlencoded[${i}].value`), enabled: f.disabled !== true };
          const d = f.description !== undefined ? description(f.description, `${where}.urlencoded[${i}].description`) : '';
          return d ? { ...row, description: d } : row;
        }),
      };
    case 'formdata':
      return {
        kind: 'multipart',
        parts: list(b.formdata, `${where}.formdata`).map((entry, i) => {
          const f = obj(entry, `${where}.formdata[${i}]`);
          const isFile = f.type === 'file';
          const src = Array.isArray(f.src) ? str(f.src[0]) : str(f.src);
          const part: MultipartPart = { name: text(f.key, `${where}.formdata[${i}].key`), value: isFile ? src : text(f.value, `${where}.formdata[${i}].value`), enabled: f.disabled !== true, type: isFile ? 'file' : 'text' };
          if (f.contentType) part.contentType = text(f.contentType, `${where}.formdata[${i}].contentType`);
          const d = f.description !== undefined ? description(f.description, `${where}.formdata[${i}].description`) : '';
          return d ? { ...part, description: d } : part;
        }),
      };
    case 'file': {
      const file = isObj(b.file) ? b.file : {};
      return { kind: 'file', path: str(file.src), contentType: '' };
    }
    case 'graphql': {
      const g = isObj(b.graphql) ? b.graphql : {};
      return { kind: 'graphql', query: text(g.query, `${where}.graphql.query`), variables: text(g.variables, `${where}.graphql.variables`) };
    }
    default:
      throw importError(`${where}.mode`, `“${mode}” is not a Postman body mode (raw, urlencoded, formdata, file, graphql)`);
  }
}

/** Postman Collection v2.0 or v2.1 as a plan: folders, requests, auth as connections, variables, descriptions, scripts kept as text. */
export function importPostmanCollection(data: Obj): ImportPlan {
  const info = obj(data.info, 'info');
  const name = text(info.name, 'info.name') || 'Imported collection';
  const schema = str(info.schema);
  const version = /v2\.0/.test(schema) ? 'v2.0' : 'v2.1';
  const notes: string[] = [];
  const report: Report = { notes, recognised: [] };
  const pool = new ConnectionPool();
  let itemCount = 0;

  const auth = (block: unknown, where: string, owner: string): { connectionId?: string | null } => {
    if (block === undefined || block === null) return {};
    const mapped = fromPostmanAuth(obj(block, where));
    if (mapped === null) return { connectionId: null };
    if (typeof mapped === 'string') {
      notes.push(`${owner}: ${mapped} is not supported; it was left out.`);
      return {};
    }
    // Named after where it was set: the collection itself, or "Collection · Folder" / "Collection · Request".
    const label = /^(?:Folder|Request) “(.*)”$/.exec(owner)?.[1];
    return { connectionId: pool.add(label ? `${name} · ${label}` : name, mapped) };
  };

  const settings = (o: Obj, where: string, owner: string): ScopeSettings => {
    const at = (key: string) => (where ? `${where}.${key}` : key);
    const found = scripts(o.event, at('event'), report, owner, false);
    return {
      description: o === data ? description(info.description, 'info.description') : description(o.description, at('description')),
      variables: variables(o.variable, at('variable')),
      ...auth(o.auth, at('auth'), owner),
      ...(found.kept ? { scripts: found.kept } : {}),
      ...(found.assertions ? { assertions: found.assertions } : {}),
    };
  };

  const items = (value: unknown, where: string, depth: number): TreeItem[] => {
    if (depth > MAX_DEPTH) throw importError(where, `folders are nested more than ${MAX_DEPTH} deep`);
    return list(value, where).map((entry, i): TreeItem => {
      const at = `${where}[${i}]`;
      const item = obj(entry, at);
      const itemName = text(item.name, `${at}.name`).slice(0, 256) || (item.item !== undefined ? 'Folder' : 'Request');
      // Folders count too: YAML aliases can list one folder many times.
      itemCount += 1;
      if (itemCount > MAX_REQUESTS) throw importError(at, `more than ${MAX_REQUESTS} folders and requests in one import`);
      if (item.item !== undefined) return { kind: 'folder', name: itemName, settings: settings(item, at, `Folder “${itemName}”`), items: items(item.item, `${at}.item`, depth + 1) };
      const owner = `Request “${itemName}”`;
      const found = scripts(item.event, `${at}.event`, report, owner, true);
      const kept = found.kept;
      const checks = { ...(found.assertions ? { assertions: found.assertions } : {}), ...(found.captures ? { captures: found.captures } : {}) };
      const rawRequest = item.request;
      if (typeof rawRequest === 'string') return { kind: 'request', name: itemName, request: blankRequest({ url: rawRequest, ...checks }), ...(kept ? { scripts: kept } : {}) };
      const r = obj(rawRequest ?? {}, `${at}.request`);
      const requestHeaders = headers(r.header, `${at}.request.header`);
      const requestBody = body(r.body, `${at}.request.body`, requestHeaders);
      const request: RequestSpec = {
        ...blankRequest(),
        method: (text(r.method, `${at}.request.method`) || 'GET').toUpperCase(),
        ...url(r.url, `${at}.request.url`),
        // A raw body's Content-Type header is its content type, which the body keeps.
        headers: requestBody.kind === 'raw' ? requestHeaders.filter((h) => !(h.enabled && h.name.toLowerCase() === 'content-type' && h.value === requestBody.contentType)) : requestHeaders,
        body: requestBody,
        ...auth(r.auth, `${at}.request.auth`, owner),
        ...checks,
      };
      const own = variables(item.variable, `${at}.variable`);
      if (own.length > 0) request.variables = own;
      const d = r.description !== undefined ? description(r.description, `${at}.request.description`) : '';
      return { kind: 'request', name: itemName, request, ...(d ? { description: d } : {}), ...(kept ? { scripts: kept } : {}) };
    });
  };

  const tree: CollectionTree = { name: name.slice(0, 256), settings: settings(data, '', `Collection “${name}”`), items: items(data.item, 'item', 0) };
  return { format: `Postman Collection ${version}`, collections: [tree], environments: [], connections: pool.list, notes, recognised: report.recognised };
}

/** A Postman environment export: its variables; "secret" ones go to the keychain when committed. */
export function importPostmanEnvironment(data: Obj): ImportPlan {
  const name = text(data.name, 'name') || 'Imported environment';
  const environment: ImportedEnvironment = {
    name: name.slice(0, 256),
    variables: list(data.values, 'values').map((entry, i) => {
      const v = obj(entry, `values[${i}]`);
      return { name: text(v.key, `values[${i}].key`), value: str(v.value), secret: v.type === 'secret', enabled: v.enabled !== false };
    }),
  };
  return { format: 'Postman environment', collections: [], environments: [environment], connections: [], notes: [] };
}
