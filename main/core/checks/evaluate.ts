import { closeSync, openSync, readFileSync } from 'node:fs';
import { DOMParser } from '@xmldom/xmldom';
import { JSONPath } from 'jsonpath-plus';
import * as xpath from 'xpath';
import type { AssertionOperator, AssertionTarget, CaptureSource } from '../../../preload/contract';
import { display, judge, regexOf, type Found } from './compare';
import { schemaCheck } from './schema';
import { containsBytes, findJsonSpan, firstMatch, pathText, readSpan, simplePath, WHOLE_BODY_LIMIT } from './largeBody';

/** What the checks see of a response: everything but the body, which stays in its file. */
export interface ResponseFacts {
  status: number;
  headers: [string, string][];
  timeMs: number;
  bodySize: number;
  bodyPath: string;
  /** The body itself when main still holds it (a small one not yet written); else it is read from bodyPath. */
  bodyBytes?: Uint8Array;
  contentType: string | null;
}

/** One row to run, its `{{variables}}` already filled in by main. */
export type CheckItem =
  | { kind: 'assert'; target: AssertionTarget; path: string; operator: AssertionOperator; expected: string }
  | { kind: 'capture'; source: CaptureSource; path: string };

export interface ItemOutcome {
  /** For an assertion. */
  passed: boolean;
  message: string;
  /** The value found, as text; null when nothing was. */
  actual: string | null;
  foundAt: string | null;
  /** For a capture: the value to set (text as it is, anything else as JSON). */
  captured: string | null;
}

const MB = 1024 * 1024;
const tooLarge = (what: string, size: number) => `${what} works on bodies up to ${WHOLE_BODY_LIMIT / MB} MB; this one is ${(size / MB).toFixed(1)} MB`;

/** The body, read once for all the rows that need it, and only if one does. */
class Body {
  private textValue: string | undefined;
  private jsonValue: { value: unknown } | { error: string } | undefined;
  private xmlValue: { doc: Node } | { error: string } | undefined;

  constructor(private readonly facts: ResponseFacts) {}

  get large(): boolean {
    return this.facts.bodySize > WHOLE_BODY_LIMIT && !this.facts.bodyBytes;
  }

  text(): string {
    const { bodyBytes } = this.facts;
    this.textValue ??= bodyBytes ? Buffer.from(bodyBytes.buffer, bodyBytes.byteOffset, bodyBytes.byteLength).toString('utf8') : this.facts.bodySize === 0 ? '' : readFileSync(this.facts.bodyPath, 'utf8');
    return this.textValue;
  }

  json(): { value: unknown } | { error: string } {
    if (this.jsonValue) return this.jsonValue;
    try {
      this.jsonValue = { value: JSON.parse(this.text()) as unknown };
    } catch (error) {
      this.jsonValue = { error: `the body is not JSON (${(error as Error).message})` };
    }
    return this.jsonValue;
  }

  xml(): { doc: Node } | { error: string } {
    if (this.xmlValue) return this.xmlValue;
    try {
      const doc = new DOMParser({
        onError: (level, message) => {
          if (level !== 'warning') throw new Error(message);
        },
      }).parseFromString(this.text(), 'text/xml');
      this.xmlValue = { doc: doc as unknown as Node };
    } catch (error) {
      this.xmlValue = { error: `the body is not XML (${(error as Error).message.split('\n')[0]})` };
    }
    return this.xmlValue;
  }

  /** A large body's file, open for the duration of `use`. */
  withFile<T>(use: (fd: number) => T): T {
    const fd = openSync(this.facts.bodyPath, 'r');
    try {
      return use(fd);
    } finally {
      closeSync(fd);
    }
  }
}

type Read = Found | { error: string };

function header(facts: ResponseFacts, name: string): Found {
  const wanted = name.trim().toLowerCase();
  const values = facts.headers.filter(([n]) => n.toLowerCase() === wanted).map(([, v]) => v);
  return values.length === 0 ? { found: false } : { found: true, value: values.join(', '), at: null };
}

