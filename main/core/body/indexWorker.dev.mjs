// Runs the TypeScript indexing thread from the source tree (tests, benchmarks): tsx compiles it.
// Built apps start the bundled indexWorker.mjs instead (indexRunner.ts picks).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
