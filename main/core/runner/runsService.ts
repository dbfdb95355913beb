import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { RUNS_KEPT, type ExecuteRequest, type ExecuteResult, type ExportedFile, type RunFormat, type RunInfo, type RunStartInput, type RunStepRow } from '../../../preload/contract';
import type { Logger } from '../../ports';
import type { CollectionsService } from '../collections/collectionsService';
import type { EnvironmentsService } from '../environments/environmentsService';
import { LatchkeyError } from '../errors';
import type { HttpExecutor } from '../http/httpExecutor';
import type { StoredDocument } from '../persistence/storedDocument';
import { itemsUnder, pathNames, runCollection, type RunStep, type RunSummary } from './collectionRunner';
import { parseDataFile } from './dataFile';
import { failureText, htmlReport, jsonReport, junitReport, type ReportMeta, type RunRecord, type StepRecord } from './reports';
import { STORED_STEPS_PER_RUN, storedStep, type RunsData } from './runsDocument';

interface KeptRun {
  info: RunInfo;
  /** This session's steps hold their whole results; a run read back after a restart, what was stored. */
  steps: (RunStep | StepRecord)[];
  controller: AbortController;
  done: Promise<void>;
  /** Rows past STORED_STEPS_PER_RUN were not stored (a run read back has only the first ones). */
  cut: boolean;
}

/** A step whose whole result this session still holds (headers, timing, body id). */
const isLive = (step: RunStep | StepRecord): step is RunStep & { result: ExecuteResult } => step.result !== null && 'bodyId' in step.result;

export type RunEvent = { kind: 'step'; run: RunInfo; row: RunStepRow } | { kind: 'finished'; run: RunInfo };

interface Deps {
  /** The kept runs, as stored: their rows and assertion results, never a response. Opened on first use. */
  document: () => StoredDocument<RunsData>;
  collections: CollectionsService;
  environments: EnvironmentsService;
  http: HttpExecutor;
  logger: Logger;
  now(): number;
}

/** A step as its row: what the table, the comparison and the tooltip show. */
export function rowOf(step: RunStep | StepRecord, n: number): RunStepRow {
  const failures = step.error
    ? [step.error.message]
    : (step.result?.checks?.assertions ?? [])
        .filter((a) => !a.passed)
        .slice(0, 5)
        .map(failureText);
  return {
    n,
    iteration: step.iteration,
    itemId: step.item.itemId,
    name: step.item.name,
    folders: step.item.folders,
    method: step.item.request.method,
    url: step.result?.sent.url ?? step.item.request.url,
    status: step.result?.status ?? null,
    statusText: step.result?.statusText ?? '',
    timeMs: step.timeMs,
    passed: step.passed,
    failed: step.failed,
    error: step.error,
    failures,
  };
}

/**
 * The app's runner: runs started from the Run panel, each through the same pipeline as Send
 * (its environment chosen for the run, the app's active one untouched, nothing added to
 * History), the last RUNS_KEPT kept with their response bodies for the rows' details.
 */
export class RunsService {
  private kept: KeptRun[] | null = null;
  private document: StoredDocument<RunsData> | null = null;
  private readonly listeners = new Set<(event: RunEvent) => void>();

  constructor(private readonly deps: Deps) {}

  /** The kept runs, read from their document the first time they are needed: the app's start does not wait for them. */
  private get runs(): KeptRun[] {
    return (this.kept ??= this.stored().get().runs.map((stored) => ({ info: stored.info, steps: stored.steps, controller: new AbortController(), done: Promise.resolve(), cut: stored.cut })));
  }

  private set runs(runs: KeptRun[]) {
    this.kept = runs;
  }

  private stored(): StoredDocument<RunsData> {
    return (this.document ??= this.deps.document());
  }

