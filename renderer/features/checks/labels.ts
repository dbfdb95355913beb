import type { Assertion, AssertionOperator, AssertionTarget, Capture, CaptureScope, CaptureSource } from '../../../preload/contract';

export const TARGET_LABELS: Record<AssertionTarget, string> = {
  status: 'Status code',
  header: 'Header',
  jsonpath: 'JSON value (JSONPath)',
  xpath: 'XML value (XPath)',
  body: 'Body text',
  time: 'Response time (ms)',
  size: 'Body size (bytes)',
};

export const OPERATOR_LABELS: Record<AssertionOperator, string> = {
  equals: 'equals',
  notEquals: 'does not equal',
  contains: 'contains',
  notContains: 'does not contain',
  matches: 'matches regex',
  lessThan: 'is less than',
  greaterThan: 'is greater than',
  exists: 'exists',
  notExists: 'does not exist',
  isType: 'is of type',
  isOneOf: 'is one of',
  matchesSchema: 'matches JSON Schema',
};

export const SOURCE_LABELS: Record<CaptureSource, string> = {
  jsonpath: 'JSON value (JSONPath)',
  xpath: 'XML value (XPath)',
  header: 'Header',
  regex: 'Regex on the body',
  status: 'Status code',
};

export const SCOPE_LABELS: Record<CaptureScope, string> = {
  session: 'This session only',
  environment: 'Active environment',
  collection: 'Collection',
  global: 'Global variables',
};

const NUMERIC: readonly AssertionTarget[] = ['status', 'time', 'size'];

/** The operators that make sense for a target, in menu order. */
export function operatorsFor(target: AssertionTarget): AssertionOperator[] {
  const all = Object.keys(OPERATOR_LABELS) as AssertionOperator[];
  return all.filter((op) => {
    if (op === 'matchesSchema') return target === 'body' || target === 'jsonpath';
    if (op === 'isType') return target === 'jsonpath';
    if (op === 'exists' || op === 'notExists') return target === 'header' || target === 'jsonpath' || target === 'xpath';
    if (op === 'lessThan' || op === 'greaterThan') return target !== 'body';
    if (NUMERIC.includes(target)) return op !== 'contains' && op !== 'notContains';
    return true;
  });
}

export const PATH_PLACEHOLDERS: Partial<Record<AssertionTarget | CaptureSource, string>> = {
  header: 'Content-Type',
  jsonpath: '$.data.id',
  xpath: '//user/id',
  regex: 'token=(\\w+)',
};

/** A row in words, for the results list: "Status code equals 200", "$.name equals Ada". */
export function describeAssertion(a: Assertion): string {
  if (a.name) return a.name;
  const subject = a.target === 'header' ? `Header ${a.path}` : a.target === 'jsonpath' || a.target === 'xpath' ? a.path : TARGET_LABELS[a.target];
  const expected = a.operator === 'exists' || a.operator === 'notExists' ? '' : a.operator === 'matchesSchema' ? ' (schema)' : ` ${a.expected}`;
  return `${subject} ${OPERATOR_LABELS[a.operator]}${expected}`;
}

export const newAssertion = (): Assertion => ({ target: 'status', path: '', operator: 'equals', expected: '200', enabled: true });
export const newCapture = (): Capture => ({ name: '', source: 'jsonpath', path: '$.', scope: 'session', secret: false, enabled: true });
