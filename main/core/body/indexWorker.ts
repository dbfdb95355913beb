// The indexing thread: reads stored bodies, indexes their rows and writes their pretty copies,
// so main's thread stays free for requests (a 100 MB body takes about a second of CPU to
// pretty-print). Bodies are read a chunk at a time, in turn, and a growing body waits for main
// to say more of it is in its file.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { IndexRequest, IndexUpdate } from './indexProtocol';
import { JsonPrettyStream, type JsonError } from './jsonPrettyStream';
import { LineIndex } from './lineIndex';
import { LineSplitter } from './lineSplitter';
import { XmlPrettyStream } from './xmlPrettyStream';

const READ_CHUNK = 512 * 1024;
/**
 * While a body is still arriving, indexing takes at most this share of a core (it sleeps between
 * chunks in proportion to the work it did), so a fast download keeps the machine's cores for
 * the transfer itself; once the body is complete it goes at full speed.
 */
const SHARE_WHILE_ARRIVING = 0.25;
const port = parentPort!;

class Job {
  private readonly fd: number;
  private readonly prettyFd: number | null;
  private readonly rawIndex = new LineIndex();
  private readonly prettyIndex = new LineIndex();
  private readonly raw = new LineSplitter(this.rawIndex);
  private readonly pretty: LineSplitter | null;
  private readonly formatter: JsonPrettyStream | XmlPrettyStream | null;
  private error: JsonError | null = null;
  private read = 0;
  private prettyBytes = 0;
  private sentRaw = 0;
  private sentPretty = 0;
  waiting = false;

  constructor(
    readonly bodyId: string,
    path: string,
    prettyPath: string | null,
    format: 'json' | 'xml' | null,
    public complete: boolean,
  ) {
    this.fd = openSync(path, 'r');
    this.prettyFd = prettyPath ? openSync(prettyPath, 'w', 0o600) : null;
    this.pretty = prettyPath ? new LineSplitter(this.prettyIndex) : null;
    const emit = (chunk: Buffer) => {
      this.pretty!.feed(chunk);
      writeSync(this.prettyFd!, chunk);
      this.prettyBytes += chunk.length;
    };
    this.formatter = format === 'json' ? new JsonPrettyStream(emit) : format === 'xml' ? new XmlPrettyStream(emit) : null;
  }

  /** Indexes one chunk. Returns false when there is nothing to read now (waiting, or done). */
  step(chunk: Buffer): 'more' | 'wait' | 'done' {
    // Checked before the read: a body completed after a read of nothing may still have had bytes added.
    const complete = this.complete;
    const bytesRead = readSync(this.fd, chunk, 0, chunk.length, this.read);
    if (bytesRead === 0) {
      if (!complete) {
        this.waiting = true;
        return 'wait';
      }
      this.finish();
      return 'done';
    }
    const bytes = chunk.subarray(0, bytesRead);
    this.raw.feed(bytes);
    if (this.formatter && !this.formatter.error) {
      this.formatter.write(bytes);
      if (this.formatter.error) this.error = this.formatter.error;
    }
    this.read += bytesRead;
    this.report(false);
    return 'more';
  }

  private finish(): void {
    if (this.formatter && !this.formatter.error) this.error = this.formatter.end();
    this.close();
    this.report(true);
  }

  close(): void {
    closeSync(this.fd);
    if (this.prettyFd !== null) closeSync(this.prettyFd);
  }

  private report(done: boolean): void {
    const update: IndexUpdate = {
      type: 'progress',
      bodyId: this.bodyId,
      read: this.read,
      raw: { marks: this.rawIndex.marksFrom(this.sentRaw), lineCount: this.rawIndex.lineCount },
      pretty: this.pretty ? { marks: this.prettyIndex.marksFrom(this.sentPretty), lineCount: this.prettyIndex.lineCount, bytes: this.prettyBytes } : null,
      error: this.error,
      done,
    };
    this.sentRaw = this.rawIndex.marksStored;
    this.sentPretty = this.prettyIndex.marksStored;
    const transfer = [update.raw.marks.buffer, ...(update.pretty ? [update.pretty.marks.buffer] : [])];
    port.postMessage(update, transfer as ArrayBuffer[]);
  }
}

const jobs = new Map<string, Job>();
const chunk = Buffer.allocUnsafe(READ_CHUNK);
let scheduled = false;

/** One chunk of one ready body per turn, in turn, so messages (more bytes, a new body) come in between. */
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(run);
}

function run(): void {
  scheduled = false;
  let worked = false;
  let arrivingMs = 0;
  for (const job of [...jobs.values()]) {
    // Skipped when it is waiting for bytes, or was replaced or forgotten during this turn.
    if (job.waiting || jobs.get(job.bodyId) !== job) continue;
    worked = true;
    try {
      const started = performance.now();
      const outcome = job.step(chunk);
      if (!job.complete) arrivingMs += performance.now() - started;
      if (outcome === 'done') jobs.delete(job.bodyId);
    } catch (error) {
      jobs.delete(job.bodyId);
      try {
        job.close();
      } catch {
        // Already closed.
      }
      port.postMessage({ type: 'failed', bodyId: job.bodyId, message: String(error) } satisfies IndexUpdate);
    }
  }
  if (!worked) return;
  if (arrivingMs > 0) {
    scheduled = true;
    setTimeout(run, (arrivingMs * (1 - SHARE_WHILE_ARRIVING)) / SHARE_WHILE_ARRIVING);
  } else schedule();
}

port.on('message', (request: IndexRequest) => {
  if (request.type === 'index') {
    // Main opens each body once; a second request for it replaces the first, whose files close.
    jobs.get(request.bodyId)?.close();
    try {
      jobs.set(request.bodyId, new Job(request.bodyId, request.path, request.prettyPath, request.format, request.complete));
    } catch (error) {
      port.postMessage({ type: 'failed', bodyId: request.bodyId, message: String(error) } satisfies IndexUpdate);
      return;
    }
  } else if (request.type === 'grown') {
    const job = jobs.get(request.bodyId);
    if (!job) return;
    job.complete = request.complete;
    job.waiting = false;
  } else {
    const job = jobs.get(request.bodyId);
    if (job) {
      jobs.delete(request.bodyId);
      job.close();
    }
    port.postMessage({ type: 'forgotten', bodyId: request.bodyId } satisfies IndexUpdate);
    return;
  }
  schedule();
});
