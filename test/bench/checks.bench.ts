import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Assertion, Capture } from '../../preload/contract';
import { ConfDocumentStore } from '../../main/adapters/confDocumentStore';
import { confFactory } from '../../main/adapters/confFactory';
import { createCore } from '../../main/core/createCore';
import { largeJson, startEchoServer } from '../fixtures/echoServer';
import { spec } from '../fixtures/requests';
import { memoryLogger, memorySecretStore, realClock, recordingBrowser } from '../fixtures/testPorts';
import { rssMb } from './probes';
import type { BenchResult } from './requestPipeline.bench';

const MB = 100;
const ROUNDS = 3;

/**
 * Assertions and a capture on a 100 MB chunked JSON response: three assertions (the status, a
 * JSON value at the start, a text at the very end) and a regex capture of the last record, read
 * from the stored body on the checks thread. Against the same send with no checks, in turns:
 * the time the checks add, and this process's memory growth while they run (the checks thread
 * is in this process, so its memory counts too).
 */
export async function checksBench(): Promise<BenchResult[]> {
  largeJson(MB);
  const echo = await startEchoServer();
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-bench-checks-'));
  const core = createCore({ documents: new ConfDocumentStore(dir, confFactory), secrets: memorySecretStore(), browser: recordingBrowser(), dialogs: null, bodiesDir: join(dir, 'bodies'), clock: realClock, logger: memoryLogger(), version: 'bench' });
  const url = `${echo.url}/stream?mb=${MB}&write=65536`;
  const assertions: Assertion[] = [
    { target: 'status', path: '', operator: 'equals', expected: '200', enabled: true },
    { target: 'jsonpath', path: '$[0].name', operator: 'equals', expected: 'record 0', enabled: true },
    { target: 'body', path: '', operator: 'contains', expected: 'needle-at-the-end', enabled: true },
  ];
  const captures: Capture[] = [{ name: 'last', source: 'regex', path: '"name":"(needle-[a-z-]+)"', scope: 'session', secret: false, enabled: true }];
  const plain: number[] = [];
  const checked: number[] = [];
  let growth = 0;
  let plainGrowth = 0;
  const sample = async (run: () => Promise<unknown>): Promise<number> => {
    global.gc?.();
    const baseline = rssMb(process.pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(process.pid))), 20);
    try {
      await run();
    } finally {
      clearInterval(sampler);
    }
    return Math.max(peak, rssMb(process.pid)) - baseline;
  };
  let id = 0;
  let threadStart = 0;
  try {
    // The checks thread starts with the first send that has checks, once per run of Latchkey: measured apart.
    threadStart = await sample(() => core.http.execute({ requestId: 'warm', request: spec({ url: `${echo.url}/echo`, assertions: assertions.slice(0, 1) }) }));
    for (let round = 0; round < ROUNDS; round++) {
      let start = performance.now();
      plainGrowth = Math.max(plainGrowth, await sample(() => core.http.execute({ requestId: `plain${++id}`, request: spec({ url }) })));
      plain.push(performance.now() - start);

      let result: Awaited<ReturnType<typeof core.http.execute>> | undefined;
      start = performance.now();
      growth = Math.max(growth, await sample(async () => (result = await core.http.execute({ requestId: `checked${++id}`, request: spec({ url, assertions, captures }) }))));
      checked.push(performance.now() - start);
      if (result?.checks?.failed !== 0 || result?.checks?.captures[0]?.value !== 'needle-at-the-end') throw new Error(`The checks did not pass: ${JSON.stringify(result?.checks)}`);
    }
  } finally {
    await core.close();
    await echo.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  const added = median(checked) - median(plain);
  const addedMemory = Math.max(0, growth - plainGrowth);
  return [
    { name: `${MB} MB chunked JSON: time 3 assertions and a capture add to a send`, detail: `${added.toFixed(0)} ms (${median(checked).toFixed(0)} ms with them, ${median(plain).toFixed(0)} ms without; medians of ${ROUNDS}; limit 1 s per 100 MB)`, ratio: added / 1000, limit: 1 },
    { name: `${MB} MB chunked JSON: memory the checks add to a send`, detail: `${addedMemory.toFixed(1)} MB (peak RSS growth ${growth.toFixed(1)} MB with them, ${plainGrowth.toFixed(1)} MB without; the checks thread is in this process; starting it, once, took ${threadStart.toFixed(1)} MB)`, ratio: addedMemory / 64, limit: 1 },
  ];
}