function jsonPath(body: Body, facts: ResponseFacts, expression: string): Read {
  if (body.large) {
    const segments = simplePath(expression);
    if (!segments) return { error: `${tooLarge('A JSONPath with wildcards or filters', facts.bodySize)}; a plain path such as $.data.token works on any size` };
    try {
      const span = body.withFile((fd) => {
        const found = findJsonSpan(fd, facts.bodySize, segments);
        if (!found) return null;
        if (found[1] - found[0] > WHOLE_BODY_LIMIT) throw new Error(`the value at ${expression} is larger than ${WHOLE_BODY_LIMIT / MB} MB`);
        return readSpan(fd, found[0], found[1]);
      });
      return span === null ? { found: false } : { found: true, value: JSON.parse(span) as unknown, at: pathText(segments) };
    } catch (error) {
      return { error: `the body could not be read as JSON (${(error as Error).message})` };
    }
  }
  const parsed = body.json();
  if ('error' in parsed) return parsed;
  const json = parsed.value;
  // jsonpath-plus's safe interpreter: a filter in the path cannot run code.
  const matches = JSONPath({ path: expression, json: json as object, eval: 'safe', wrap: true, resultType: 'all' }) as { value: unknown; path: string }[];
  if (!matches || matches.length === 0) return { found: false };
  if (matches.length === 1) return { found: true, value: matches[0]!.value, at: matches[0]!.path };
  return { found: true, value: matches.map((m) => m.value), at: `${matches.length} matches, first at ${matches[0]!.path}` };
}

function nodePath(node: Node): string {
  const steps: string[] = [];
  let current: Node | null = node;
  while (current && current.nodeType !== 9) {
    if (current.nodeType === 2) {
      steps.unshift(`@${current.nodeName}`);
      current = (current as Attr).ownerElement;
      continue;
    }
    if (current.nodeType === 1) {
      let index = 1;
      for (let sibling = current.previousSibling; sibling; sibling = sibling.previousSibling) if (sibling.nodeName === current.nodeName) index++;
      steps.unshift(`${current.nodeName}[${index}]`);
    } else {
      steps.unshift('text()');
    }
    current = current.parentNode;
  }
  return '/' + steps.join('/');
}

function xPath(body: Body, facts: ResponseFacts, expression: string): Read {
  if (body.large) return { error: tooLarge('XPath', facts.bodySize) };
  const parsed = body.xml();
  if ('error' in parsed) return parsed;
  const result = xpath.select(expression, parsed.doc);
  if (Array.isArray(result)) {
    if (result.length === 0) return { found: false };
    const texts = result.map((n) => n.textContent ?? '');
    return { found: true, value: texts.length === 1 ? texts[0] : texts, at: result.length === 1 ? nodePath(result[0]!) : `${result.length} matches, first at ${nodePath(result[0]!)}` };
  }
  if (result === null || result === undefined) return { found: false };
  if (typeof result === 'object') return { found: true, value: (result as Node).textContent ?? '', at: nodePath(result as Node) };
  return { found: true, value: result, at: null };
}

/** Reads an assertion's or a capture's target. */
function read(body: Body, facts: ResponseFacts, target: AssertionTarget | CaptureSource, path: string): Read {
  switch (target) {
    case 'status':
      return { found: true, value: facts.status, at: null };
    case 'time':
      return { found: true, value: Math.round(facts.timeMs), at: null };
    case 'size':
      return { found: true, value: facts.bodySize, at: null };
    case 'header':
      return header(facts, path);
    case 'jsonpath':
      return jsonPath(body, facts, path);
    case 'xpath':
      return xPath(body, facts, path);
    case 'body':
    case 'regex':
      if (body.large) return { error: tooLarge('This check', facts.bodySize) };
      return { found: true, value: body.text(), at: null };
  }
}

