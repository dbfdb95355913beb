import type { AssertionOperator } from '../../../preload/contract';

/** What a target read from a response: nothing, or a value (and where it was, for a path). */
export type Found = { found: false } | { found: true; value: unknown; at: string | null };

export interface Verdict {
  passed: boolean;
  message: string;
}

const LONGEST_SHOWN = 500;

/** A value as the results list shows it: text as it is, anything else as JSON; cut when long. */
export function display(value: unknown): string {
  const text = typeof value === 'string' ? value : value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > LONGEST_SHOWN ? `${text.slice(0, LONGEST_SHOWN)}… (${text.length.toLocaleString('en-US')} characters)` : text;
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** `/pattern/flags` or a bare pattern, as a RegExp (g and y dropped: a test is not stateful). Throws on a bad pattern. */
export function regexOf(text: string): RegExp {
  const slashed = /^\/([\s\S]*)\/([a-z]*)$/.exec(text);
  if (!slashed) return new RegExp(text);
  return new RegExp(slashed[1]!, slashed[2]!.replace(/[gy]/g, ''));
}

function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Does a value equal what the user typed? Numbers compare as numbers, text as text, JSON as JSON. */
export function equalTo(value: unknown, expected: string): boolean {
  if (typeof value === 'string') return value === expected;
  if (typeof value === 'number') return expected.trim() !== '' && Number(expected) === value;
  if (typeof value === 'boolean') return expected.trim() === String(value);
  if (value === null) return expected.trim() === 'null';
  return deepEqual(value, parsedOrText(expected));
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** isOneOf's list: a JSON array, or text split at commas. */
export function choicesOf(expected: string): string[] {
  const trimmed = expected.trim();
  if (trimmed.startsWith('[')) {
    const parsed = parsedOrText(trimmed);
    if (Array.isArray(parsed)) return parsed.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
  }
  return trimmed.split(',').map((choice) => choice.trim());
}

function contains(value: unknown, expected: string): boolean {
  if (typeof value === 'string') return value.includes(expected);
  if (Array.isArray(value)) return value.some((item) => equalTo(item, expected));
  if (typeof value === 'object' && value !== null) {
    const wanted = parsedOrText(expected);
    if (typeof wanted === 'object' && wanted !== null && !Array.isArray(wanted)) {
      return Object.entries(wanted).every(([key, v]) => deepEqual((value as Record<string, unknown>)[key], v));
    }
    return Object.prototype.hasOwnProperty.call(value, expected);
  }
  return String(value).includes(expected);
}

/**
 * Applies an operator to what a target found. A missing target fails every operator but
 * "does not exist" with "not found"; nothing here throws on a value's shape.
 */
export function judge(found: Found, operator: AssertionOperator, expected: string, schema?: (value: unknown) => string | null): Verdict {
  if (operator === 'exists') return found.found ? { passed: true, message: 'found' } : { passed: false, message: 'not found' };
  if (operator === 'notExists') return found.found ? { passed: false, message: 'it exists' } : { passed: true, message: 'not found, as expected' };
  if (!found.found) return { passed: false, message: 'not found' };
  const { value } = found;
  const verdict = (passed: boolean, failure: string): Verdict => ({ passed, message: passed ? 'passed' : failure });
  switch (operator) {
    case 'equals':
      return verdict(equalTo(value, expected), `expected ${display(expected)}`);
    case 'notEquals':
      return verdict(!equalTo(value, expected), `expected anything but ${display(expected)}`);
    case 'contains':
      return verdict(contains(value, expected), `does not contain ${display(expected)}`);
    case 'notContains':
      return verdict(!contains(value, expected), `contains ${display(expected)}`);
    case 'matches': {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      return verdict(regexOf(expected).test(text), `does not match ${expected}`);
    }
    case 'lessThan':
    case 'greaterThan': {
      const actual = numberOf(value);
      const limit = numberOf(expected);
      if (actual === null) return { passed: false, message: 'the value is not a number' };
      if (limit === null) return { passed: false, message: `${display(expected)} is not a number` };
      return operator === 'lessThan' ? verdict(actual < limit, `expected less than ${limit}`) : verdict(actual > limit, `expected more than ${limit}`);
    }
    case 'isType': {
      const actual = typeName(value);
      return verdict(actual === expected.trim().toLowerCase(), `is ${actual === 'object' || actual === 'array' ? 'an' : 'a'} ${actual}, not ${expected.trim()}`);
    }
    case 'isOneOf':
      return verdict(choicesOf(expected).some((choice) => equalTo(value, choice)), `is not one of ${expected}`);
    case 'matchesSchema': {
      if (!schema) return { passed: false, message: 'no schema to check against' };
      const problem = schema(value);
      return problem === null ? { passed: true, message: 'matches the schema' } : { passed: false, message: problem };
    }
  }
}
