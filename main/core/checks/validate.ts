import { JSONPath } from 'jsonpath-plus';
import * as xpath from 'xpath';
import { PATH_TARGETS, VALUE_TYPES, VARIABLE_PATTERN, type Assertion, type Capture, type RowProblem } from '../../../preload/contract';
import { regexOf } from './compare';
import { schemaCheck } from './schema';

const NAME = /^[A-Za-z0-9_.$-]+$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `{{variables}}` are filled in at send time; a pattern is checked with a stand-in for each. */
const standIn = (text: string) => text.replace(VARIABLE_PATTERN, 'x');

function jsonPathProblem(path: string): string | null {
  const text = path.trim();
  if (text === '') return 'type a JSONPath, such as $.data.id';
  if (!text.startsWith('$')) return 'a JSONPath starts with $, as in $.data.id';
  try {
    JSONPath({ path: text, json: {}, eval: 'safe', wrap: true });
    return null;
  } catch (error) {
    return `not a JSONPath: ${(error as Error).message}`;
  }
}

function xPathProblem(path: string): string | null {
  if (path.trim() === '') return 'type an XPath, such as //user/id';
  try {
    (xpath as unknown as { parse(expression: string): unknown }).parse(path);
    return null;
  } catch (error) {
    return `not an XPath: ${(error as Error).message}`;
  }
}

function regexProblem(pattern: string): string | null {
  if (pattern === '') return 'type a regular expression';
  try {
    regexOf(standIn(pattern));
    return null;
  } catch (error) {
    return `not a regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
}

function pathProblem(target: string, path: string): string | null {
  if (target === 'jsonpath') return jsonPathProblem(path);
  if (target === 'xpath') return xPathProblem(path);
  if (target === 'header') return HEADER_NAME.test(path.trim()) ? null : 'type a header name, such as Content-Type';
  return null;
}

/** Why an assertion cannot be used, or null. Checked as the row is typed, and again before it runs. */
export function assertionProblem(a: Assertion): string | null {
  if (PATH_TARGETS.includes(a.target)) {
    const problem = pathProblem(a.target, a.path);
    if (problem) return problem;
  }
  const expected = standIn(a.expected);
  switch (a.operator) {
    case 'matches':
      return regexProblem(a.expected);
    case 'lessThan':
    case 'greaterThan':
      return a.expected.trim() !== '' && Number.isFinite(Number(expected)) ? null : 'type a number to compare with';
    case 'isType':
      return (VALUE_TYPES as readonly string[]).includes(a.expected.trim().toLowerCase()) ? null : `type one of ${VALUE_TYPES.join(', ')}`;
    case 'matchesSchema':
      if (a.target !== 'body' && a.target !== 'jsonpath') return 'only a JSON body or a JSONPath value can match a schema';
      try {
        schemaCheck(expected);
        return null;
      } catch (error) {
        return `not a usable JSON Schema: ${(error as Error).message}`;
      }
    default:
      return null;
  }
}

export function captureProblem(c: Capture): string | null {
  if (!NAME.test(c.name)) return c.name === '' ? 'name the variable to set' : 'a variable name uses letters, digits and _ . $ - only';
  if (c.source === 'regex') return regexProblem(c.path);
  return pathProblem(c.source, c.path);
}

export function rowProblems(assertions: readonly Assertion[], captures: readonly Capture[]): { assertions: RowProblem[]; captures: RowProblem[] } {
  const problems = <T,>(rows: readonly T[], check: (row: T) => string | null): RowProblem[] =>
    rows.flatMap((row, index) => {
      const message = check(row);
      return message ? [{ index, message }] : [];
    });
  return { assertions: problems(assertions, assertionProblem), captures: problems(captures, captureProblem) };
}
