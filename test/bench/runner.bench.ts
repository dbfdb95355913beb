// The collection runner against the request pipeline alone, its memory over a long run, and how
// soon the built `latchkey run` sends its first request against node's own start.
import { fork, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfDocumentStore } from '../../main/adapters/confDocumentStore';
import { confFactory } from '../../main/adapters/confFactory';
import { createCore } from '../../main/core/createCore';
import { runCollection, type RunItem } from '../../main/core/runner/collectionRunner';
import type { Assertion, ExecuteRequest } from '../../preload/contract';
import { spec } from '../fixtures/requests';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../fixtures/testPorts';
import type { BenchResult } from './requestPipeline.bench';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ASSERTIONS: Assertion[] = [
  { target: 'status', path: '', operator: 'equals', expected: '200', enabled: true },
  { target: 'jsonpath', path: '$.name', operator: 'equals', expected: 'Latchkey', enabled: true },
  { target: 'header', path: 'content-type', operator: 'contains', expected: 'json', enabled: true },
];

async function startApi(): Promise<{ base: string; stop(): void }> {
  const api = fork(new URL('./apiServer.mjs', import.meta.url).pathname, [], { execArgv: [] });
  const base = await new Promise<string>((done, fail) => {
    api.once('message', (message) => done((message as { url: string }).url));
    api.once('error', fail);
  });
  return { base, stop: () => (api.disconnect(), api.kill()) };
}

export async function runnerBench(): Promise<BenchResult[]> {
  const api = await startApi();
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-runner-'));
  const core = createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 'bench' });
  const request = spec({ url: `${api.base}/items/42`, assertions: ASSERTIONS });
  // The send the runner uses in the app and in `latchkey run`; the bodies go as each step ends.
  const send = async (input: ExecuteRequest) => {
    const result = await core.http.execute(input, { record: false });
    void core.http.removeBody(result.bodyId);
    return { ...result, body: { kind: 'text' as const, text: '' } };
  };
  const BATCH = 50;
  const items: RunItem[] = Array.from({ length: BATCH }, (_, i) => ({ itemId: null, name: `r${i}`, folders: [], request }));
  let id = 0;
  const pipeline = async () => {
    for (let i = 0; i < BATCH; i++) await send({ requestId: `p${++id}`, request, location: null });
  };
  const runner = async () => {
    const summary = await runCollection(send, { items });
    if (summary.assertionsFailed > 0 || summary.errors > 0) throw new Error('the benchmark request failed its assertions');
  };
  const times: [number[], number[]] = [[], []];
  const paths = [pipeline, runner];
  for (let round = 0; round < 70; round++) {
    for (let k = 0; k < 2; k++) {
      const which = (round + k) % 2;
      const start = performance.now();
      await paths[which]!();
      if (round >= 10) times[which]!.push((performance.now() - start) / BATCH);
    }
  }
  const [pipelineMs, runnerMs] = times.map(median) as [number, number];

  // 1,000 requests with 3 assertions each: main's memory growth over the run (sampled, peak).
  const bigItems: RunItem[] = Array.from({ length: 1000 }, (_, i) => ({ itemId: null, name: `r${i}`, folders: [], request }));
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const summary = await runCollection(send, { items: bigItems, onStep: () => (peak = Math.max(peak, process.memoryUsage().rss)) });
  clearInterval(sampler);
  const growthMb = (peak - before) / 1024 / 1024;
  if (summary.requests !== 1000 || summary.assertionsPassed !== 3000) throw new Error('the long run did not pass');
  await core.close();
  rmSync(dir, { recursive: true, force: true });

  const startup = await cliStartup();
  api.stop();
  return [
    {
      name: 'runner vs request pipeline (loopback GET with 3 assertions, per request)',
      detail: `pipeline ${pipelineMs.toFixed(3)} ms, runner ${runnerMs.toFixed(3)} ms per request (medians of 60 rounds of ${BATCH}, taking turns)`,
      ratio: runnerMs / pipelineMs,
      limit: 1.1,
    },
    {
      name: 'runner memory (1,000 requests × 3 assertions)',
      detail: `peak RSS growth ${growthMb.toFixed(1)} MB over the run (limit 64 MB); ${summary.requests} requests, ${summary.assertionsPassed} assertions passed`,
      ratio: growthMb / 64,
      limit: 1,
    },
    startup,
  ];
}

/**
 * `node -e ""` (start and exit) against the built `latchkey run <file>` from spawn to its first
 * request reaching a server, in turns, medians of 7. The limit is on the difference: ≤ 500 ms.
 */
async function cliStartup(): Promise<BenchResult> {
  const bin = resolve(import.meta.dirname, '../../bin/latchkey.mjs');
  const work = mkdtempSync(join(tmpdir(), 'latchkey-bench-cli-'));
  let arrived: (() => void) | null = null;
  const server = createServer((req, res) => {
    arrived?.();
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"name":"Latchkey"}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/first`;
  const file = join(work, 'bench.postman_collection.json');
  writeFileSync(file, JSON.stringify({ info: { name: 'Bench', schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' }, item: [{ name: 'First', request: { method: 'GET', url } }] }));
  const env = { PATH: process.env.PATH, HOME: work, CI: 'true' };
  const nodeTimes: number[] = [];
  const cliTimes: number[] = [];
  for (let i = 0; i < 8; i++) {
    const start = performance.now();
    spawnSync(process.execPath, ['-e', ''], { env });
    if (i > 0) nodeTimes.push(performance.now() - start);
    const began = performance.now();
    const first = new Promise<number>((done) => (arrived = () => done(performance.now() - began)));
    const child = spawn(process.execPath, [bin, 'run', file, '--data-dir', join(work, 'none')], { env, cwd: work, stdio: 'ignore' });
    const exited = new Promise<number | null>((done) => child.on('close', done));
    const ms = await first;
    arrived = null;
    if ((await exited) !== 0) throw new Error('latchkey run failed in the start-up benchmark (is it built? npm run build)');
    if (i > 0) cliTimes.push(ms);
  }
  await new Promise<void>((done) => server.close(() => done()));
  rmSync(work, { recursive: true, force: true });
  const nodeMs = median(nodeTimes);
  const cliMs = median(cliTimes);
  return {
    name: 'latchkey run start-up (first request after spawn, against node -e "")',
    detail: `node -e "" ${nodeMs.toFixed(0)} ms; latchkey run's first request ${cliMs.toFixed(0)} ms after spawn; later by ${(cliMs - nodeMs).toFixed(0)} ms (limit 500 ms); medians of 7`,
    ratio: (cliMs - nodeMs) / 500,
    limit: 1,
  };
}
