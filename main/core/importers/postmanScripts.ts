import { parse, type Expression, type Node, type Program, type Statement, type SpreadElement } from 'acorn';
import { VALUE_TYPES, type Assertion, type AssertionOperator, type Capture } from '../../../preload/contract';
import { looksLikeCredential } from './importModel';
import { assertionTitle, BLOCK_BEGIN, BLOCK_END, BlockRows, checksBlock } from './postmanChecks';

/**
 * Postman test scripts read as data: the common idioms become assertions and captures, the
 * rest stays as text. The script is parsed (acorn), never run; a statement is taken only when
 * every part of it is understood, so nothing is half-translated.
 */
export interface Recognised {
  /** The statement as written (its first line, cut). */
  script: string;
  /** What it became: "assertion: Status code equals 200". */
  became: string;
}

export interface Translated {
  assertions: Assertion[];
  captures: Capture[];
  recognised: Recognised[];
  /** What was not recognised, as text; '' when nothing is left. */
  leftover: string;
}

type Subject = { target: Assertion['target']; path: string };
type Step = { name: string } | { call: (Expression | SpreadElement)[] } | { index: string | number };

const CHAI_WORDS = new Set(['to', 'be', 'been', 'is', 'that', 'which', 'and', 'has', 'have', 'with', 'at', 'of', 'same', 'but', 'does', 'still', 'deep']);
const SETTERS: Record<string, Capture['scope']> = {
  'pm.environment.set': 'environment',
  'pm.collectionVariables.set': 'collection',
  'pm.globals.set': 'global',
  'pm.variables.set': 'session',
  'postman.setEnvironmentVariable': 'environment',
  'postman.setGlobalVariable': 'global',
};

/** Skips chai's language words (to, be, have…) and counts the nots: where the verb is, and whether it is negated. */
function chaiWords(rest: Step[]): { negated: boolean; i: number } {
  let negated = false;
  let i = 0;
  for (; i < rest.length; i++) {
    const step = rest[i]!;
    if (isName(step, 'not')) negated = !negated;
    else if (!('name' in step) || !CHAI_WORDS.has(step.name)) break;
  }
  return { negated, i };
}

/** A member/call chain as steps from its root: `pm.response.json().a[0]` → pm, response, json, (), a, [0]. */
function steps(node: Node): Step[] | null {
  const out: Step[] = [];
  let current: Node = node;
  for (;;) {
    if (current.type === 'Identifier') {
      out.push({ name: (current as unknown as { name: string }).name });
      return out.reverse();
    }
    if (current.type === 'ChainExpression') {
      current = (current as unknown as { expression: Node }).expression;
      continue;
    }
    if (current.type === 'CallExpression') {
      const call = current as unknown as { callee: Node; arguments: (Expression | SpreadElement)[] };
      out.push({ call: call.arguments });
      current = call.callee;
      continue;
    }
    if (current.type === 'MemberExpression') {
      const member = current as unknown as { object: Node; property: Node; computed: boolean };
      if (!member.computed && member.property.type === 'Identifier') out.push({ name: (member.property as unknown as { name: string }).name });
      else if (member.computed && member.property.type === 'Literal') {
        const value = (member.property as unknown as { value: unknown }).value;
        if (typeof value !== 'string' && typeof value !== 'number') return null;
        out.push({ index: value });
      } else return null;
      current = member.object;
      continue;
    }
    return null;
  }
}

const isName = (step: Step | undefined, name: string) => step !== undefined && 'name' in step && step.name === name;
const isCall = (step: Step | undefined, count?: number): step is { call: (Expression | SpreadElement)[] } => step !== undefined && 'call' in step && (count === undefined || step.call.length === count);
const names = (list: Step[], ...expected: string[]) => expected.every((name, i) => isName(list[i], name));

