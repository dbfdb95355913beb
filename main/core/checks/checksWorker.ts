// The checks thread: assertions and captures read response bodies here, never on main's event
// loop, so a catastrophic regular expression or a huge document stalls only this thread, which
// main ends when a row takes too long (checksRunner.ts).
import { parentPort } from 'node:worker_threads';
import { evaluate } from './evaluate';
import type { ChecksJob, ChecksReply } from './checksProtocol';

parentPort!.on('message', (job: ChecksJob) => {
  evaluate(job.facts, job.items, job.from, (index, outcome) => parentPort!.postMessage({ jobId: job.jobId, index, outcome } satisfies ChecksReply));
  parentPort!.postMessage({ jobId: job.jobId, done: true } satisfies ChecksReply);
});
