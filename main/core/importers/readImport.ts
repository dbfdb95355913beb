import { parseDocument } from 'yaml';
import { EnvironmentInput, RequestSpec, ScopeSettings } from '../../../preload/contract';
import type { TreeItem } from '../collections/collectionsService';
import { LatchkeyError } from '../errors';
import { importCurl } from './curlImport';
import { importHar } from './harImport';
import { importInsomniaV4, importInsomniaV5 } from './insomniaImport';
import { environmentInput, importError, type ImportPlan } from './importModel';
import { importOpenApi } from './openApiImport';
import { importPostmanCollection, importPostmanEnvironment } from './postmanImport';

/** Most text one import may be. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Line and column of a character offset, 1-based, for error messages. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let last = -1;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    if (text.charCodeAt(i) === 10) {
      line += 1;
      last = i;
    }
  }
  return `line ${line}, column ${offset - last}`;
}

/** JSON, or YAML when it is not JSON; a syntax error names its line and column. */
function parseStructured(text: string, fileName: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const position = /position (\d+)/.exec(message);
      const at = position ? Number(position[1]) : text.length;
      if (at >= text.trimEnd().length - 1 || /end of JSON/i.test(message)) throw importError(`${fileName}, ${lineColumn(text, at)}`, 'the JSON ends early (the file looks cut off)');
      throw importError(`${fileName}, ${lineColumn(text, at)}`, `not valid JSON (${message.replace(/ in JSON at position \d+.*$/, '')})`);
    }
  }
  const doc = parseDocument(text, { prettyErrors: false });
  const error = doc.errors[0];
  if (error) throw importError(`${fileName}, ${error.linePos ? `line ${error.linePos[0].line}, column ${error.linePos[0].col}` : 'YAML'}`, `not valid YAML (${error.message.split('\n')[0]})`);
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    throw importError(fileName, `not valid YAML (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

/** Several curl commands, each starting on its own line (continuation backslashes joined). */
function splitCurl(text: string): string[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  const commands: string[] = [];
  for (const line of joined.split(/\r?\n/)) {
    if (/^\s*curl\s/.test(line)) commands.push(line.trim());
    else if (line.trim() !== '' && commands.length > 0) commands[commands.length - 1] += ` ${line.trim()}`;
  }
  return commands;
}

async function curlPlan(text: string): Promise<ImportPlan> {
  const commands = splitCurl(text);
  const items: TreeItem[] = [];
  const notes: string[] = [];
  for (const [i, command] of commands.entries()) {
    let result;
    try {
      result = await importCurl(command);
    } catch (error) {
      throw importError(`command ${i + 1}`, error instanceof Error ? error.message : String(error));
    }
    for (const warning of result.warnings) notes.push(`Command ${i + 1}: ${warning}`);
    let path = result.request.url;
    try {
      path = new URL(path).pathname;
    } catch {
      // A URL with variables: shown as it is.
    }
    items.push({ kind: 'request', name: `${result.request.method} ${path}`.slice(0, 256), request: result.request });
  }
  return { format: commands.length === 1 ? 'cURL command' : 'cURL commands', collections: [{ name: 'cURL import', settings: { description: '', variables: [] }, items }], environments: [], connections: [], notes };
}

/** Which format a file is, by its content (names only help the messages). */
export async function readImport(text: string, fileName = 'the file'): Promise<ImportPlan> {
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES) throw new LatchkeyError('invalid_import', `${fileName} is over ${MAX_IMPORT_BYTES / 1024 / 1024} MB, more than Latchkey imports at once.`);
  if (text.trim() === '') throw importError(fileName, 'the file is empty');
  if (/^\s*curl\s/.test(text)) return check(await curlPlan(text));
  const data = parseStructured(text, fileName);
  if (!isObj(data)) throw importError(fileName, 'expected an object at the top (a collection, environment, API description or HAR capture)');
  const info = isObj(data.info) ? data.info : null;
  let plan: ImportPlan;
  // A Postman collection: `info` with Postman's schema URL, or with the `item` list every collection has.
  if (info && ('item' in data || /postman/i.test(String(info.schema ?? '')))) plan = importPostmanCollection(data);
  else if ('_postman_variable_scope' in data || (Array.isArray(data.values) && typeof data.name === 'string' && !('requests' in data))) plan = importPostmanEnvironment(data);
  else if (Array.isArray(data.requests) && Array.isArray(data.order)) throw importError(fileName, 'this is a Postman Collection v1, which Latchkey does not read; in Postman, export it as Collection v2.1');
  else if (data.__export_format === 4 || data._type === 'export') plan = importInsomniaV4(data);
  else if (typeof data.type === 'string' && data.type.startsWith('collection.insomnia.rest/5')) plan = importInsomniaV5(data);
  else if (typeof data.openapi === 'string' && data.openapi.startsWith('3')) plan = importOpenApi(data);
  else if (data.swagger === '2.0') plan = importOpenApi(data);
  else if (isObj(data.log) && Array.isArray(data.log.entries)) plan = importHar(data);
  else throw importError(fileName, 'not a format Latchkey imports (Postman v2.0/v2.1 collection or environment, Insomnia v4/v5, OpenAPI 3, Swagger 2, HAR, or curl commands)');
  return check(plan);
}

/**
 * Everything the plan would save, checked against the schemas the store uses, so a 10 MB URL
 * or a name that is too long is refused now, naming where it is, rather than half-way through saving.
 */
function check(plan: ImportPlan): ImportPlan {
  // An environment may name a variable twice (Postman allows it); the last value is the one kept.
  for (const environment of plan.environments) {
    const last = new Map(environment.variables.map((v, i) => [v.name, i]));
    if (last.size === environment.variables.length) continue;
    const twice = [...new Set(environment.variables.filter((v, i) => last.get(v.name) !== i).map((v) => v.name))];
    environment.variables = environment.variables.filter((v, i) => last.get(v.name) === i);
    plan.notes.push(`Environment “${environment.name.slice(0, 100)}”: ${twice.slice(0, 5).map((n) => `“${n.slice(0, 100)}”`).join(', ')}${twice.length > 5 ? ` and ${twice.length - 5} more` : ''} ${twice.length === 1 ? 'is' : 'are'} defined more than once; the last value was kept.`);
  }
  for (const tree of plan.collections) {
    const scope = (settings: ScopeSettings, where: string) => {
      const parsed = ScopeSettings.safeParse(settings);
      if (!parsed.success) throw importError(where, issue(parsed.error.issues));
    };
    scope(tree.settings, `Collection “${tree.name}”`);
    const walk = (items: TreeItem[], where: string) => {
      for (const item of items) {
        const at = `${where} / ${item.name}`;
        if (item.kind === 'folder') {
          scope(item.settings, at);
          walk(item.items, at);
        } else {
          const parsed = RequestSpec.safeParse(item.request);
          if (!parsed.success) throw importError(at, issue(parsed.error.issues));
          if ((item.description?.length ?? 0) > 256 * 1024) throw importError(at, 'the description is over 256 KB');
          if (item.scripts?.some((s) => s.source.length > 1024 * 1024)) throw importError(at, 'a script is over 1 MB');
        }
      }
    };
    walk(tree.items, tree.name);
  }
  for (const environment of plan.environments) {
    const parsed = EnvironmentInput.safeParse(environmentInput(environment));
    if (!parsed.success) throw importError(`Environment “${environment.name.slice(0, 100)}”`, issue(parsed.error.issues, environment));
  }
  return plan;
}

function issue(issues: { path: PropertyKey[]; message: string }[], environment?: { variables: { name: string }[] }): string {
  const first = issues[0];
  if (!first) return 'not in the expected shape';
  // A variable is named rather than numbered: "variable “a b”: use letters, …".
  const [head, index, field] = first.path;
  if (environment && head === 'variables' && typeof index === 'number' && field === 'name') return `variable “${(environment.variables[index]?.name ?? '').slice(0, 100)}”: ${first.message}`;
  return `${first.path.map(String).join('.') || 'value'}: ${first.message}`;
}