/** A literal argument's value; undefined when it is not a literal (or an array of them). */
function literalOf(node: Node | undefined): unknown {
  if (!node) return undefined;
  if (node.type === 'Literal') {
    const literal = node as unknown as { value: unknown; regex?: { pattern: string; flags: string } };
    return literal.regex ? { regex: literal.regex } : literal.value;
  }
  if (node.type === 'UnaryExpression') {
    const unary = node as unknown as { operator: string; argument: Node };
    const value = literalOf(unary.argument);
    return unary.operator === '-' && typeof value === 'number' ? -value : undefined;
  }
  if (node.type === 'ArrayExpression') {
    const items = (node as unknown as { elements: (Node | null)[] }).elements.map((e) => literalOf(e ?? undefined));
    return items.every((i) => i !== undefined && (typeof i !== 'object' || i === null)) ? items : undefined;
  }
  if (node.type === 'TemplateLiteral') {
    const template = node as unknown as { expressions: unknown[]; quasis: { value: { cooked: string } }[] };
    return template.expressions.length === 0 ? template.quasis[0]!.value.cooked : undefined;
  }
  return undefined;
}

/** An expected value as a row's text: strings as they are, anything else as JSON. */
function expectedText(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'regex' in value) return null;
  return JSON.stringify(value);
}

class ScriptReader {
  /** Identifiers bound to the parsed body: `var jsonData = pm.response.json()`. */
  readonly aliases = new Set<string>();

  /** Is the node the response body parsed as JSON? */
  private jsonRoot(list: Step[]): number {
    if (names(list, 'pm', 'response', 'json') && isCall(list[3], 0)) return 4;
    if (names(list, 'JSON', 'parse') && isCall(list[2], 1)) {
      const argument = steps(list[2].call[0] as Node);
      if (argument && (names(argument, 'responseBody') && argument.length === 1)) return 3;
      if (argument && names(argument, 'pm', 'response', 'text') && isCall(argument[3], 0) && argument.length === 4) return 3;
    }
    if (list.length > 0 && 'name' in list[0]! && this.aliases.has(list[0].name)) return 1;
    return -1;
  }

  isJsonBody(node: Node | null | undefined): boolean {
    if (!node) return false;
    const list = steps(node);
    return list !== null && this.jsonRoot(list) === list.length;
  }

