import { Worker } from 'node:worker_threads';
import type { Logger } from '../../ports';
import type { IndexRequest, IndexUpdate } from './indexProtocol';

export interface IndexWorkerEntry {
  url: URL;
  workerData?: unknown;
}

/** The bundled thread beside the built app, or the TypeScript source through tsx (tests, benchmarks). */
export function defaultIndexEntry(): IndexWorkerEntry {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL('./indexWorker.mjs', here) };
  return { url: new URL('./indexWorker.dev.mjs', here), workerData: { entry: new URL('./indexWorker.ts', here).href } };
}

type Listener = (update: IndexUpdate) => void;

/**
 * The thread that indexes response bodies (see indexWorker.ts), started on the first body and
 * kept while the app runs (it does not keep the process alive). If it fails, every body it had
 * is reported failed and the next body gets a new thread.
 */
export class IndexRunner {
  private worker: Worker | null = null;
  private readonly listeners = new Map<string, Listener>();
  private closed = false;

  constructor(
    private readonly logger: Logger,
    private readonly entry: IndexWorkerEntry = defaultIndexEntry(),
  ) {}

  /** Starts indexing a body; `onUpdate` hears how far it got until it is done or failed. */
  start(request: Extract<IndexRequest, { type: 'index' }>, onUpdate: Listener): void {
    this.listeners.set(request.bodyId, onUpdate);
    this.thread().postMessage(request);
  }

  grown(bodyId: string, complete: boolean): void {
    if (this.listeners.has(bodyId)) this.worker?.postMessage({ type: 'grown', bodyId, complete } satisfies IndexRequest);
  }

  /** Stops indexing a body and resolves once the thread has closed its files. */
  forget(bodyId: string): Promise<void> {
    const worker = this.worker;
    if (!worker || !this.listeners.has(bodyId)) return Promise.resolve();
    return new Promise((resolve) => {
      this.listeners.set(bodyId, (update) => {
        if (update.type === 'forgotten' || update.type === 'failed') {
          this.listeners.delete(bodyId);
          resolve();
        }
      });
      worker.postMessage({ type: 'forget', bodyId } satisfies IndexRequest);
    });
  }

  /** Starts the thread ahead of the first body (off the start-up path), so the first large response does not wait for it. */
  warm(): void {
    if (!this.closed) this.thread();
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry.url, { workerData: this.entry.workerData, resourceLimits: { maxOldGenerationSizeMb: 512 } });
    worker.unref();
    worker.on('message', (update: IndexUpdate) => {
      const listener = this.listeners.get(update.bodyId);
      if (!listener) return;
      if (update.type === 'failed' || (update.type === 'progress' && update.done)) this.listeners.delete(update.bodyId);
      listener(update);
    });
    const fail = (message: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.logger.error('the indexing thread stopped', { message });
      const listeners = [...this.listeners];
      this.listeners.clear();
      for (const [bodyId, listener] of listeners) listener({ type: 'failed', bodyId, message });
    };
    worker.on('error', (error) => fail(String(error)));
    worker.on('exit', (code) => fail(`exited with code ${code}`));
    this.worker = worker;
    return worker;
  }
}
