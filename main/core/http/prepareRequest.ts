import type { KeyValue, RequestSettings, RequestSpec } from '../../../preload/contract';
import { DEFAULT_SETTINGS } from '../../../preload/contract';
import { pathVariableOf } from '../../../preload/contract/templates';
import { joinBaseUrl } from '../connections/joinBaseUrl';
import { LatchkeyError } from '../errors';
import { resolveTemplate, type Lookup } from '../variables/resolveTemplate';
import { parseProxyUrl } from './proxy';
import { fileBody, fileRef, multipartBody, type MultipartField, type StreamedBody } from './streamedBody';
import { validateRequest } from './validateRequest';

/** A request ready for the wire: variables resolved, body serialised, everything validated. */
export interface PreparedRequest {
  method: string;
  url: URL;
  headers: [string, string][];
  /** Bytes, or files read as they are sent. */
  body: Buffer | StreamedBody | undefined;
  settings: RequestSettings;
}

/** Resolves `{{variables}}` everywhere and collects the names that have no value. */
class Resolver {
  readonly missing = new Set<string>();
  constructor(private readonly lookup: Lookup) {}
  text(value: string): string {
    if (!value.includes('{{')) return value;
    const result = resolveTemplate(value, this.lookup);
    for (const name of result.missing) this.missing.add(name);
    return result.text;
  }
  /** The enabled rows, resolved; a row with nothing to resolve is passed on as it is, not copied. */
  rows(rows: KeyValue[]): KeyValue[] {
    const out: KeyValue[] = [];
    for (const r of rows) {
      if (!r.enabled) continue;
      const name = this.text(r.name);
      const value = this.text(r.value);
      out.push(name === r.name && value === r.value ? r : { ...r, name, value });
    }
    return out;
  }
}

function hasHeader(headers: KeyValue[], name: string): boolean {
  return headers.some((h) => h.enabled && h.name.trim().toLowerCase() === name);
}

/** Replaces `:name` path segments with the path variables' values, percent-encoded. */
export function fillPathVariables(url: string, variables: KeyValue[]): string {
  if (variables.length === 0) return url;
  const values = new Map(variables.filter((v) => v.enabled && v.name !== '').map((v) => [v.name, v.value]));
  if (values.size === 0) return url;
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*)?([^?#]*)(.*)$/s.exec(url);
  if (!match) return url;
  const [, origin = '', path = '', rest = ''] = match;
  const filled = path
    .split('/')
    .map((segment) => {
      const name = pathVariableOf(segment);
      const value = name === undefined ? undefined : values.get(name);
      return value === undefined || value === '' ? segment : encodeURIComponent(value);
    })
    .join('/');
  return origin + filled + rest;
}

/**
 * Resolves, serialises and validates a request. `defaults` are the user's request defaults
 * (the Settings screen); the request's own settings override them.
 */
export function prepareRequest(spec: RequestSpec, lookup: Lookup, defaults: RequestSettings = DEFAULT_SETTINGS, baseUrl = ''): PreparedRequest {
  const resolve = new Resolver(lookup);
  const settings: RequestSettings = { ...defaults, ...spec.settings };
  const proxyUrl = settings.proxyUrl.trim();
  settings.proxyUrl = proxyUrl === '' ? '' : resolve.text(proxyUrl);
  const pathVariables = resolve.rows(spec.pathVariables);
  let url = resolve.text(fillPathVariables(spec.url, pathVariables));
  const base = baseUrl === '' ? '' : resolve.text(baseUrl);
  const headers = resolve.rows(spec.headers);
  let body: Buffer | StreamedBody | undefined;
  let contentType: string | null = null;
  let files: (() => { body: StreamedBody; contentType: string }) | null = null;

  switch (spec.body.kind) {
    case 'none':
      break;
    case 'json':
      body = Buffer.from(resolve.text(spec.body.text), 'utf8');
      contentType = 'application/json';
      break;
    case 'raw':
      body = Buffer.from(resolve.text(spec.body.text), 'utf8');
      contentType = spec.body.contentType || 'text/plain';
      break;
    case 'form': {
      const form = new URLSearchParams();
      for (const field of resolve.rows(spec.body.fields)) if (field.name !== '') form.append(field.name, field.value);
      body = Buffer.from(form.toString(), 'utf8');
      contentType = 'application/x-www-form-urlencoded';
      break;
    }
    case 'graphql': {
      const variablesText = resolve.text(spec.body.variables).trim();
      let variables: unknown;
      if (variablesText !== '') {
        try {
          variables = JSON.parse(variablesText);
        } catch (error) {
          throw new LatchkeyError('invalid_body', `The GraphQL variables are not valid JSON: ${(error as Error).message}`);
        }
      }
      body = Buffer.from(JSON.stringify(variables === undefined ? { query: resolve.text(spec.body.query) } : { query: resolve.text(spec.body.query), variables }), 'utf8');
      contentType = 'application/json';
      break;
    }
    case 'multipart': {
      const parts = spec.body.parts
        .map((part, index) => ({ part, index }))
        .filter(({ part }) => part.enabled && (part.name !== '' || part.value !== ''))
        .map(({ part, index }) => ({ index, type: part.type, name: resolve.text(part.name), value: resolve.text(part.value), contentType: resolve.text(part.contentType ?? '') }));
      // Files are checked once every variable is known to have a value.
      files = () => {
        const fields: MultipartField[] = parts.map((p) =>
          p.type === 'text' ? { name: p.name, value: p.value } : { name: p.name, file: fileRef(p.value, p.contentType, `Multipart field ${p.index + 1}${p.name ? ` ("${p.name}")` : ''}`) },
        );
        const multipart = multipartBody(fields);
        return { body: multipart.body, contentType: multipart.contentType };
      };
      break;
    }
    case 'file': {
      const path = resolve.text(spec.body.path);
      const type = resolve.text(spec.body.contentType);
      files = () => {
        const file = fileRef(path, type, 'The body file');
        return { body: fileBody(file), contentType: file.contentType };
      };
      break;
    }
  }

  if (resolve.missing.size > 0) {
    const names = [...resolve.missing].map((n) => `{{${n}}}`).join(', ');
    throw new LatchkeyError(
      'unresolved_variable',
      `${resolve.missing.size === 1 ? 'This variable has' : 'These variables have'} no value: ${names}. Define ${resolve.missing.size === 1 ? 'it' : 'them'} in Variables, or remove ${resolve.missing.size === 1 ? 'it' : 'them'} from the request.`,
    );
  }

  if (files) ({ body, contentType } = files());
  // Under a connection, the URL is joined to its base URL and may not leave it.
  if (base !== '') url = joinBaseUrl(base, url);

  const upper = spec.method.trim().toUpperCase();
  const bodyless = upper === 'GET' || upper === 'HEAD';
  if (contentType && !bodyless && !hasHeader(headers, 'content-type')) headers.push({ name: 'Content-Type', value: contentType, enabled: true });
  const validated = validateRequest({ method: spec.method, url, headers });
  if (settings.proxyUrl !== '') parseProxyUrl(settings.proxyUrl);
  return { method: validated.method, url: validated.url, headers: validated.headers, body: bodyless ? undefined : body, settings };
}