  /** What a value in the script reads from the response, if it is one Latchkey can read too. */
  subject(node: Node): Subject | null {
    const list = steps(node);
    if (!list) return null;
    const exact = (...path: string[]) => list.length === path.length && names(list, ...path);
    if (exact('pm', 'response', 'code') || exact('responseCode', 'code')) return { target: 'status', path: '' };
    if (exact('pm', 'response', 'responseTime') || exact('responseTime')) return { target: 'time', path: '' };
    if (exact('responseBody') || (list.length === 4 && names(list, 'pm', 'response', 'text') && isCall(list[3], 0))) return { target: 'body', path: '' };
    const header = (from: number) => {
      const args = (list[from] as { call: Node[] }).call;
      const name = literalOf(args[0]);
      return typeof name === 'string' ? { target: 'header' as const, path: name } : null;
    };
    if (list.length === 5 && names(list, 'pm', 'response', 'headers', 'get') && isCall(list[4], 1)) return header(4);
    if (list.length === 3 && names(list, 'postman', 'getResponseHeader') && isCall(list[2], 1)) return header(2);
    const root = this.jsonRoot(list);
    if (root < 0) return null;
    let path = '$';
    for (const step of list.slice(root)) {
      if ('call' in step) return null;
      const key = 'name' in step ? step.name : step.index;
      path += typeof key === 'number' ? `[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `['${key.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
    }
    return { target: 'jsonpath', path };
  }

  /** `pm.expect(x).to.…`, `pm.response.to.have.status(n)` and the like, as an assertion. */
  expectation(node: Node): Assertion | null {
    const list = steps(node);
    if (!list) return null;
    if (names(list, 'pm', 'response')) return this.responseExpectation(list.slice(2));
    if (!names(list, 'pm', 'expect') || !isCall(list[2]) || list[2].call.length < 1 || list[2].call.length > 2) return null;
    const subject = this.subject(list[2].call[0] as Node);
    if (!subject) return null;
    return chaiTail(subject, list.slice(3));
  }

  private responseExpectation(rest: Step[]): Assertion | null {
    const { negated, i } = chaiWords(rest);
    const verb = rest[i];
    const call = rest[i + 1];
    if (!verb || !('name' in verb) || !isCall(call) || rest.length !== i + 2) return null;
    const args = call.call.map((a) => literalOf(a as Node));
    const row = (target: Assertion['target'], path: string, operator: AssertionOperator, expected: string): Assertion => ({ target, path, operator, expected, enabled: true });
    if (verb.name === 'status' && args.length === 1 && typeof args[0] === 'number') return row('status', '', negated ? 'notEquals' : 'equals', String(args[0]));
    if (verb.name === 'header' && typeof args[0] === 'string') {
      if (args.length === 1) return row('header', args[0], negated ? 'notExists' : 'exists', '');
      const expected = expectedText(args[1]);
      if (args.length === 2 && expected !== null) return row('header', args[0], negated ? 'notEquals' : 'equals', expected);
    }
    if (verb.name === 'body' && args.length === 1 && typeof args[0] === 'string') return row('body', '', negated ? 'notEquals' : 'equals', args[0]);
    if (verb.name === 'jsonSchema' && !negated && call.call.length === 1 && call.call[0]!.type === 'ObjectExpression') {
      const schema = schemaLiteral(call.call[0] as Node);
      if (schema !== null) return row('body', '', 'matchesSchema', JSON.stringify(schema));
    }
    return null;
  }

  /** `pm.environment.set('x', <response value>)` and its relatives, as a capture. */
  capture(node: Node): Capture | null {
    const list = steps(node);
    if (!list || list.length < 2 || !isCall(list.at(-1), 2)) return null;
    const callee = list.slice(0, -1).map((s) => ('name' in s ? s.name : '?')).join('.');
    const scope = SETTERS[callee];
    if (!scope) return null;
    const [nameNode, valueNode] = (list.at(-1) as { call: Node[] }).call;
    const name = literalOf(nameNode);
    if (typeof name !== 'string' || !/^[A-Za-z0-9_.$-]+$/.test(name)) return null;
    const subject = this.subject(valueNode!);
    if (!subject || subject.target === 'time' || subject.target === 'body') return null;
    const source: Capture['source'] = subject.target === 'status' ? 'status' : subject.target === 'header' ? 'header' : 'jsonpath';
    return { name, source, path: subject.path, scope, secret: looksLikeCredential(name), enabled: true };
  }

  /** The legacy `tests["name"] = <condition>` forms. */
  legacy(node: Node, name: string): Assertion | null {
    if (node.type === 'BinaryExpression') {
      const binary = node as unknown as { operator: string; left: Node; right: Node };
      const subject = this.subject(binary.left);
      const expected = expectedText(literalOf(binary.right));
      if (!subject || expected === null) return null;
      const operator: AssertionOperator | undefined = { '===': 'equals', '==': 'equals', '!==': 'notEquals', '!=': 'notEquals', '<': 'lessThan', '>': 'greaterThan' }[binary.operator] as AssertionOperator | undefined;
      return operator ? { ...subject, operator, expected, enabled: true, name } : null;
    }
    const list = steps(node);
    // responseBody.has("x"), postman.getResponseHeader("X").has("y"): contains.
    if (list && list.length >= 2 && isName(list.at(-2), 'has') && isCall(list.at(-1), 1)) {
      const expected = literalOf((list.at(-1) as { call: Node[] }).call[0]);
      const inner = (node as unknown as { callee: { object: Node } }).callee.object;
      const subject = this.subject(inner);
      if (subject && typeof expected === 'string' && subject.target !== 'status' && subject.target !== 'time') return { ...subject, operator: 'contains', expected, enabled: true, name };
    }
    // A header on its own: present (a header's value is never empty text in practice). A JSON value's truthiness is not "exists", so it stays as text.
    const subject = this.subject(node);
    if (subject?.target === 'header') return { ...subject, operator: 'exists', expected: '', enabled: true, name };
    return null;
  }
}

/** An object literal made only of literals, as JSON: a schema written inline. */
function schemaLiteral(node: Node): unknown {
  if (node.type === 'ObjectExpression') {
    const out: Record<string, unknown> = {};
    for (const property of (node as unknown as { properties: Node[] }).properties) {
      const p = property as unknown as { type: string; key: Node; value: Node; computed: boolean };
      if (p.type !== 'Property' || p.computed) return null;
      const key = p.key.type === 'Identifier' ? (p.key as unknown as { name: string }).name : literalOf(p.key);
      if (typeof key !== 'string') return null;
      const value = schemaLiteral(p.value);
      if (value === null && !(p.value.type === 'Literal' && literalOf(p.value) === null)) return null;
      out[key] = value;
    }
    return out;
  }
  if (node.type === 'ArrayExpression') {
    const items = (node as unknown as { elements: (Node | null)[] }).elements.map((e) => (e ? schemaLiteral(e) : null));
    return items.some((i) => i === null) ? null : items;
  }
  const value = literalOf(node);
  return value === undefined || (typeof value === 'object' && value !== null && !Array.isArray(value)) ? null : value;
}

/** The chai chain after `pm.expect(subject)`: `.to.eql(v)`, `.to.not.include(v)`, `.to.be.a('string')`, `.to.exist`… */
function chaiTail(subject: Subject, rest: Step[]): Assertion | null {
  const { negated, i } = chaiWords(rest);
  const verb = rest[i];
  if (!verb || !('name' in verb)) return null;
  const row = (operator: AssertionOperator, expected: string): Assertion => ({ ...subject, operator, expected, enabled: true });
  // Properties: .to.exist, .to.be.true…
  if (i === rest.length - 1) {
    switch (verb.name) {
      case 'exist':
        return row(negated ? 'notExists' : 'exists', '');
      case 'undefined':
        return row(negated ? 'exists' : 'notExists', '');
      case 'true':
      case 'false':
      case 'null':
        return row(negated ? 'notEquals' : 'equals', verb.name);
      default:
        return null;
    }
  }
  const call = rest[i + 1];
  if (!isCall(call, 1) || rest.length !== i + 2) return null;
  const value = literalOf(call.call[0] as Node);
  const text = expectedText(value);
  switch (verb.name) {
    case 'eql':
    case 'equal':
    case 'equals':
    case 'eq':
      return text === null ? null : row(negated ? 'notEquals' : 'equals', text);
    case 'include':
    case 'includes':
    case 'contain':
    case 'contains':
      return text === null ? null : row(negated ? 'notContains' : 'contains', text);
    case 'a':
    case 'an': {
      const type = typeof value === 'string' ? value.toLowerCase() : '';
      return !negated && (VALUE_TYPES as readonly string[]).includes(type) ? row('isType', type) : null;
    }
    case 'above':
    case 'gt':
    case 'greaterThan':
      return !negated && typeof value === 'number' ? row('greaterThan', String(value)) : null;
    case 'below':
    case 'lt':
    case 'lessThan':
      return !negated && typeof value === 'number' ? row('lessThan', String(value)) : null;
    case 'oneOf':
      return !negated && Array.isArray(value) ? row('isOneOf', JSON.stringify(value)) : null;
    case 'match': {
      const regex = typeof value === 'object' && value !== null && 'regex' in value ? (value as { regex: { pattern: string; flags: string } }).regex : null;
      return !negated && regex ? row('matches', `/${regex.pattern}/${regex.flags.replace(/[gy]/g, '')}`) : null;
    }
    default:
      return null;
  }
}

function firstLine(text: string): string {
  const line = text.split('\n')[0]!.trim();
  const cut = line.length > 120 ? `${line.slice(0, 117)}…` : line;
  return text.includes('\n') ? `${cut} …` : cut;
}

/** What a row checks, in words, whatever its name: "assertion: Status code equals 200". */
function describeAssertion(a: Assertion): string {
  const { name: _name, ...row } = a;
  return `assertion: ${assertionTitle(row)}`;
}

function describeCapture(c: Capture): string {
  return `capture: {{${c.name}}} from ${c.source === 'status' ? 'the status' : c.source === 'header' ? `header ${c.path}` : c.path} into the ${c.scope === 'session' ? 'session' : c.scope === 'global' ? 'global variables' : c.scope}${c.secret ? ' (secret)' : ''}`;
}

/** A Latchkey export's own block: its rows exactly, when the lines between the markers are as written. */
function takeBlock(source: string): { rows: BlockRows; rest: string } | null {
  const begin = source.indexOf(BLOCK_BEGIN);
  const end = source.indexOf(BLOCK_END, begin);
  if (begin < 0 || end < 0) return null;
  const lineEnd = source.indexOf('\n', begin);
  if (lineEnd < 0 || lineEnd > end) return null;
  let rows: BlockRows;
  try {
    const parsed = BlockRows.safeParse(JSON.parse(source.slice(begin + BLOCK_BEGIN.length, lineEnd)));
    if (!parsed.success) return null;
    rows = parsed.data;
  } catch {
    return null;
  }
  const written = source.slice(begin, end + BLOCK_END.length).split('\n').map((l) => l.trim());
  if (written.join('\n') !== checksBlock(rows).join('\n')) return null;
  const before = source.slice(0, begin).replace(/\r?\n$/, '');
  const after = source.slice(end + BLOCK_END.length).replace(/^\r?\n/, '');
  return { rows, rest: before !== '' && after !== '' ? `${before}\n${after}` : before + after };
}

/** Reads one test script. `captures` false: a folder's or collection's script, whose captures stay as text. */
export function translateTestScript(source: string, options: { captures: boolean }): Translated {
  try {
    return translate(source, options);
  } catch {
    // A script too deep for the reader (a hostile file): all of it stays as text.
    return { assertions: [], captures: [], recognised: [], leftover: source };
  }
}

function translate(source: string, options: { captures: boolean }): Translated {
  const out: Translated = { assertions: [], captures: [], recognised: [], leftover: source };
  const block = takeBlock(source);
  let text = source;
  if (block) {
    out.assertions.push(...block.rows.assertions);
    if (options.captures) out.captures.push(...block.rows.captures);
    for (const a of block.rows.assertions) out.recognised.push({ script: 'Latchkey export', became: describeAssertion(a) });
    for (const c of options.captures ? block.rows.captures : []) out.recognised.push({ script: 'Latchkey export', became: describeCapture(c) });
    text = block.rest;
  }
  let program: Program;
  try {
    program = parse(text, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true, allowHashBang: true });
  } catch {
    out.leftover = text.trim() === '' ? '' : text;
    return out;
  }
  const reader = new ScriptReader();
  const taken: { start: number; end: number }[] = [];
  const aliasStatements: { start: number; end: number; name: string }[] = [];