  /** Writes the finished runs (a run still going is written when it ends). */
  private persist(): void {
    const runs = this.runs
      .filter((r) => r.info.status !== 'running')
      .map((r) => ({ info: r.info, steps: r.steps.slice(0, STORED_STEPS_PER_RUN).map(storedStep), cut: r.cut || r.steps.length > STORED_STEPS_PER_RUN }));
    try {
      this.stored().set({ runs });
    } catch (error) {
      this.deps.logger.warn('could not keep the recent runs', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  onEvent(listener: (event: RunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: RunEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  start(input: RunStartInput): RunInfo {
    const { collections, environments } = this.deps;
    const tree = collections.tree();
    const root = tree.find((n) => n.id === input.rootId);
    if (!root || root.kind === 'request') throw new LatchkeyError('not_found', 'That collection or folder is no longer there.');
    const items = itemsUnder(tree, root.id, (id) => collections.getRequest(id).request, new Set(input.include));
    if (items.length === 0) throw new LatchkeyError('invalid_request', 'None of the ticked requests is in that collection or folder any more.');
    let data = null;
    if (input.data) {
      try {
        data = parseDataFile(input.data.text, input.data.name);
      } catch (error) {
        throw new LatchkeyError('invalid_request', error instanceof Error ? error.message : String(error));
      }
      if (data.length === 0) throw new LatchkeyError('invalid_request', `${input.data.name} has no rows.`);
    }
    const environment = input.environmentId === null ? null : environments.byId(input.environmentId);
    if (input.environmentId !== null && !environment) throw new LatchkeyError('not_found', 'That environment is no longer there.');
    const iterations = input.iterations ?? (data ? data.length : 1);
    const id = randomUUID();
    const info: RunInfo = {
      id,
      source: pathNames(tree, root).join(' / '),
      rootId: root.id,
      environment: environment?.name ?? null,
      dataFile: input.data?.name ?? null,
      startedAt: this.deps.now(),
      totalMs: 0,
      status: 'running',
      iterations,
      planned: items.length * iterations,
      requests: 0,
      errors: 0,
      assertionsPassed: 0,
      assertionsFailed: 0,
      stopped: null,
    };
    const controller = new AbortController();
    const kept: KeptRun = { info, steps: [], controller, done: Promise.resolve(), cut: false };
    const http = this.deps.http;
    const send = async (request: ExecuteRequest) => {
      const result = await http.execute({ ...request, environmentId: environment?.id ?? null }, { record: false });
      // The preview goes: a row's details read the body from its file, as the viewer does.
      return { ...result, body: { kind: 'text' as const, text: '' } };
    };
    const began = performance.now();
    kept.done = runCollection(send, {
      items,
      iterations,
      data,
      delayMs: input.delayMs,
      bail: input.bail,
      signal: controller.signal,
      idPrefix: `run-${id}`,
      cancel: (requestId) => http.cancel(requestId),
      onStep: (step) => {
        kept.steps.push(step);
        info.requests += 1;
        if (step.error) info.errors += 1;
        info.assertionsPassed += step.passed;
        info.assertionsFailed += step.failed;
        info.totalMs = performance.now() - began;
        this.emit({ kind: 'step', run: { ...info }, row: rowOf(step, kept.steps.length - 1) });
      },
    }).then(
      (summary) => this.finish(kept, summary),
      (error: unknown) => {
        this.deps.logger.error('a run failed', { error: error instanceof Error ? error.message : String(error) });
        this.finish(kept, null);
      },
    );
    this.runs.unshift(kept);
    void this.evict();
    return { ...info };
  }

  private finish(kept: KeptRun, summary: RunSummary | null): void {
    const info = kept.info;
    if (summary) {
      info.totalMs = summary.totalMs;
      info.stopped = summary.stopped;
    }
    info.status = info.stopped === 'interrupted' || !summary ? 'stopped' : info.errors > 0 || info.assertionsFailed > 0 ? 'failed' : 'passed';
    this.persist();
    this.emit({ kind: 'finished', run: { ...info } });
  }

  /** Beyond the last RUNS_KEPT, finished runs go with their bodies. */
  private async evict(): Promise<void> {
    const finished = this.runs.filter((r) => r.info.status !== 'running');
    const over = finished.slice(Math.max(0, RUNS_KEPT - (this.runs.length - finished.length)));
    for (const run of over) await this.forget(run);
    if (over.length > 0) this.persist();
  }

  private async forget(run: KeptRun): Promise<void> {
    this.runs = this.runs.filter((r) => r !== run);
    for (const step of run.steps) if (isLive(step)) await this.deps.http.removeBody(step.result.bodyId).catch(() => undefined);
  }

  private get(runId: string): KeptRun {
    const run = this.runs.find((r) => r.info.id === runId);
    if (!run) throw new LatchkeyError('not_found', 'That run is no longer kept (Latchkey keeps the last 20).');
    return run;
  }

  stop(runId: string): boolean {
    const run = this.get(runId);
    if (run.info.status !== 'running') return false;
    run.controller.abort();
    return true;
  }

  list(): RunInfo[] {
    return this.runs.map((r) => ({ ...r.info }));
  }

  steps(runId: string): RunStepRow[] {
    return this.get(runId).steps.map((step, n) => rowOf(step, n));
  }

  async detail(runId: string, n: number) {
    const step = this.get(runId).steps[n];
    if (!step) throw new LatchkeyError('not_found', 'That run has no such row.');
    const assertions = step.result?.checks?.assertions ?? [];
    if (!isLive(step)) return { row: rowOf(step, n), result: null, assertions, bodyKept: false };
    const bodyKept = existsSync(await this.deps.http.bodyReady(step.result.bodyId));
    return { row: rowOf(step, n), result: step.result, assertions, bodyKept };
  }

  export(runId: string, format: RunFormat): ExportedFile {
    const run = this.get(runId);
    const summary: RunRecord = {
      steps: run.steps,
      iterations: run.info.iterations,
      requests: run.steps.length,
      errors: run.info.errors,
      assertionsPassed: run.info.assertionsPassed,
      assertionsFailed: run.info.assertionsFailed,
      stopped: run.info.stopped,
      totalMs: run.info.totalMs,
    };
    const meta: ReportMeta = { source: run.info.source, startedAt: run.info.startedAt };
    const stamp = new Date(run.info.startedAt).toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const base = `${run.info.source.replace(/\s*\/\s*/g, '-').replace(/[^A-Za-z0-9._ -]+/g, '_').replace(/ +/g, '-').slice(0, 80) || 'run'}-${stamp}`;
    const notes = run.info.status === 'running' ? ['The run is still going: the report holds the requests sent so far.'] : run.cut ? [`Only the first ${STORED_STEPS_PER_RUN.toLocaleString('en')} requests of this run were kept after Latchkey restarted.`] : [];
    if (format === 'json') return { fileName: `${base}.json`, text: jsonReport(summary, meta), notes };
    if (format === 'junit') return { fileName: `${base}.xml`, text: junitReport(summary, meta), notes };
    return { fileName: `${base}.html`, text: htmlReport(summary, meta), notes };
  }

  async remove(runId: string): Promise<boolean> {
    const run = this.runs.find((r) => r.info.id === runId);
    if (!run) return false;
    run.controller.abort();
    await run.done;
    await this.forget(run);
    this.persist();
    return true;
  }

  /** Stops every run and waits for them (the app is closing). */
  async close(): Promise<void> {
    // Never looked at: nothing is running, and nothing needs reading.
    const runs = this.kept ?? [];
    for (const run of runs) run.controller.abort();
    await Promise.all(runs.map((r) => r.done));
  }
}
