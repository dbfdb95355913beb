import type { ErrorCode, ExecuteRequest, ExecuteResult, KeyValue, RequestSpec, TreeNode } from '../../../preload/contract';
import { LatchkeyError } from '../errors';
import type { DataRow } from './dataFile';
import type { RunRecord } from './reports';

/** One request of a run, in order: where it sits (for reports), and its saved id (for what it inherits) when it has one. */
export interface RunItem {
  itemId: string | null;
  name: string;
  /** Folder names from the collection down, for reports ("Users / Admin"). */
  folders: string[];
  request: RequestSpec;
}

export interface RunStep {
  iteration: number;
  /** The item's place in the run's list. */
  index: number;
  item: RunItem;
  /** null when no response came (network, TLS, timeout, a refused request). */
  result: ExecuteResult | null;
  /** Why the request failed: no response, or a response cut short (then `result` holds what arrived). */
  error: { code: ErrorCode; message: string } | null;
  /** Assertions passed and failed (0 and 0 for a request with none). */
  passed: number;
  failed: number;
  timeMs: number;
}

/** A finished (or stopped) run: its steps and totals. */
export interface RunSummary extends RunRecord {
  steps: RunStep[];
}

export interface RunOptions {
  items: RunItem[];
  /** How many times the list runs; with data rows and no count, once per row. */
  iterations?: number;
  data?: DataRow[] | null;
  /** Variables that win over everything else in the run (--var k=v). */
  variables?: KeyValue[];
  delayMs?: number;
  /** Stop at the first failed assertion or request. */
  bail?: boolean;
  /** Stops the run; the request in flight is cancelled through `cancel` (what arrived of it is kept). */
  signal?: AbortSignal;
  cancel?(requestId: string): void;
  /** Request ids are `<idPrefix>-<n>`: unique across runs going at once. */
  idPrefix?: string;
  onStep?(step: RunStep): void;
}

/** What the runner needs of the core: one send, as the app makes it. */
export type Send = (input: ExecuteRequest) => Promise<ExecuteResult>;

const rows = (row: DataRow | undefined): KeyValue[] => (row ? Object.entries(row).map(([name, value]) => ({ name, value, enabled: true })) : []);

/**
 * Runs requests in order, iteration by iteration, through the same pipeline as the app's Send.
 * A data row's values and --var values sit over the request's own variables (the nearest scope),
 * so `{{name}}` takes them first. A request that fails to get a response is a step with its error;
 * the run goes on unless bail is set.
 */
export async function runCollection(send: Send, options: RunOptions): Promise<RunSummary> {
  const data = options.data && options.data.length > 0 ? options.data : null;
  const iterations = options.iterations ?? (data ? data.length : 1);
  if (!Number.isInteger(iterations) || iterations < 1) throw new LatchkeyError('invalid_request', `iterations must be a whole number of 1 or more, not ${iterations}`);
  const steps: RunStep[] = [];
  const started = performance.now();
  let stopped: RunSummary['stopped'] = null;
  let id = 0;
  let inFlight: string | null = null;
  const onAbort = () => {
    if (inFlight !== null) options.cancel?.(inFlight);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  outer: for (let iteration = 0; iteration < iterations; iteration++) {
    const row = data ? data[iteration % data.length] : undefined;
    for (const [index, item] of options.items.entries()) {
      if (options.signal?.aborted) {
        stopped = 'interrupted';
        break outer;
      }
      if ((iteration > 0 || index > 0) && options.delayMs) await delay(options.delayMs, options.signal);
      if (options.signal?.aborted) {
        stopped = 'interrupted';
        break outer;
      }
      const variables = [...(item.request.variables ?? []), ...rows(row), ...(options.variables ?? [])];
      // Later rows win in the request's own table: --var over the data row over the request's own.
      const request: RequestSpec = { ...item.request, variables: dedupe(variables) };
      const begin = performance.now();
      let step: RunStep;
      inFlight = `${options.idPrefix ?? 'run'}-${++id}`;
      try {
        const result = await send({ requestId: inFlight, request, location: item.itemId ? { itemId: item.itemId } : null });
        // A body cut short (a timeout, a dropped connection) is a failed request, with what arrived kept.
        step = { iteration, index, item, result, error: result.incomplete, passed: result.checks?.passed ?? 0, failed: result.checks?.failed ?? 0, timeMs: result.timing.totalMs };
      } catch (error) {
        const e = error instanceof LatchkeyError ? error : new LatchkeyError('internal', error instanceof Error ? error.message : String(error));
        step = { iteration, index, item, result: null, error: { code: e.code, message: e.message }, passed: 0, failed: 0, timeMs: performance.now() - begin };
      }
      inFlight = null;
      steps.push(step);
      options.onStep?.(step);
      if (options.bail && (step.error || step.failed > 0)) {
        stopped = 'bail';
        break outer;
      }
    }
  }
  options.signal?.removeEventListener('abort', onAbort);
  if (options.signal?.aborted) stopped = 'interrupted';
  return {
    steps,
    iterations,
    requests: steps.length,
    errors: steps.filter((s) => s.error).length,
    assertionsPassed: steps.reduce((n, s) => n + s.passed, 0),
    assertionsFailed: steps.reduce((n, s) => n + s.failed, 0),
    stopped,
    totalMs: performance.now() - started,
  };
}

/** The last of each name wins; order of first appearance kept. */
function dedupe(variables: KeyValue[]): KeyValue[] {
  const byName = new Map<string, KeyValue>();
  for (const v of variables) if (v.enabled && v.name !== '') byName.set(v.name, v);
  return [...byName.values()];
}

function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/** A node's names from its collection down to itself ("Partner API", "Users", "Admins"). */
export function pathNames(tree: readonly TreeNode[], node: TreeNode, byId: ReadonlyMap<string, TreeNode> = new Map(tree.map((n) => [n.id, n]))): string[] {
  const names: string[] = [];
  for (let at: TreeNode | undefined = node; at; at = at.parentId ? byId.get(at.parentId) : undefined) names.unshift(at.name);
  return names;
}

/**
 * The saved requests under a collection or folder, in the tree's order, with their folder path.
 * `include`, when given, keeps only those request ids (their order stays the tree's).
 */
export function itemsUnder(tree: TreeNode[], rootId: string, request: (id: string) => RequestSpec, include?: ReadonlySet<string>): RunItem[] {
  const root = tree.find((n) => n.id === rootId);
  if (!root || root.kind === 'request') throw new LatchkeyError('not_found', 'There is no such collection or folder.');
  const byId = new Map(tree.map((n) => [n.id, n]));
  // Between the collection and the request.
  const folders = (node: TreeNode): string[] => pathNames(tree, node, byId).slice(1, -1);
  const under = (node: TreeNode): boolean => {
    for (let at: TreeNode | undefined = node; at; at = at.parentId ? byId.get(at.parentId) : undefined) if (at.id === rootId) return true;
    return node.kind !== 'collection' && node.collectionId === rootId;
  };
  return tree.filter((n) => n.kind === 'request' && under(n) && (!include || include.has(n.id))).map((n) => ({ itemId: n.id, name: n.name, folders: folders(n), request: request(n.id) }));
}
