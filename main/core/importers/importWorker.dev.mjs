// Runs the TypeScript import thread from the source tree (tests, benchmarks): tsx compiles it.
// Built apps start the bundled importWorker.mjs instead (importRunner.ts picks).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