  const aliasOf = (statement: Statement): string | null => {
    if (statement.type !== 'VariableDeclaration' || statement.declarations.length !== 1) return null;
    const d = statement.declarations[0]!;
    return d.id.type === 'Identifier' && reader.isJsonBody(d.init) ? d.id.name : null;
  };
  const oneStatement = (statement: Statement, name: string | undefined): { assertions: Assertion[]; captures: Capture[] } | null => {
    const alias = aliasOf(statement);
    if (alias) {
      reader.aliases.add(alias);
      return { assertions: [], captures: [] };
    }
    if (statement.type !== 'ExpressionStatement') return null;
    const expression = statement.expression;
    const capture = options.captures ? reader.capture(expression) : null;
    if (capture) return { assertions: [], captures: [capture] };
    const assertion = reader.expectation(expression);
    return assertion ? { assertions: [name ? { ...assertion, name } : assertion], captures: [] } : null;
  };

  for (const statement of program.body as Statement[]) {
    const alias = aliasOf(statement);
    if (alias) {
      reader.aliases.add(alias);
      aliasStatements.push({ start: statement.start, end: statement.end, name: alias });
      continue;
    }
    let found: { assertions: Assertion[]; captures: Capture[] } | null = null;
    if (statement.type === 'ExpressionStatement') {
      const e = statement.expression;
      const list = steps(e);
      // pm.test("name", function () { … }): taken when every statement inside is.
      if (list && list.length === 3 && names(list, 'pm', 'test') && isCall(list[2], 2)) {
        const [nameNode, fn] = list[2].call as Node[];
        const testName = literalOf(nameNode);
        const body = fn && (fn.type === 'FunctionExpression' || fn.type === 'ArrowFunctionExpression') ? (fn as unknown as { body: Node }).body : null;
        if (typeof testName === 'string' && body) {
          const inner = body.type === 'BlockStatement' ? (body as unknown as { body: Statement[] }).body : [{ type: 'ExpressionStatement', expression: body } as unknown as Statement];
          const parts = inner.map((s) => oneStatement(s, testName.slice(0, 512)));
          if (parts.every((p) => p !== null) && parts.some((p) => p.assertions.length + p.captures.length > 0)) {
            found = { assertions: parts.flatMap((p) => p.assertions), captures: parts.flatMap((p) => p.captures) };
          }
        }
      } else if (e.type === 'AssignmentExpression' && e.operator === '=' && e.left.type === 'MemberExpression' && e.left.object.type === 'Identifier' && e.left.object.name === 'tests') {
        const testName = e.left.computed ? literalOf(e.left.property) : e.left.property.type === 'Identifier' ? e.left.property.name : undefined;
        const assertion = typeof testName === 'string' ? reader.legacy(e.right, testName.slice(0, 512)) : null;
        if (assertion) found = { assertions: [assertion], captures: [] };
      } else found = oneStatement(statement, undefined);
    }
    if (!found || found.assertions.length + found.captures.length === 0) continue;
    taken.push({ start: statement.start, end: statement.end });
    const script = firstLine(text.slice(statement.start, statement.end));
    out.assertions.push(...found.assertions);
    out.captures.push(...found.captures);
    for (const a of found.assertions) out.recognised.push({ script, became: describeAssertion(a) });
    for (const c of found.captures) out.recognised.push({ script, became: describeCapture(c) });
  }

  // What is left: the script without the statements taken, and without an alias nothing left uses.
  const cut = (ranges: { start: number; end: number }[], from: string) => {
    let result = '';
    let at = 0;
    for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
      result += from.slice(at, r.start);
      at = r.end;
      // The rest of the line, when only a semicolon or spaces are on it.
      const after = /^[ \t;]*\r?\n?/.exec(from.slice(at));
      at += after?.[0].length ?? 0;
    }
    return result + from.slice(at);
  };
  const withoutTaken = cut(taken, text);
  const stillUsed = (name: string) => new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}([^\\w$]|$)`).test(cut([...taken, ...aliasStatements], text));
  const unused = aliasStatements.filter((a) => taken.length > 0 && !stillUsed(a.name));
  const leftover = unused.length > 0 ? cut([...taken, ...unused], text) : withoutTaken;
  out.leftover = onlyCommentsOrBlank(leftover) ? '' : leftover.replace(/^\s*\n/, '');
  return out;
}

/** True when the text has no statements left (blank, or comments only). */
function onlyCommentsOrBlank(text: string): boolean {
  if (text.trim() === '') return true;
  try {
    return parse(text, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true }).body.length === 0;
  } catch {
    return false;
  }
}
