import { fork } from 'node:child_process';
import { request, Agent } from 'undici';
import { ConfDocumentStore } from '../../main/adapters/confDocumentStore';
import { confFactory } from '../../main/adapters/confFactory';
import { createCore } from '../../main/core/createCore';
import { createDispatcher } from '../../main/ipc/dispatcher';
import { createHandlers } from '../../main/ipc/handlers';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { header, spec } from '../fixtures/requests';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../fixtures/testPorts';

export interface BenchResult {
  name: string;
  detail: string;
  ratio: number;
  limit: number;
}

const WARMUP = 1000;
const MEASURED = 6000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

/**
 * A GET on loopback through Latchkey's request pipeline (variables, auth hook, validation,
 * timing, body hashing and storing, history: `core.http.execute`, the request pipeline benchmark's line in docs/architecture.md) against
 * `undici.request` with the same pool settings. Measured alongside and reported, not judged: the
 * same request through the IPC dispatcher too (contract parse of the call and check of the
 * answer), and undici's pool-level call. The API runs in its own process, as a real one does (one
 * in this process would share its thread and its garbage with the client). The four paths take
 * turns request by request, in rotating order, so drift on the machine hits them alike.
 */
export async function requestPipelineBench(): Promise<BenchResult> {
  const api = fork(new URL('./apiServer.mjs', import.meta.url).pathname, [], { execArgv: [] });
  const base = await new Promise<string>((resolve, reject) => {
    api.once('message', (message) => resolve((message as { url: string }).url));
    api.once('error', reject);
  });
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-'));
  const core = createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 'bench' });
  const dispatch = createDispatcher(createHandlers(core, { kind: 'browser', platform: process.platform }), { appOrigin: 'app://latchkey', logger: memoryLogger() });
  const sender = { origin: 'app://latchkey', isMainFrame: true };
  const agent = new Agent({ connect: { timeout: 15_000 } });
  const url = `${base}/items/42`;
  let id = 0;

  // undici's own API, as a program using undici writes it.
  const raw = async () => {
    const res = await request(url, { method: 'GET', headers: ['accept', '*/*', 'user-agent', 'Latchkey/bench'], dispatcher: agent });
    await res.body.arrayBuffer();
  };
  // The pool-level call Latchkey itself makes (no URL parsing): reported, for the overhead of Latchkey's own work alone.
  const rawPool = async () => {
    const res = await agent.request({ origin: base, path: '/items/42', method: 'GET', headers: ['accept', '*/*', 'user-agent', 'Latchkey/bench'] });
    await res.body.arrayBuffer();
  };
  const pipeline = async () => {
    await core.http.execute({ requestId: `b${++id}`, request: spec({ url, headers: [header('Accept', '*/*')] }) });
  };
  const dispatched = async () => {
    const result = await dispatch('http:execute', { requestId: `b${++id}`, request: spec({ url, headers: [header('Accept', '*/*')] }) }, sender);
    if (!result.ok) throw new Error(result.error.message);
  };
  const paths = [raw, rawPool, pipeline, dispatched];
  const times: number[][] = paths.map(() => []);
  // The first WARMUP rounds warm every path up (JIT, connection pools) and are not counted.
  for (let i = 0; i < WARMUP + MEASURED; i++) {
    for (let k = 0; k < paths.length; k++) {
      const which = (i + k) % paths.length;
      const start = performance.now();
      await paths[which]!();
      const elapsed = performance.now() - start;
      if (i >= WARMUP) times[which]!.push(elapsed);
    }
  }
  await agent.close();
  await core.close();
  api.disconnect();
  api.kill();
  rmSync(dir, { recursive: true, force: true });

  const [rawTimes, poolTimes, pipelineTimes, dispatchedTimes] = times.map((t) => t.sort((a, b) => a - b)) as [number[], number[], number[], number[]];
  const rawP50 = percentile(rawTimes, 0.5);
  const pipelineP50 = percentile(pipelineTimes, 0.5);
  const ms = (t: number[], p: number) => percentile(t, p).toFixed(3);
  const vs = (t: number[], base: number[]) => (percentile(t, 0.5) / percentile(base, 0.5)).toFixed(3);
  return {
    name: 'request pipeline vs raw undici (loopback GET, p50)',
    detail:
      `undici.request p50 ${ms(rawTimes, 0.5)} ms p95 ${ms(rawTimes, 0.95)} ms; Latchkey pipeline p50 ${ms(pipelineTimes, 0.5)} ms p95 ${ms(pipelineTimes, 0.95)} ms; ` +
      `also: through the IPC dispatcher p50 ${ms(dispatchedTimes, 0.5)} ms (${vs(dispatchedTimes, rawTimes)}× undici.request); ` +
      `against undici's pool-level call (p50 ${ms(poolTimes, 0.5)} ms) the pipeline is ${vs(pipelineTimes, poolTimes)}× and through the dispatcher ${vs(dispatchedTimes, poolTimes)}×; ${rawTimes.length} requests each`,
    ratio: pipelineP50 / rawP50,
    limit: 1.15,
  };
}
