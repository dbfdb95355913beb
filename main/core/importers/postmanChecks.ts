import { z } from 'zod';
import { Assertion, Capture } from '../../../preload/contract';
import { simplePath } from '../checks/largeBody';

/**
 * Assertions and captures as Postman script lines, for an export. The lines sit between two
 * marker comments; the first carries the rows as JSON, so importing the file back into Latchkey
 * gives the rows exactly (postmanScripts.ts), as long as nobody edited the lines in between.
 */
export const BLOCK_BEGIN = '// latchkey:begin ';
export const BLOCK_END = '// latchkey:end';

export const BlockRows = z.object({ assertions: z.array(Assertion).max(500).default([]), captures: z.array(Capture).max(500).default([]) });
export type BlockRows = z.infer<typeof BlockRows>;

const js = (text: string) => JSON.stringify(text);
/** Text for a `//` comment: it must not end the comment, so every line break (U+2028 and U+2029 too) becomes a space. */
const commentText = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, ' ');
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A simple JSONPath as a JavaScript property chain on `pm.response.json()`; null for filters and wildcards. */
function jsonAccess(path: string): string | null {
  const segments = simplePath(path);
  if (!segments) return null;
  return 'pm.response.json()' + segments.map((s) => (typeof s === 'number' ? `[${s}]` : IDENTIFIER.test(s) ? `.${s}` : `[${js(s)}]`)).join('');
}

/** What an assertion looks at, as a Postman expression; null when Postman has no equivalent. */
function subject(a: Pick<Assertion, 'target' | 'path'>): string | null {
  switch (a.target) {
    case 'status':
      return 'pm.response.code';
    case 'time':
      return 'pm.response.responseTime';
    case 'size':
      return 'pm.response.size().body';
    case 'header':
      return `pm.response.headers.get(${js(a.path)})`;
    case 'body':
      return 'pm.response.text()';
    case 'jsonpath':
      return jsonAccess(a.path);
    case 'xpath':
      return null;
  }
}

/** An expected value as a literal: numbers, booleans, null and JSON as themselves, `{{variables}}` through replaceIn, anything else as a string. */
function literal(expected: string, target: Assertion['target']): string {
  if (/\{\{[^{}]+\}\}/.test(expected)) return `pm.variables.replaceIn(${js(expected)})`;
  const trimmed = expected.trim();
  if ((target === 'status' || target === 'time' || target === 'size') && trimmed !== '' && Number.isFinite(Number(trimmed))) return String(Number(trimmed));
  if (target === 'jsonpath' && trimmed !== '') {
    try {
      return JSON.stringify(JSON.parse(trimmed));
    } catch {
      // Text, compared as text.
    }
  }
  return js(expected);
}

/** A number to compare with, as a literal; through replaceIn when it is a `{{variable}}`; null when it is neither. */
function numeric(expected: string): string | null {
  if (/\{\{[^{}]+\}\}/.test(expected)) return `Number(pm.variables.replaceIn(${js(expected)}))`;
  return expected.trim() !== '' && Number.isFinite(Number(expected)) ? String(Number(expected)) : null;
}

function regexLiteral(pattern: string): string {
  const slashed = /^\/([\s\S]*)\/([a-z]*)$/.exec(pattern);
  const source = slashed ? slashed[1]! : pattern;
  return `new RegExp(${js(source)}${slashed?.[2] ? `, ${js(slashed[2].replace(/[gy]/g, ''))}` : ''})`;
}

function choices(expected: string): string {
  const trimmed = expected.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return JSON.stringify(parsed);
    } catch {
      // A comma-separated list after all.
    }
  }
  return JSON.stringify(trimmed.split(',').map((c) => c.trim()).map((c) => (c !== '' && Number.isFinite(Number(c)) ? Number(c) : c)));
}

/** The chai tail for an operator: `.to.eql(200)`; null when it has none. */
function tail(a: Assertion): string | null {
  const value = () => literal(a.expected, a.target);
  switch (a.operator) {
    case 'equals':
      return `.to.eql(${value()})`;
    case 'notEquals':
      return `.to.not.eql(${value()})`;
    case 'contains':
      return `.to.include(${js(a.expected)})`;
    case 'notContains':
      return `.to.not.include(${js(a.expected)})`;
    case 'matches':
      return `.to.match(${regexLiteral(a.expected)})`;
    case 'lessThan':
    case 'greaterThan': {
      const n = numeric(a.expected);
      return n === null ? null : `.to.be.${a.operator === 'lessThan' ? 'below' : 'above'}(${n})`;
    }
    case 'exists':
      return '.to.exist';
    case 'notExists':
      return '.to.not.exist';
    case 'isType':
      return `.to.be.a(${js(a.expected.trim().toLowerCase())})`;
    case 'isOneOf':
      return `.to.be.oneOf(${choices(a.expected)})`;
    case 'matchesSchema':
      return null;
  }
}

