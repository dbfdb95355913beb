// `npm run bench`: each benchmark measures Latchkey against a baseline or a target in the same
// run and prints a ratio (≤ limit passes), so noisy machines compare like with like.
import { checksBench } from './checks.bench';
import { collectionsBench } from './collections.bench';
import { largeResponseBench } from './largeResponse.bench';
import { requestPipelineBench, type BenchResult } from './requestPipeline.bench';
import { runnerBench } from './runner.bench';
import { streamingBench } from './streaming.bench';

const sizes = (process.env.BENCH_SIZES ?? '10,50,100').split(',').map(Number).filter((n) => n > 0);
const only = process.env.BENCH_ONLY;
const results: BenchResult[] = [
  ...(only && only !== 'pipeline' ? [] : [await requestPipelineBench()]),
  ...(only && only !== 'collections' ? [] : await collectionsBench()),
  ...(only && only !== 'large' ? [] : await largeResponseBench(sizes)),
  ...(only && only !== 'streaming' ? [] : await streamingBench()),
  ...(only && only !== 'checks' ? [] : await checksBench()),
  ...(only && only !== 'runner' ? [] : await runnerBench()),
];
let failed = false;
for (const r of results) {
  const verdict = r.ratio <= r.limit ? 'ok' : 'OVER';
  if (r.ratio > r.limit) failed = true;
  console.log(`${r.name}: ${r.detail} → ratio ${r.ratio.toFixed(3)} (limit ${r.limit}) ${verdict}`);
}
process.exitCode = failed ? 1 : 0;
