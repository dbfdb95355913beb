import type { Assertion, Capture, Connection, KeptScript, KeyValue, RequestBody, RequestSpec, ScopeSettings } from '../../../preload/contract';
import type { CollectionTree, TreeItem } from '../collections/collectionsService';
import { joinBaseUrl } from '../connections/joinBaseUrl';
import { toPostmanAuth, type SecretReader } from './postmanAuth';
import { checksBlock } from './postmanChecks';

export const POSTMAN_SCHEMA = 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

type Json = Record<string, unknown>;

const RAW_LANGUAGES: Record<string, string> = { 'text/plain': 'text', 'application/xml': 'xml', 'text/xml': 'xml', 'application/soap+xml': 'xml', 'text/html': 'html', 'application/javascript': 'javascript' };
/** The Content-Type Postman sends for each raw language; any other type goes in a header of its own. */
const LANGUAGE_TYPES: Record<string, string> = { text: 'text/plain', xml: 'application/xml', html: 'text/html', javascript: 'application/javascript', json: 'application/json' };

/** The request's headers, with a raw body's Content-Type added when Postman's language would not send it (text/xml, SOAP). */
function headersOf(r: RequestSpec): Json[] {
  const rows = r.headers.map(row);
  if (r.body.kind !== 'raw' || r.headers.some((h) => h.enabled && h.name.toLowerCase() === 'content-type')) return rows;
  const type = r.body.contentType.trim();
  if (type === '' || LANGUAGE_TYPES[RAW_LANGUAGES[type] ?? 'text'] === type) return rows;
  return [...rows, { key: 'Content-Type', value: type }];
}

function row(r: KeyValue): Json {
  return { key: r.name, value: r.value, ...(r.enabled ? {} : { disabled: true }), ...(r.description ? { description: r.description } : {}) };
}

/** Kept scripts, and the assertions and captures as test-script lines after the kept test script (postmanChecks.ts). */
function events(scripts: KeptScript[] | undefined, rows: { assertions?: Assertion[] | undefined; captures?: Capture[] | undefined }): Json[] | undefined {
  const block = checksBlock({ assertions: rows.assertions ?? [], captures: rows.captures ?? [] });
  const list = (scripts ?? []).map((s) => ({ listen: s.event, lines: s.source.split('\n') }));
  if (block.length > 0) {
    const test = list.find((e) => e.listen === 'test');
    if (test) test.lines.push(...block);
    else list.push({ listen: 'test', lines: block });
  }
  return list.length > 0 ? list.map((e) => ({ listen: e.listen, script: { type: 'text/javascript', exec: e.lines } })) : undefined;
}

/** The URL as Postman's object: the raw text, with every query parameter (unticked ones too) and the path variables. */
function url(request: RequestSpec, baseUrl: string | null): Json {
  const query: Json[] = [];
  const queryStart = request.url.indexOf('?');
  if (queryStart >= 0) {
    const described = new Map(request.params.filter((p) => p.enabled).map((p) => [p.name, p]));
    for (const pair of request.url.slice(queryStart + 1).split('#')[0]!.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      const d = described.get(key)?.description;
      query.push({ key, value, ...(d ? { description: d } : {}) });
    }
  }
  for (const p of request.params) if (!p.enabled) query.push(row(p));
  return {
    raw: absolute(request.url, baseUrl),
    ...(query.length ? { query } : {}),
    ...(request.pathVariables.length ? { variable: request.pathVariables.map((v) => ({ key: v.name, value: v.value })) } : {}),
  };
}

/** A relative URL under its connection's base URL, written out whole: Postman has no base URLs. */
function absolute(requestUrl: string, baseUrl: string | null): string {
  if (!baseUrl || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(requestUrl.trim()) || requestUrl.trim().startsWith('{{') || baseUrl.includes('{{')) return requestUrl;
  try {
    return joinBaseUrl(baseUrl, requestUrl);
  } catch {
    return requestUrl;
  }
}

function body(b: RequestBody): Json | undefined {
  switch (b.kind) {
    case 'none':
      return undefined;
    case 'json':
      return { mode: 'raw', raw: b.text, options: { raw: { language: 'json' } } };
    case 'raw':
      return { mode: 'raw', raw: b.text, options: { raw: { language: RAW_LANGUAGES[b.contentType] ?? 'text' } } };
    case 'form':
      return { mode: 'urlencoded', urlencoded: b.fields.map(row) };
    case 'multipart':
      return {
        mode: 'formdata',
        formdata: b.parts.map((p) => ({
          key: p.name,
          ...(p.type === 'file' ? { type: 'file', src: p.value } : { type: 'text', value: p.value }),
          ...(p.enabled ? {} : { disabled: true }),
          ...(p.contentType ? { contentType: p.contentType } : {}),
          ...(p.description ? { description: p.description } : {}),
        })),
      };
    case 'file':
      return { mode: 'file', file: { src: b.path } };
    case 'graphql':
      return { mode: 'graphql', graphql: { query: b.query, variables: b.variables } };
  }
}

