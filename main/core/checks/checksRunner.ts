import { Worker } from 'node:worker_threads';
import type { Logger } from '../../ports';
import type { ChecksJob, ChecksReply } from './checksProtocol';
import type { CheckItem, ItemOutcome, ResponseFacts } from './evaluate';

export interface ChecksWorkerEntry {
  url: URL;
  workerData?: unknown;
}

/** The bundled thread beside the built app, or the TypeScript source through tsx (tests, benchmarks). */
export function defaultChecksEntry(): ChecksWorkerEntry {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL('./checksWorker.mjs', here) };
  return { url: new URL('./checksWorker.dev.mjs', here), workerData: { entry: new URL('./checksWorker.ts', here).href } };
}

/** How long one row may take before it fails with "took too long". */
export const ROW_BUDGET_MS = 2000;

interface Pending {
  facts: ResponseFacts;
  items: CheckItem[];
  resolve(outcomes: ItemOutcome[]): void;
}

/**
 * Runs checks on their own thread, one response at a time, each row within a time budget. A
 * row over budget ends the thread: that row fails with "took too long" and a new thread runs
 * the rest. The thread is started on first use and kept (it does not keep the process alive).
 */
export class ChecksRunner {
  private worker: Worker | null = null;
  private readonly queue: Pending[] = [];
  private busy = false;
  private nextJob = 1;
  private closed = false;

  constructor(
    private readonly logger: Logger,
    private readonly budgetMs = ROW_BUDGET_MS,
    private readonly entry: ChecksWorkerEntry = defaultChecksEntry(),
  ) {}

  run(facts: ResponseFacts, items: CheckItem[]): Promise<ItemOutcome[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve) => {
      this.queue.push({ facts, items, resolve });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private pump(): void {
    if (this.busy) return;
    const pending = this.queue.shift();
    if (!pending) return;
    this.busy = true;
    void this.runJob(pending).then((outcomes) => {
      this.busy = false;
      pending.resolve(outcomes);
      this.pump();
    });
  }

  private async runJob(pending: Pending): Promise<ItemOutcome[]> {
    const outcomes: ItemOutcome[] = [];
    while (outcomes.length < pending.items.length) {
      const stopped = await this.runFrom(pending, outcomes);
      if (stopped) {
        outcomes.push({ passed: false, message: stopped, actual: null, foundAt: null, captured: null });
      }
    }
    return outcomes;
  }

  /** Runs rows from `outcomes.length` on, adding each outcome; resolves with why the thread stopped early, or null. */
  private runFrom(pending: Pending, outcomes: ItemOutcome[]): Promise<string | null> {
    if (this.closed) return Promise.resolve('Latchkey is closing');
    const worker = this.thread();
    const jobId = this.nextJob++;
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout;
      const finish = (reason: string | null) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        resolve(reason);
      };
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          this.logger.info('a check took too long; its thread was stopped', { budgetMs: this.budgetMs });
          this.drop(worker);
          finish(`took too long (stopped after ${this.budgetMs / 1000} s)`);
        }, this.budgetMs);
      };
      const onMessage = (reply: ChecksReply) => {
        if (reply.jobId !== jobId) return;
        if ('done' in reply) return finish(null);
        outcomes.push(reply.outcome);
        arm();
      };
      const onExit = (code: number) => {
        this.drop(worker);
        finish(`the checks thread stopped (exit code ${code})`);
      };
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      arm();
      worker.postMessage({ jobId, facts: pending.facts, items: pending.items, from: outcomes.length } satisfies ChecksJob);
    });
  }

  private drop(worker: Worker): void {
    if (this.worker === worker) this.worker = null;
    void worker.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    // A parsed 32 MB body can take several times its size; the cap keeps a hostile one from taking the machine.
    const worker = new Worker(this.entry.url, { workerData: this.entry.workerData, resourceLimits: { maxOldGenerationSizeMb: 768 } });
    worker.unref();
    worker.on('error', (error) => this.logger.error('the checks thread failed', { message: String(error) }));
    this.worker = worker;
    return worker;
  }
}
