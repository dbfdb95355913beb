import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LatchkeyError } from '../errors';
import type { ImportJob, ImportReply } from './importJob';

/** How long one import may take and how much memory its thread may hold. */
export interface ImportLimits {
  timeMs: number;
  /** The thread's old-generation heap; past it, V8 ends the thread (not the app). */
  heapMb: number;
  /** An idle thread is ended after this long, so it holds no memory between imports. */
  idleMs: number;
}

/** Generous for real files (a 50 MB Postman export takes about 2 s and 400 MB), fatal for bombs. */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = { timeMs: 20_000, heapMb: 1536, idleMs: 30_000 };

export interface WorkerEntry {
  url: URL;
  workerData?: unknown;
}

/**
 * Where the import thread's code is. Bundled (dist/electron/main.mjs, dist/host/cli.mjs), the
 * build writes importWorker.mjs beside the bundle. From the source tree (tests, benchmarks),
 * a small bootstrap has tsx compile importWorker.ts.
 */
export function defaultWorkerEntry(): WorkerEntry {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL('./importWorker.mjs', here) };
  return { url: new URL('./importWorker.dev.mjs', here), workerData: { entry: new URL('./importWorker.ts', here).href } };
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * Runs importers on their own thread with a time and a heap limit: a hostile file ends in an
 * error naming the limit while main keeps answering. One thread is kept warm for the next
 * import (a pasted curl command should not wait for a thread to start); one that failed, ran
 * out of time or memory is ended and the next import gets a new one. Imports run one at a time.
 */
export class ImportRunner {
  private worker: Worker | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
    private readonly entry: WorkerEntry = defaultWorkerEntry(),
  ) {}

  run<T>(job: ImportJob): Promise<T> {
    const result = this.queue.then(() => this.runNow<T>(job));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Ends the thread; imports asked for afterwards are refused. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private spawn(): Worker {
    if (this.entry.url.protocol === 'file:' && !existsSync(fileURLToPath(this.entry.url))) {
      throw new LatchkeyError('internal', `The import thread's code is missing (${fileURLToPath(this.entry.url)}); the app was not built completely.`);
    }
    const worker = new Worker(this.entry.url, {
      workerData: this.entry.workerData,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.heapMb },
      stdout: false,
      stderr: false,
    });
    // An 'error' with no listener would be thrown in main; each job adds its own listener too.
    worker.on('error', () => undefined);
    worker.unref();
    return worker;
  }

  private discard(worker: Worker): void {
    if (this.worker === worker) this.worker = null;
    void worker.terminate();
  }

  private runNow<T>(job: ImportJob): Promise<T> {
    if (this.closed) return Promise.reject(new LatchkeyError('internal', 'Latchkey is closing; the import was not started.'));
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    const { timeMs, heapMb } = this.limits;
    return new Promise<T>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (reply: ImportReply) => {
        if (reply.id !== id) return;
        finish();
        this.idle(worker);
        if (reply.ok) resolve(reply.value as T);
        else reject(new LatchkeyError(reply.code, reply.message));
      };
      const onError = (error: Error & { code?: string }) => {
        finish();
        this.discard(worker);
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new LatchkeyError('import_limit', `Importing stopped: reading this file needed more than ${heapMb} MB of memory, the most one import may use. Nothing was imported.`)
            : new LatchkeyError('invalid_import', `The import failed: ${error.message}`),
        );
      };
      const onExit = (code: number) => {
        finish();
        if (this.worker === worker) this.worker = null;
        reject(new LatchkeyError('invalid_import', `The import stopped (its thread ended with code ${code}). Nothing was imported.`));
      };
      const timer = setTimeout(() => {
        finish();
        this.discard(worker);
        reject(new LatchkeyError('import_limit', `Importing stopped after ${seconds(timeMs)}, the longest one import may take: this file builds more than Latchkey reads in that time. Nothing was imported.`));
      }, timeMs);
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage({ id, job });
    });
  }

  private idle(worker: Worker): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.worker === worker) this.discard(worker);
    }, this.limits.idleMs);
    this.idleTimer.unref();
  }
}
