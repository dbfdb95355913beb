// Runs the TypeScript checks thread from the source tree (tests, benchmarks): tsx compiles it.
// Built apps start the bundled checksWorker.mjs instead (checksRunner.ts picks).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
