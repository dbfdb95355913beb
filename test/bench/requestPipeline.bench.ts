import { request, Agent } from 'undici';
import { ConfDocumentStore } from '../../main/adapters/confDocumentStore';
import { confFactory } from '../../main/adapters/confFactory';
import { createCore } from '../../main/core/createCore';
import { createDispatcher } from '../../main/ipc/dispatcher';
import { createHandlers } from '../../main/ipc/handlers';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEchoServer } from '../fixtures/echoServer';
import { header, spec } from '../fixtures/requests';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../fixtures/testPorts';

export interface BenchResult {
  name: string;
  detail: string;
  ratio: number;
  limit: number;
}

const ROUNDS = 7;
const PER_ROUND = 300;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

/**
 * A GET on loopback through the whole Latchkey path (contract parse, dispatcher, validation,
 * undici, body preview, classification) against a bare undici request with the same pool
 * settings. Rounds alternate so drift on the machine hits both alike.
 */
export async function requestPipelineBench(): Promise<BenchResult> {
  const server = await startEchoServer();
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-'));
  const core = createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 'bench' });
  const dispatch = createDispatcher(createHandlers(core, { kind: 'browser', platform: process.platform }), { appOrigin: 'app://latchkey', logger: memoryLogger() });
  const sender = { origin: 'app://latchkey', isMainFrame: true };
  const agent = new Agent({ connect: { timeout: 15_000 } });
  const url = `${server.url}/echo`;
  let id = 0;

  const raw = async () => {
    const res = await request(url, { method: 'GET', headers: ['accept', '*/*', 'user-agent', 'Latchkey/bench'], dispatcher: agent });
    await res.body.arrayBuffer();
  };
  const latchkey = async () => {
    const result = await dispatch('http:execute', { requestId: `b${++id}`, request: spec({ url, headers: [header('Accept', '*/*')] }) }, sender);
    if (!result.ok) throw new Error(result.error.message);
  };
  const time = async (fn: () => Promise<void>, out: number[]) => {
    for (let i = 0; i < PER_ROUND; i++) {
      const start = performance.now();
      await fn();
      out.push(performance.now() - start);
    }
  };

  const rawTimes: number[] = [];
  const lkTimes: number[] = [];
  // Warm both paths up (JIT, connection pool) before measuring.
  for (let i = 0; i < 3; i++) {
    await time(raw, []);
    await time(latchkey, []);
  }
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      await time(raw, rawTimes);
      await time(latchkey, lkTimes);
    } else {
      await time(latchkey, lkTimes);
      await time(raw, rawTimes);
    }
  }
  await agent.close();
  await core.close();
  await server.close();
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
