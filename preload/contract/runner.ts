import { z } from 'zod';
import { AssertionResult } from './checks';
import { ExecuteResult } from './http';
import { ExportedFile } from './importing';
import { ErrorCode, type Namespace } from './result';

/**
 * The collection runner: a collection's or folder's saved requests sent in order, iteration by
 * iteration, through the same pipeline as Send. Main keeps the last RUNS_KEPT runs.
 */
export const RUNS_KEPT = 20;
const Id = z.uuid();

export const RunStatus = z.enum(['running', 'passed', 'failed', 'stopped']);
export type RunStatus = z.infer<typeof RunStatus>;

/** A run as the list and the header show it. */
export const RunInfo = z.object({
  id: Id,
  /** "Partner API" or "Partner API / Users". */
  source: z.string(),
  rootId: Id,
  environment: z.string().nullable(),
  /** The data file's name, when the run had one. */
  dataFile: z.string().nullable(),
  startedAt: z.number(),
  totalMs: z.number().nonnegative(),
  status: RunStatus,
  iterations: z.number().int().positive(),
  /** Requests the run will send in all (iterations × the ticked requests). */
  planned: z.number().int().nonnegative(),
  /** Requests sent so far. */
  requests: z.number().int().nonnegative(),
  /** Requests that failed: no response, or a body cut short. */
  errors: z.number().int().nonnegative(),
  assertionsPassed: z.number().int().nonnegative(),
  assertionsFailed: z.number().int().nonnegative(),
  stopped: z.enum(['bail', 'interrupted']).nullable(),
});
export type RunInfo = z.infer<typeof RunInfo>;

/** One request of a run, as its table row shows it. */
export const RunStepRow = z.object({
  /** Its place in the run (0 first). */
  n: z.number().int().nonnegative(),
  iteration: z.number().int().nonnegative(),
  itemId: Id.nullable(),
  name: z.string(),
  folders: z.array(z.string()),
  method: z.string(),
  /** The URL as sent (credentials taken out), or the request's own when nothing was sent. */
  url: z.string(),
  status: z.number().int().nullable(),
  statusText: z.string(),
  timeMs: z.number().nonnegative(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  error: z.object({ code: ErrorCode, message: z.string() }).nullable(),
  /** The failed assertions' one-line reasons (the first few), for the row's tooltip and the comparison. */
  failures: z.array(z.string()),
});
export type RunStepRow = z.infer<typeof RunStepRow>;

export const RunStartInput = z.object({
  rootId: Id,
  /** The requests to send, by id; each keeps its place in the tree's order. */
  include: z.array(Id).min(1).max(10_000),
  /** null: no environment. */
  environmentId: Id.nullable(),
  /** null: once, or once per data row. */
  iterations: z.number().int().min(1).max(10_000).nullable(),
  /** A CSV with a header row, or a JSON array of objects, as the user chose it. */
  data: z.object({ name: z.string().min(1).max(260), text: z.string().max(50 * 1024 * 1024) }).nullable(),
  delayMs: z.number().int().min(0).max(600_000),
  bail: z.boolean(),
});
export type RunStartInput = z.infer<typeof RunStartInput>;

export const RunFormat = z.enum(['json', 'junit', 'html']);
export type RunFormat = z.infer<typeof RunFormat>;

export const runner = {
  /** Starts a run; its steps arrive as runner:step events. A data file that cannot be read is refused with its line. */
  'runner:start': { req: RunStartInput, res: RunInfo },
  /** Stops a run: the request in flight is cancelled. False when it had already finished. */
  'runner:stop': { req: z.object({ runId: Id }), res: z.object({ stopped: z.boolean() }) },
  /** The kept runs, newest first. */
  'runner:runs': { req: z.void(), res: z.array(RunInfo) },
  /** A run's rows so far. */
  'runner:steps': { req: z.object({ runId: Id }), res: z.array(RunStepRow) },
  /** One row's whole response (its body read by its id) and assertion results; null result when no response came. */
  'runner:detail': {
    req: z.object({ runId: Id, n: z.number().int().nonnegative() }),
    res: z.object({ row: RunStepRow, result: ExecuteResult.nullable(), assertions: z.array(AssertionResult), bodyKept: z.boolean() }),
  },
  /** The run as a report file (JSON, JUnit XML or a self-contained HTML page); the page saves it. */
  'runner:export': { req: z.object({ runId: Id, format: RunFormat }), res: ExportedFile },
  /** Forgets a kept run (and its response bodies). */
  'runner:remove': { req: z.object({ runId: Id }), res: z.object({ removed: z.boolean() }) },
} satisfies Namespace;

export const runnerEvents = {
  /** A request of a run finished, with the run's totals after it. */
  'runner:step': z.object({ run: RunInfo, row: RunStepRow }),
  /** A run ended (passed, failed or stopped). */
  'runner:finished': RunInfo,
};
