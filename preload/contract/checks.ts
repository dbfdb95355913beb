import { z } from 'zod';
import type { Namespace } from './result';

/**
 * Assertions and captures: checks on a response and values taken from it, declared as data.
 * Latchkey never runs a script to do either; main evaluates these rows after every send.
 */

export const ASSERTION_TARGETS = ['status', 'header', 'jsonpath', 'xpath', 'body', 'time', 'size'] as const;
export const AssertionTarget = z.enum(ASSERTION_TARGETS);
export type AssertionTarget = z.infer<typeof AssertionTarget>;

export const ASSERTION_OPERATORS = [
  'equals',
  'notEquals',
  'contains',
  'notContains',
  'matches',
  'lessThan',
  'greaterThan',
  'exists',
  'notExists',
  'isType',
  'isOneOf',
  'matchesSchema',
] as const;
export const AssertionOperator = z.enum(ASSERTION_OPERATORS);
export type AssertionOperator = z.infer<typeof AssertionOperator>;

/** Operators that compare with nothing: the expected value is not used. */
export const UNARY_OPERATORS: readonly AssertionOperator[] = ['exists', 'notExists'];
/** Targets that take a path or name: a header's name, a JSONPath, an XPath. */
export const PATH_TARGETS: readonly AssertionTarget[] = ['header', 'jsonpath', 'xpath'];
export const VALUE_TYPES = ['string', 'number', 'boolean', 'object', 'array', 'null'] as const;

export const Assertion = z.object({
  /** What is checked; `path` says where for a header, a JSONPath or an XPath. */
  target: AssertionTarget,
  path: z.string().max(64 * 1024),
  operator: AssertionOperator,
  /** May use `{{variables}}`. A JSON Schema's text for matchesSchema; a type name for isType; a JSON array or a comma-separated list for isOneOf. */
  expected: z.string().max(1024 * 1024),
  enabled: z.boolean(),
  /** A label (an imported Postman test's name); the row describes itself when empty. */
  name: z.string().max(512).optional(),
});
export type Assertion = z.infer<typeof Assertion>;

export const CAPTURE_SOURCES = ['jsonpath', 'xpath', 'header', 'regex', 'status'] as const;
export const CaptureSource = z.enum(CAPTURE_SOURCES);
export type CaptureSource = z.infer<typeof CaptureSource>;

/** Where a captured value is kept: this run of Latchkey only, the active environment, the request's collection, or the global variables. */
export const CAPTURE_SCOPES = ['session', 'environment', 'collection', 'global'] as const;
export const CaptureScope = z.enum(CAPTURE_SCOPES);
export type CaptureScope = z.infer<typeof CaptureScope>;

export const Capture = z.object({
  /** The variable it sets, used as `{{name}}` by the next requests. */
  name: z.string().max(256),
  source: CaptureSource,
  /** A JSONPath, an XPath, a header's name or a regular expression (its first group is taken when it has one); empty for the status. */
  path: z.string().max(64 * 1024),
  scope: CaptureScope,
  /** Kept in the keychain and shown masked. */
  secret: z.boolean(),
  enabled: z.boolean(),
});
export type Capture = z.infer<typeof Capture>;

export const CheckOrigin = z.enum(['request', 'folder', 'collection']);
export type CheckOrigin = z.infer<typeof CheckOrigin>;

export const AssertionResult = z.object({
  assertion: Assertion,
  /** Where the row is defined: the request, or a folder or collection it inherits from. */
  origin: CheckOrigin,
  originName: z.string(),
  passed: z.boolean(),
  /** The value found, as text (secrets redacted, long values cut); null when nothing was found. */
  actual: z.string().nullable(),
  /** For a JSONPath or an XPath: where the value was found. */
  foundAt: z.string().nullable(),
  /** Why it failed ("not found", "took too long", a bad pattern), or what was checked. */
  message: z.string(),
});
export type AssertionResult = z.infer<typeof AssertionResult>;

export const CaptureResult = z.object({
  capture: Capture,
  /** The value set, masked for a secret; null when nothing was captured. */
  value: z.string().nullable(),
  /** Why nothing was set. */
  error: z.string().nullable(),
});
export type CaptureResult = z.infer<typeof CaptureResult>;

export const CheckResults = z.object({
  assertions: z.array(AssertionResult),
  captures: z.array(CaptureResult),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
});
export type CheckResults = z.infer<typeof CheckResults>;

/** One row's problem, refused before the row is ever used. */
export const RowProblem = z.object({ index: z.number().int(), message: z.string() });
export type RowProblem = z.infer<typeof RowProblem>;

export const checks = {
  /** Which rows cannot be used, and why (a bad JSONPath, XPath, regex or schema): shown in the row as it is typed. */
  'checks:validate': {
    req: z.object({ assertions: z.array(Assertion).max(500), captures: z.array(Capture).max(500) }),
    res: z.object({ assertions: z.array(RowProblem), captures: z.array(RowProblem) }),
  },
  /** The assertions a saved request inherits from its folders and collection, nearest first: shown greyed in its Tests tab. */
  'checks:inherited': {
    // The same shape as http's ItemLocation, which imports this module (so it cannot be imported here).
    req: z.object({ location: z.object({ itemId: z.uuid() }) }),
    res: z.array(z.object({ assertion: Assertion, origin: CheckOrigin, originName: z.string() })),
  },
  /** Forgets captured values: one (by the id the Variables view shows), or all of them. */
  'checks:clearCaptured': {
    req: z.object({ id: z.string().max(100).optional() }),
    res: z.object({ removed: z.number().int() }),
  },
} satisfies Namespace;