/** JSON text as a literal JSON.stringify wrote (safe to put in a script), or null when it is not JSON. */
function jsonText(text: string): string | null {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return null;
  }
}

/** A short name for a row that has none: "Status code equals 200". */
export function assertionTitle(a: Assertion): string {
  if (a.name) return a.name;
  const what: Record<Assertion['target'], string> = { status: 'Status code', header: `Header ${a.path}`, jsonpath: a.path, xpath: a.path, body: 'Body', time: 'Response time', size: 'Body size' };
  const op: Record<Assertion['operator'], string> = { equals: 'equals', notEquals: 'does not equal', contains: 'contains', notContains: 'does not contain', matches: 'matches', lessThan: 'is less than', greaterThan: 'is greater than', exists: 'exists', notExists: 'does not exist', isType: 'is a', isOneOf: 'is one of', matchesSchema: 'matches the schema' };
  const unary = a.operator === 'exists' || a.operator === 'notExists' || a.operator === 'matchesSchema';
  return `${what[a.target]} ${op[a.operator]}${unary ? '' : ` ${a.expected}`}`.slice(0, 512);
}

/** One assertion as a Postman line; a comment when Postman cannot check it. */
export function assertionLine(a: Assertion): string {
  const name = js(assertionTitle(a));
  if (a.operator === 'matchesSchema' && a.target === 'body') {
    // The schema goes into the script as JSON re-written by JSON.stringify, never as the text typed: a script is code Postman runs.
    const schema = jsonText(a.expected);
    if (schema !== null) return `pm.test(${name}, function () { pm.response.to.have.jsonSchema(${schema}); });`;
  }
  if (a.target === 'status' && a.operator === 'equals' && /^\d{3}$/.test(a.expected.trim())) return `pm.test(${name}, function () { pm.response.to.have.status(${a.expected.trim()}); });`;
  if (a.target === 'header' && a.operator === 'exists') return `pm.test(${name}, function () { pm.response.to.have.header(${js(a.path)}); });`;
  const s = subject(a);
  const t = tail(a);
  if (s === null || t === null) return `// ${commentText(assertionTitle(a))}: checked by Latchkey; Postman has no equivalent for this check.`;
  return `pm.test(${name}, function () { pm.expect(${s})${t}; });`;
}

const SETTERS: Record<Capture['scope'], string> = { session: 'pm.variables.set', environment: 'pm.environment.set', collection: 'pm.collectionVariables.set', global: 'pm.globals.set' };

/** One capture as a Postman line; a comment when Postman cannot take the value the same way. */
export function captureLine(c: Capture): string {
  let value: string | null;
  if (c.source === 'status') value = 'pm.response.code';
  else if (c.source === 'header') value = `pm.response.headers.get(${js(c.path)})`;
  else if (c.source === 'jsonpath') value = jsonAccess(c.path);
  else if (c.source === 'regex') {
    let groups = 0;
    try {
      groups = (new RegExp(`${/^\/([\s\S]*)\/[a-z]*$/.exec(c.path)?.[1] ?? c.path}|`).exec('')?.length ?? 1) - 1;
    } catch {
      // A bad pattern: the row says so in Latchkey; the line takes the whole match.
    }
    value = `(pm.response.text().match(${regexLiteral(c.path)}) || [])[${groups > 0 ? 1 : 0}]`;
  } else value = null;
  if (value === null) return `// ${commentText(`Sets {{${c.name}}} from ${c.source} ${c.path}`)}: done by Latchkey; Postman has no equivalent.`;
  return `${SETTERS[c.scope]}(${js(c.name)}, ${value});`;
}

/** The export's script lines for a set of rows, between the markers; none when there are no rows. */
export function checksBlock(rows: BlockRows): string[] {
  if (rows.assertions.length === 0 && rows.captures.length === 0) return [];
  // JSON leaves U+2028 and U+2029 as they are, and either would end the comment: escaped, they read back the same.
  return [`${BLOCK_BEGIN}${JSON.stringify(rows).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}`, ...rows.assertions.filter((a) => a.enabled).map(assertionLine), ...rows.captures.filter((c) => c.enabled).map(captureLine), BLOCK_END];
}
