// `npm run bench`: each benchmark measures Latchkey against a baseline in the same run and
// prints the ratio, so noisy machines compare like with like.
import { requestPipelineBench } from './requestPipeline.bench';

const results = [await requestPipelineBench()];
let failed = false;
for (const r of results) {
  const verdict = r.ratio <= r.limit ? 'ok' : 'OVER';
  if (r.ratio > r.limit) failed = true;
  console.log(`${r.name}: ${r.detail} → ratio ${r.ratio.toFixed(3)} (limit ${r.limit}) ${verdict}`);
}
process.exitCode = failed ? 1 : 0;
