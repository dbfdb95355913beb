import type { ConnectionAuthInput, KeyValue, RequestBody, RequestSpec } from '../../../preload/contract';
import type { CollectionTree, TreeItem } from '../collections/collectionsService';
import { blankRequest, ConnectionPool, importError, MAX_REQUESTS, secret, str, type ImportPlan } from './importModel';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Follows a local `$ref` ("#/components/schemas/User"); anything else is left as it is. */
function deref(doc: Obj, value: unknown, seen = new Set<string>()): unknown {
  if (!isObj(value) || typeof value.$ref !== 'string') return value;
  const ref = value.$ref;
  if (!ref.startsWith('#/') || seen.has(ref)) return {};
  let at: unknown = doc;
  for (const part of ref.slice(2).split('/')) at = isObj(at) ? at[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return deref(doc, at, new Set([...seen, ref]));
}

/** Most values one example body may hold; a schema that would build more is cut there, with a note. */
export const EXAMPLE_VALUES = 10_000;
/** Most values all of one import's examples may hold together; more is refused, naming the limit. */
export const IMPORT_EXAMPLE_VALUES = 1_000_000;
/** Deepest nesting an example is built to. */
const EXAMPLE_DEPTH = 8;
/** Most properties, and most allOf / oneOf / anyOf parts, looked at in one schema. */
const SCHEMA_FAN_OUT = 50;

interface Budget {
  left: number;
  cut: boolean;
}

/**
 * Example values built from JSON schemas: an example, default or first enum value, else one
 * built from the type. Each `$ref` is built once per depth and reused (a hostile file whose
 * schemas each refer ten times to the next level would otherwise take 10^depth calls), and every
 * value counts against the example's budget, reused ones with their whole size, so what is built
 * and what JSON.stringify later writes out stay bounded.
 */
class ExampleBuilder {
  private readonly memo = new Map<string, { value: unknown; size: number }>();
  private total = 0;

  constructor(private readonly doc: Obj) {}

  /** The example for one schema, and whether it was cut short at EXAMPLE_VALUES. */
  of(schema: unknown): { value: unknown; cut: boolean } {
    const budget: Budget = { left: EXAMPLE_VALUES, cut: false };
    const value = this.build(schema, 0, new Set(), budget);
    this.total += EXAMPLE_VALUES - budget.left;
    if (this.total > IMPORT_EXAMPLE_VALUES) {
      throw importError('components', `the example bodies and parameters would hold more than ${IMPORT_EXAMPLE_VALUES.toLocaleString('en-US')} values together, more than Latchkey builds for one import`);
    }
    return { value, cut: budget.cut };
  }

  private build(schemaIn: unknown, depth: number, seen: ReadonlySet<string>, budget: Budget): unknown {
    if (budget.left <= 0) {
      budget.cut = true;
      return null;
    }
    budget.left -= 1;
    const ref = isObj(schemaIn) && typeof schemaIn.$ref === 'string' ? schemaIn.$ref : null;
    if (!ref) return this.resolved(schemaIn, depth, seen, budget);
    if (seen.has(ref)) return {};
    const key = `${depth} ${ref}`;
    const known = this.memo.get(key);
    if (known) {
      if (known.size > budget.left) {
        budget.cut = true;
        return null;
      }
      budget.left -= known.size;
      return known.value;
    }
    const before = budget.left;
    const value = this.resolved(deref(this.doc, schemaIn), depth, new Set([...seen, ref]), budget);
    if (!budget.cut) this.memo.set(key, { value, size: before - budget.left });
    return value;
  }

  private resolved(schema: unknown, depth: number, seen: ReadonlySet<string>, budget: Budget): unknown {
    if (!isObj(schema) || depth > EXAMPLE_DEPTH) return null;
    if (schema.example !== undefined) return schema.example;
    if (schema.default !== undefined) return schema.default;
    if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
    for (const key of ['allOf', 'oneOf', 'anyOf']) {
      const parts = schema[key];
      if (Array.isArray(parts) && parts.length) {
        if (key !== 'allOf') return this.build(parts[0], depth + 1, seen, budget);
        return Object.assign({}, ...parts.slice(0, SCHEMA_FAN_OUT).map((p) => this.build(p, depth + 1, seen, budget)).filter(isObj));
      }
    }
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    if (type === 'object' || isObj(schema.properties)) {
      const out: Obj = {};
      for (const [name, prop] of Object.entries(isObj(schema.properties) ? schema.properties : {}).slice(0, SCHEMA_FAN_OUT)) out[name] = this.build(prop, depth + 1, seen, budget);
      return out;
    }
    if (type === 'array') return [this.build(schema.items, depth + 1, seen, budget)];
    if (type === 'integer' || type === 'number') return 0;
    if (type === 'boolean') return false;
    if (type === 'string') return schema.format === 'date-time' ? '2026-01-01T00:00:00Z' : schema.format === 'uuid' ? '00000000-0000-0000-0000-000000000000' : 'string';
    return null;
  }
}

function securityAuth(scheme: Obj, swagger: boolean): ConnectionAuthInput | null {
  const type = str(scheme.type);
  if ((type === 'http' && str(scheme.scheme).toLowerCase() === 'basic') || type === 'basic') return { type: 'basic', username: '', password: secret('') };
  if (type === 'http' && str(scheme.scheme).toLowerCase() === 'bearer') return { type: 'bearer', token: secret('') };
  if (type === 'apiKey') {
    const pair = [{ name: str(scheme.name) || 'api-key', value: secret('') }];
    if (scheme.in === 'query') return { type: 'query', params: pair };
    if (scheme.in === 'header') return { type: 'header', headers: pair };
    return null;
  }
  const client = (tokenUrl: string, scopes: unknown) => ({ issuer: '', tokenUrl, clientId: '', clientSecret: secret(''), clientAuth: 'basic' as const, scope: isObj(scopes) ? Object.keys(scopes).join(' ') : '', extraParams: [], placement: { kind: 'bearer' as const, name: '', prefix: '' } });
  if (type === 'oauth2' && swagger) {
    if (scheme.flow === 'accessCode') return { type: 'oauth2Code', ...client(str(scheme.tokenUrl), scheme.scopes), authorizationUrl: str(scheme.authorizationUrl), revocationUrl: '', redirectPath: '/callback' };
    if (scheme.flow === 'application') return { type: 'oauth2ClientCredentials', ...client(str(scheme.tokenUrl), scheme.scopes) };
    return null;
  }
  if (type === 'oauth2' && isObj(scheme.flows)) {
    const { authorizationCode, clientCredentials } = scheme.flows as Obj;
    if (isObj(authorizationCode)) return { type: 'oauth2Code', ...client(str(authorizationCode.tokenUrl), authorizationCode.scopes), authorizationUrl: str(authorizationCode.authorizationUrl), revocationUrl: '', redirectPath: '/callback' };
    if (isObj(clientCredentials)) return { type: 'oauth2ClientCredentials', ...client(str(clientCredentials.tokenUrl), clientCredentials.scopes) };
    return null;
  }
  if (type === 'openIdConnect') return { type: 'oauth2Code', ...client('', {}), issuer: str(scheme.openIdConnectUrl), authorizationUrl: '', revocationUrl: '', redirectPath: '/callback', scope: 'openid' };
  return null;
}

/** OpenAPI 3.x or Swagger 2.0: one request per operation, folders by first tag, example bodies, security schemes as connections. */
export function importOpenApi(doc: Obj): ImportPlan {
  const swagger = doc.swagger === '2.0';
  const info = isObj(doc.info) ? doc.info : {};
  const name = str(info.title).slice(0, 256) || 'Imported API';
  const notes = new Set<string>();
  const pool = new ConnectionPool();
  if (!isObj(doc.paths)) throw importError('paths', 'expected an object of paths');

  let baseUrl = '';
  if (swagger) {
    const scheme = Array.isArray(doc.schemes) && doc.schemes.length ? str(doc.schemes[0]) : 'https';
    baseUrl = doc.host ? `${scheme}://${str(doc.host)}${str(doc.basePath).replace(/\/$/, '')}` : str(doc.basePath).replace(/\/$/, '');
  } else if (Array.isArray(doc.servers) && isObj(doc.servers[0])) {
    const server = doc.servers[0];
    baseUrl = str(server.url).replace(/\/$/, '');
    // Server variables such as {region} take their defaults.
    if (isObj(server.variables)) for (const [key, v] of Object.entries(server.variables)) baseUrl = baseUrl.replaceAll(`{${key}}`, isObj(v) ? str(v.default) : '');
  }

  const schemes = swagger ? (isObj(doc.securityDefinitions) ? doc.securityDefinitions : {}) : isObj(doc.components) && isObj(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  const connectionFor = (requirement: unknown): string | null | undefined => {
    if (!Array.isArray(requirement)) return undefined;
    if (requirement.length === 0) return null;
    const first = requirement.find(isObj);
    const schemeName = first ? Object.keys(first)[0] : undefined;
    if (!schemeName) return null;
    const scheme = deref(doc, schemes[schemeName]);
    const auth = isObj(scheme) ? securityAuth(scheme, swagger) : null;
    if (!auth) {
      notes.add(`Security scheme “${schemeName}” (${isObj(scheme) ? str(scheme.type) : 'missing'}) is not supported; requests needing it have no connection.`);
      return undefined;
    }
    return pool.add(`${name} · ${schemeName}`, auth);
  };
  const collectionConnection = connectionFor(doc.security);

  const examples = new ExampleBuilder(doc);
  const folders = new Map<string, TreeItem[]>();
  const loose: TreeItem[] = [];
  let count = 0;
  for (const [path, itemIn] of Object.entries(doc.paths)) {
    const item = deref(doc, itemIn);
    if (!isObj(item)) throw importError(`paths.${path}`, 'expected an object of operations');
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (op === undefined) continue;
      const where = `paths.${path}.${method}`;
      if (!isObj(op)) throw importError(where, 'expected an operation object');
      if (++count > MAX_REQUESTS) throw importError(where, `more than ${MAX_REQUESTS} operations`);
      const params = [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])].map((p) => deref(doc, p)).filter(isObj);
      const query: KeyValue[] = [];
      const headers: KeyValue[] = [];
      const pathVariables: KeyValue[] = [];
      let body: RequestBody = { kind: 'none' };
      const exampleOf = (schema: unknown) => {
        const built = examples.of(schema);
        if (built.cut) notes.add(`${where}: an example was cut at ${EXAMPLE_VALUES.toLocaleString('en-US')} values; its schema builds more than that.`);
        return built.value;
      };
      for (const p of params) {
        const example = p.example ?? (isObj(p.schema) ? exampleOf(p.schema) : p.default);
        const value = example === null || example === undefined ? '' : typeof example === 'object' ? JSON.stringify(example) : str(example);
        const row: KeyValue = { name: str(p.name), value, enabled: p.required === true, ...(p.description ? { description: str(p.description).slice(0, 4096) } : {}) };
        if (p.in === 'query') query.push(row);
        else if (p.in === 'header') headers.push({ ...row, enabled: true });
        else if (p.in === 'path') pathVariables.push({ name: row.name, value, enabled: true });
        else if (p.in === 'body' && swagger) body = { kind: 'json', text: JSON.stringify(exampleOf(p.schema), null, 2) };
        else if (p.in === 'formData' && swagger) body = body.kind === 'form' ? { kind: 'form', fields: [...body.fields, { name: row.name, value, enabled: true }] } : { kind: 'form', fields: [{ name: row.name, value, enabled: true }] };
      }
      const requestBody = deref(doc, op.requestBody);
      if (!swagger && isObj(requestBody) && isObj(requestBody.content)) {
        const types = Object.keys(requestBody.content);
        const chosen = types.find((t) => /json/.test(t)) ?? types[0];
        const media = chosen ? requestBody.content[chosen] : undefined;
        if (chosen && isObj(media)) {
          const firstExample = isObj(media.examples) ? Object.values(media.examples).map((e) => deref(doc, e)).find(isObj)?.value : undefined;
          const example = media.example ?? firstExample ?? exampleOf(media.schema);
          if (/json/.test(chosen)) body = { kind: 'json', text: JSON.stringify(example ?? {}, null, 2) };
          else if (chosen === 'application/x-www-form-urlencoded') body = { kind: 'form', fields: isObj(example) ? Object.entries(example).map(([k, v]) => ({ name: k, value: str(v), enabled: true })) : [] };
          else if (chosen === 'multipart/form-data') body = { kind: 'multipart', parts: isObj(example) ? Object.entries(example).map(([k, v]) => ({ name: k, value: str(v), enabled: true, type: 'text' as const })) : [] };
          else body = { kind: 'raw', text: typeof example === 'string' ? example : example === undefined || example === null ? '' : JSON.stringify(example), contentType: chosen };
        }
      }
      if (body.kind === 'json' || body.kind === 'form') {
        const contentType = body.kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
        if (!headers.some((h) => h.name.toLowerCase() === 'content-type')) headers.unshift({ name: 'Content-Type', value: contentType, enabled: true });
      }
      const urlPath = path.replace(/\{([^}]+)\}/g, ':$1');
      const enabledQuery = query.filter((q) => q.enabled);
      const request: RequestSpec = {
        ...blankRequest(),
        method: method.toUpperCase(),
        url: `{{baseUrl}}${urlPath}${enabledQuery.length ? `?${enabledQuery.map((q) => `${q.name}=${q.value}`).join('&')}` : ''}`,
        params: query.filter((q) => !q.enabled || q.description !== undefined),
        pathVariables,
        headers,
        body,
      };
      const own = connectionFor(op.security);
      if (own !== undefined && own !== collectionConnection) request.connectionId = own;
      const title = (str(op.summary) || str(op.operationId) || `${method.toUpperCase()} ${path}`).slice(0, 256);
      const description = str(op.description);
      const entry: TreeItem = { kind: 'request', name: title, request, ...(description ? { description } : {}) };
      const tag = Array.isArray(op.tags) && op.tags.length ? str(op.tags[0]).slice(0, 256) : null;
      const folder = tag ? folders.get(tag) : undefined;
      if (folder) folder.push(entry);
      else if (tag) folders.set(tag, [entry]);
      else loose.push(entry);
    }
  }
  const tagDescriptions = new Map(Array.isArray(doc.tags) ? doc.tags.filter(isObj).map((t) => [str(t.name), str(t.description)]) : []);
  const tree: CollectionTree = {
    name,
    settings: {
      description: str(info.description),
      variables: [{ name: 'baseUrl', value: baseUrl, enabled: true }],
      ...(collectionConnection !== undefined ? { connectionId: collectionConnection } : {}),
    },
    items: [...[...folders].map(([tag, items]): TreeItem => ({ kind: 'folder', name: tag, settings: { description: tagDescriptions.get(tag) ?? '', variables: [] }, items })), ...loose],
  };
  return { format: swagger ? 'Swagger 2.0' : `OpenAPI ${str(doc.openapi)}`, collections: [tree], environments: [], connections: pool.list, notes: [...notes] };
}