/** Body-text operators on a body too large to load: contains, does not contain and matches stream through the file. */
function largeBodyAssertion(body: Body, facts: ResponseFacts, operator: AssertionOperator, expected: string): ItemOutcome | null {
  const outcome = (passed: boolean, message: string): ItemOutcome => ({ passed, message, actual: `(${(facts.bodySize / MB).toFixed(1)} MB body)`, foundAt: null, captured: null });
  if (operator === 'exists' || operator === 'notExists') return outcome((facts.bodySize > 0) === (operator === 'exists'), facts.bodySize > 0 ? 'the body is not empty' : 'the body is empty');
  if (operator === 'contains' || operator === 'notContains') {
    const found = body.withFile((fd) => containsBytes(fd, facts.bodySize, Buffer.from(expected, 'utf8')));
    return outcome(found === (operator === 'contains'), found ? `contains ${display(expected)}` : `does not contain ${display(expected)}`);
  }
  if (operator === 'matches') {
    const match = body.withFile((fd) => firstMatch(fd, facts.bodySize, regexOf(expected)));
    return { ...outcome(match !== null, match ? 'passed' : `does not match ${expected}`), actual: match ? display(match[0]) : null };
  }
  return null;
}

function runItem(body: Body, facts: ResponseFacts, item: CheckItem): ItemOutcome {
  if (item.kind === 'assert') {
    if (item.target === 'body' && body.large) {
      const streamed = largeBodyAssertion(body, facts, item.operator, item.expected);
      if (streamed) return streamed;
    }
    let found: Read;
    if (item.operator === 'matchesSchema' && item.target === 'body') {
      if (body.large) return { passed: false, message: tooLarge('A JSON Schema check', facts.bodySize), actual: null, foundAt: null, captured: null };
      const parsed = body.json();
      found = 'error' in parsed ? parsed : { found: true, value: parsed.value, at: '$' };
    } else {
      found = read(body, facts, item.target, item.path);
    }
    if ('error' in found) return { passed: false, message: found.error, actual: null, foundAt: null, captured: null };
    const verdict = judge(found, item.operator, item.expected, item.operator === 'matchesSchema' ? schemaCheck(item.expected) : undefined);
    return { ...verdict, actual: found.found ? display(found.value) : null, foundAt: found.found ? found.at : null, captured: null };
  }
  if (item.source === 'regex') {
    const pattern = regexOf(item.path);
    const match = body.large ? body.withFile((fd) => firstMatch(fd, facts.bodySize, pattern)) : pattern.exec(body.text());
    if (!match) return { passed: false, message: 'not found', actual: null, foundAt: null, captured: null };
    const value = match.length > 1 ? (match[1] ?? '') : match[0];
    return { passed: true, message: 'captured', actual: display(value), foundAt: null, captured: value };
  }
  const found = read(body, facts, item.source, item.path);
  if ('error' in found) return { passed: false, message: found.error, actual: null, foundAt: null, captured: null };
  if (!found.found) return { passed: false, message: 'not found', actual: null, foundAt: null, captured: null };
  const value = typeof found.value === 'string' ? found.value : JSON.stringify(found.value);
  return { passed: true, message: 'captured', actual: display(found.value), foundAt: found.at, captured: value };
}

/** Runs the rows of one response in order, reporting each as it finishes. A row that throws fails with the reason; the rest still run. */
export function evaluate(facts: ResponseFacts, items: readonly CheckItem[], from: number, report: (index: number, outcome: ItemOutcome) => void): void {
  const body = new Body(facts);
  for (let index = from; index < items.length; index++) {
    let outcome: ItemOutcome;
    try {
      outcome = runItem(body, facts, items[index]!);
    } catch (error) {
      outcome = { passed: false, message: (error as Error).message, actual: null, foundAt: null, captured: null };
    }
    report(index, outcome);
  }
}
