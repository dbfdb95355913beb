import type { Assertion, AssertionResult, Capture, CaptureResult, CheckOrigin, CheckResults, ExecuteRequest } from '../../../preload/contract';
import type { ScopeLevel } from '../collections/collectionsService';
import type { InspectContext } from '../http/httpExecutor';
import { resolveTemplate } from '../variables/resolveTemplate';
import { secretRedactor } from '../variables/secretRedactor';
import type { CapturedValues } from './capturedValues';
import type { ChecksRunner } from './checksRunner';
import type { CheckItem, ResponseFacts } from './evaluate';
import { assertionProblem, captureProblem, rowProblems } from './validate';

export interface ChecksDeps {
  runner: ChecksRunner;
  captured: CapturedValues;
  /** The folders and collection around a saved item, nearest first. */
  scopes(itemId: string): ScopeLevel[];
  /** The saved item's name, for "captured from Login". */
  itemName(itemId: string): string | null;
  activeEnvironmentId(): string | null;
  now(): number;
}


/** How a secret's value is shown, as in the Variables view. */
const MASKED = '••••••';

interface Row {
  assertion: Assertion;
  origin: CheckOrigin;
  originName: string;
}

/**
 * Assertions and captures, run on every response that has any: the request's own assertions
 * and those its folders and collection declare, then its captures. Rows are checked before they
 * run; the body is read on the checks thread. Secrets never appear in a result: values of
 * secret variables and of secret captures are redacted from every actual value shown.
 */
export class ChecksService {
  constructor(private readonly deps: ChecksDeps) {}

  validate(assertions: Assertion[], captures: Capture[]) {
    return rowProblems(assertions, captures);
  }

  /** The assertions a saved item inherits from its folders and collection, nearest first, enabled or not. */
  inherited(itemId: string): Row[] {
    return this.deps.scopes(itemId).flatMap((level) => (level.assertions ?? []).map((assertion) => ({ assertion, origin: level.kind, originName: level.name })));
  }

  /** The rows a request runs: its own enabled assertions, then inherited ones (nearest folder first). */
  private rows(input: ExecuteRequest): Row[] {
    const own: Row[] = (input.request.assertions ?? []).map((assertion) => ({ assertion, origin: 'request', originName: 'This request' }));
    return [...own, ...(input.location ? this.inherited(input.location.itemId) : [])].filter((row) => row.assertion.enabled);
  }

  /** The inspect stage of a send: null, at no cost, for a request with nothing to run. */
  inspect(context: InspectContext): Promise<CheckResults | undefined> | null {
    const { input } = context;
    if (!input.request.assertions?.length && !input.request.captures?.length && !(input.location && this.deps.scopes(input.location.itemId).some((level) => level.assertions?.length))) return null;
    return this.run(context);
  }

  async run(context: InspectContext): Promise<CheckResults | undefined> {
    const { input, result } = context;
    const rows = this.rows(input);
    const captures = (input.request.captures ?? []).filter((c) => c.enabled);
    if (rows.length === 0 && captures.length === 0) return undefined;

    const items: CheckItem[] = [];
    const refused = new Map<number, string>();
    rows.forEach((row, i) => {
      const { text: expected, missing } = resolveTemplate(row.assertion.expected, context.lookup);
      const problem = missing.length > 0 ? `uses ${missing.map((m) => `{{${m}}}`).join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not defined` : assertionProblem({ ...row.assertion, expected });
      if (problem) refused.set(i, problem);
      items.push({ kind: 'assert', target: row.assertion.target, path: row.assertion.path, operator: row.assertion.operator, expected });
    });
    captures.forEach((capture, i) => {
      const problem = captureProblem(capture);
      if (problem) refused.set(rows.length + i, problem);
      items.push({ kind: 'capture', source: capture.source, path: capture.path });
    });
    const facts: ResponseFacts = { status: result.status, headers: result.headers, timeMs: result.timing.totalMs, bodySize: result.bodySize, bodyPath: context.bodyPath, ...(context.bodyBytes ? { bodyBytes: context.bodyBytes } : {}), contentType: result.contentType };
    // Refused rows are never run: they go to the thread as an existence check on the status, and their outcome is replaced.
    const runnable = items.map((item, i) => (refused.has(i) ? ({ kind: 'assert', target: 'status', path: '', operator: 'exists', expected: '' } as const) : item));
    const outcomes = await this.deps.runner.run(facts, runnable);

    const capturedSecrets: string[] = [];
    const captureResults: CaptureResult[] = [];
    for (const [i, capture] of captures.entries()) {
      const index = rows.length + i;
      const outcome = outcomes[index]!;
      const problem = refused.get(index) ?? (outcome.captured === null ? outcome.message : null);
      if (problem !== null) {
        captureResults.push({ capture, value: null, error: problem });
        continue;
      }
      const value = outcome.captured!;
      const error = await this.store(capture, value, input);
      if (capture.secret) capturedSecrets.push(value);
      captureResults.push({ capture, value: error ? null : capture.secret ? MASKED : null, error });
    }
    const redactCaptured = secretRedactor(capturedSecrets);
    const redact = (text: string) => redactCaptured(context.redact(text));
    for (const [i, capture] of captures.entries()) {
      const entry = captureResults[i]!;
      if (entry.error === null && !capture.secret) entry.value = redact(outcomes[rows.length + i]!.actual ?? '');
    }

    const assertionResults: AssertionResult[] = rows.map((row, i) => {
      const problem = refused.get(i);
      const outcome = outcomes[i]!;
      return {
        assertion: row.assertion,
        origin: row.origin,
        originName: row.originName,
        passed: problem === undefined && outcome.passed,
        actual: problem !== undefined || outcome.actual === null ? null : redact(outcome.actual),
        foundAt: problem !== undefined ? null : outcome.foundAt,
        message: redact(problem ?? outcome.message),
      };
    });
    const passed = assertionResults.filter((r) => r.passed).length;
    return { assertions: assertionResults, captures: captureResults, passed, failed: assertionResults.length - passed };
  }

  /** Keeps a captured value in its scope; the reason when it cannot. */
  private async store(capture: Capture, value: string, input: ExecuteRequest): Promise<string | null> {
    const itemId = input.location?.itemId ?? null;
    let ownerId: string | null = null;
    if (capture.scope === 'environment') {
      ownerId = input.environmentId === undefined ? this.deps.activeEnvironmentId() : input.environmentId;
      if (!ownerId) return 'no environment is active, so there is nowhere to keep it';
    } else if (capture.scope === 'collection') {
      const levels = itemId ? this.deps.scopes(itemId) : [];
      ownerId = levels.find((level) => level.kind === 'collection')?.id ?? null;
      if (!ownerId) return 'this request is not saved in a collection; save it first, or capture into the session';
    }
    const from = (itemId ? this.deps.itemName(itemId) : null) ?? `${input.request.method} ${input.request.url}`.slice(0, 512);
    try {
      await this.deps.captured.set({ scope: capture.scope, ownerId, name: capture.name, value, secret: capture.secret, from, at: this.deps.now() });
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }
}