export interface ExportDeps {
  connection(id: string): Connection | undefined;
  /** Reads a secret for an export with secrets; null: secrets stay placeholders. */
  read: SecretReader | null;
}

/**
 * A collection as Postman Collection v2.1.0 JSON (validated against the official schema in
 * the tests). A connection becomes the auth block of where it is chosen; what Postman cannot
 * hold (base URLs, client certificates, types it lacks) is listed in the notes.
 */
export async function exportPostmanCollection(tree: CollectionTree, deps: ExportDeps): Promise<{ text: string; notes: string[] }> {
  const notes = new Set<string>();
  // Placeholders put in for secrets left out, declared as collection variables (empty, described).
  const placeholders = new Map<string, string>();
  const declare = (name: string, description: string) => placeholders.set(name, description);
  const authOf = async (connectionId: string | null | undefined): Promise<Json> => {
    if (connectionId === undefined) return {};
    if (connectionId === null) return { auth: { type: 'noauth' } };
    const connection = deps.connection(connectionId);
    if (!connection) return {};
    if (connection.baseUrl) notes.add(`“${connection.name}” has the base URL ${connection.baseUrl}; Postman has no base URLs, so its requests' URLs are written out in full.`);
    if (connection.clientCertificate) notes.add(`“${connection.name}” has a client certificate, which a collection file does not carry.`);
    const { auth, note } = await toPostmanAuth(connection, deps.read, declare);
    if (note) notes.add(note);
    return auth ? { auth } : {};
  };
  const scope = async (settings: ScopeSettings): Promise<Json> => ({
    ...(settings.description ? { description: settings.description } : {}),
    ...(settings.variables.length ? { variable: settings.variables.map((v) => ({ key: v.name, value: v.value, ...(v.enabled ? {} : { disabled: true }) })) } : {}),
    ...(await authOf(settings.connectionId)),
    ...(settings.scripts?.length || settings.assertions?.length ? { event: events(settings.scripts, { assertions: settings.assertions }) } : {}),
  });
  /** The connection a request uses: its own, else its folders' and collection's (null: none). */
  const baseOf = (connectionId: string | null | undefined) => (connectionId ? (deps.connection(connectionId)?.baseUrl ?? null) || null : null);
  const items = async (list: TreeItem[], inherited: string | null): Promise<Json[]> => {
    const out: Json[] = [];
    for (const item of list) {
      if (item.kind === 'folder') {
        const here = item.settings.connectionId === undefined ? inherited : item.settings.connectionId;
        out.push({ name: item.name, item: await items(item.items, here), ...(await scope(item.settings)) });
        continue;
      }
      const r = item.request;
      const b = body(r.body);
      const connectionId = r.connectionId === undefined ? inherited : r.connectionId;
      out.push({
        name: item.name,
        request: {
          method: r.method,
          header: headersOf(r),
          url: url(r, baseOf(connectionId)),
          ...(b ? { body: b } : {}),
          ...(await authOf(r.connectionId)),
          ...(item.description ? { description: item.description } : {}),
        },
        response: [],
        ...(r.variables?.length ? { variable: r.variables.map((v) => ({ key: v.name, value: v.value, ...(v.enabled ? {} : { disabled: true }) })) } : {}),
        ...(item.scripts?.length || r.assertions?.length || r.captures?.length ? { event: events(item.scripts, r) } : {}),
      });
    }
    return out;
  };
  const { description, ...rest } = await scope(tree.settings);
  const item = await items(tree.items, tree.settings.connectionId ?? null);
  const declared = new Set([...((rest.variable as Json[] | undefined) ?? []).map((v) => v.key)]);
  const extra = [...placeholders].filter(([name]) => !declared.has(name)).map(([name, d]) => ({ key: name, value: '', description: d }));
  const variable = [...((rest.variable as Json[] | undefined) ?? []), ...extra];
  const collection = {
    info: { name: tree.name, ...(description ? { description } : {}), schema: POSTMAN_SCHEMA },
    item,
    ...rest,
    ...(variable.length ? { variable } : {}),
  };
  return { text: `${JSON.stringify(collection, null, 2)}\n`, notes: [...notes] };
}

/** An environment as Postman environment JSON; the caller has put `{{name}}` placeholders in for secrets it leaves out. */
export function exportPostmanEnvironment(name: string, variables: { name: string; value: string; secret: boolean; enabled: boolean }[]): string {
  return `${JSON.stringify({ name, values: variables.map((v) => ({ key: v.name, value: v.value, type: v.secret ? 'secret' : 'default', enabled: v.enabled })), _postman_variable_scope: 'environment' }, null, 2)}\n`;
}
