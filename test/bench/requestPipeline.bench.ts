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
 * A GET on loopback through the whole Latchkey path (contract parse both ways, dispatcher,
 * variables, validation, timing, body hashing and storing, history) against a bare undici
 * request with the same pool settings. The API runs in its own process, as a real one does (one
 * in this process would share its thread and its garbage with the client). The two alternate
 * request by request, so drift on the machine hits both alike.
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

  const raw = async () => {
    const res = await request(url, { method: 'GET', headers: ['accept', '*/*', 'user-agent', 'Latchkey/bench'], dispatcher: agent });
    await res.body.arrayBuffer();
  };
  const latchkey = async () => {
    const result = await dispatch('http:execute', { requestId: `b${++id}`, request: spec({ url, headers: [header('Accept', '*/*')] }) }, sender);
    if (!result.ok) throw new Error(result.error.message);
  };
  const timed = async (fn: () => Promise<void>) => {
    const start = performance.now();
    await fn();
    return performance.now() - start;
  };

  const rawTimes: number[] = [];
  const lkTimes: number[] = [];
  // The first WARMUP pairs warm both paths up (JIT, connection pools) and are not counted.
  for (let i = 0; i < WARMUP + MEASURED; i++) {
    const rawFirst = i % 2 === 0;
    const a = await timed(rawFirst ? raw : latchkey);
    const b = await timed(rawFirst ? latchkey : raw);
    if (i < WARMUP) continue;
    rawTimes.push(rawFirst ? a : b);
    lkTimes.push(rawFirst ? b : a);
  }
  await agent.close();
  await core.close();
  api.disconnect();
  api.kill();
  rmSync(dir, { recursive: true, force: true });

  rawTimes.sort((a, b) => a - b);
  lkTimes.sort((a, b) => a - b);
  const rawP50 = percentile(rawTimes, 0.5);
  const lkP50 = percentile(lkTimes, 0.5);
  return {
    name: 'request pipeline vs raw undici (loopback GET, p50)',
    detail: `undici p50 ${rawP50.toFixed(3)} ms p95 ${percentile(rawTimes, 0.95).toFixed(3)} ms; Latchkey p50 ${lkP50.toFixed(3)} ms p95 ${percentile(lkTimes, 0.95).toFixed(3)} ms; ${rawTimes.length} requests each`,
    ratio: lkP50 / rawP50,
    limit: 1.15,
  };
}
