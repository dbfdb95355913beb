import { z } from 'zod';
import { AssertionResult, ErrorCode, RunInfo } from '../../../preload/contract';
import type { DocumentSpec } from '../persistence/storedDocument';
import type { StepRecord } from './reports';

/** Most rows a kept run stores; the rest of a longer run stays in memory until Latchkey closes. */
export const STORED_STEPS_PER_RUN = 5000;

/** A request of a kept run as stored: what its row, its assertion results and the reports need. Never a header or a body. */
const StoredStep = z.object({
  iteration: z.number().int().nonnegative(),
  index: z.number().int().nonnegative(),
  item: z.object({ itemId: z.uuid().nullable(), name: z.string(), folders: z.array(z.string()), request: z.object({ method: z.string(), url: z.string() }) }),
  result: z.object({ status: z.number().int(), statusText: z.string(), sent: z.object({ url: z.string() }), checks: z.object({ assertions: z.array(AssertionResult) }).optional() }).nullable(),
  error: z.object({ code: ErrorCode, message: z.string() }).nullable(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  timeMs: z.number().nonnegative(),
});

const StoredRun = z.object({ info: RunInfo, steps: z.array(StoredStep), cut: z.boolean() });
export type StoredRun = z.infer<typeof StoredRun>;
export const RunsData = z.object({ runs: z.array(StoredRun) });
export type RunsData = z.infer<typeof RunsData>;

export const runsSpec: DocumentSpec<RunsData> = {
  name: 'runs',
  title: 'Your recent runs',
  version: 1,
  schema: RunsData,
  empty: () => ({ runs: [] }),
  migrations: [],
};

/** A step as stored: the values the results already hold (redacted), nothing of the response itself. */
export function storedStep(step: StepRecord): StoredRun['steps'][number] {
  return {
    iteration: step.iteration,
    index: step.index,
    item: { itemId: step.item.itemId, name: step.item.name, folders: step.item.folders, request: { method: step.item.request.method, url: step.item.request.url } },
    result: step.result ? { status: step.result.status, statusText: step.result.statusText, sent: { url: step.result.sent.url }, ...(step.result.checks ? { checks: { assertions: step.result.checks.assertions } } : {}) } : null,
    error: step.error,
    passed: step.passed,
    failed: step.failed,
    timeMs: step.timeMs,
  };
}
