import { execFile, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { findChromium, launchHost, type RunningHost } from '../e2e/fixtures';
import { longestTask, rssMb, watchLongTasks } from './probes';
import type { BenchResult } from './requestPipeline.bench';

/** Turns of curl and Latchkey per framing. */
const RUNS = 5;

/** `curl -s -o FILE URL` on the same server: the fastest the bytes can be fetched and stored here. */
function curlMs(url: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile('curl', ['-s', '--compressed', '-o', file, url], (error) => (error ? reject(error) : resolve(performance.now() - started)));
  });
}

interface Server {
  process: ChildProcess;
  url: string;
  bytes: number;
  gzipped: number;
  /** Resolves with the time (epoch ms) the server wrote the first 64 KB of the next response. */
  nextFirstChunk(): Promise<number>;
}

async function startServer(): Promise<Server> {
  const child = fork(new URL('./streamServer.mjs', import.meta.url).pathname, [], { execArgv: [] });
  const waiting: ((at: number) => void)[] = [];
  const ready = await new Promise<{ url: string; bytes: number; gzipped: number }>((resolve, reject) => {
    child.on('message', (message: { url?: string; bytes?: number; gzipped?: number; firstChunkAt?: number }) => {
      if (message.url) resolve({ url: message.url, bytes: message.bytes ?? 0, gzipped: message.gzipped ?? 0 });
      if (message.firstChunkAt) waiting.shift()?.(message.firstChunkAt);
    });
    child.once('error', reject);
  });
  return { process: child, ...ready, nextFirstChunk: () => new Promise((resolve) => waiting.push(resolve)) };
}

/**
 * Bodies as real servers send them, through the browser host in Chromium (the app a user runs):
 * about 100 MB of JSON with Content-Length, chunked in 64 KB, 4 KB and 100-byte writes, and gzip
 * chunked in 100-byte writes. For each: the time from Send to the stored body's final state on
 * screen, against `curl -s -o FILE` on the same server, taking turns (the median of five each), and
 * the growth of main's memory (peak RSS over the RSS before Send). Then the first rows on screen
 * after the first 64 KB were written, and server-sent events on screen after the server wrote them.
 */
export async function streamingBench(): Promise<BenchResult[]> {
  const server = await startServer();
  const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const scratch = mkdtempSync(join(tmpdir(), 'latchkey-bench-stream-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-stream-data-'));
  let host: RunningHost | null = null;
  const results: BenchResult[] = [];
  const mb = (server.bytes / (1024 * 1024)).toFixed(0);
  try {
    host = await launchHost(dataDir);
    const pid = host.process.pid ?? 0;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(host.url);

    const send = async (path: string) => {
      await page.getByLabel('URL').fill(`${server.url}${path}`);
      await page.waitForTimeout(300);
      // Timed in the page, from the press of Send to the final status painted: Playwright's own
      // waiting would add a few hundred milliseconds that are not the app's.
      await page.evaluate(() => {
        const w = window as unknown as { __pressedAt: number; __storedAt: number };
        w.__pressedAt = 0;
        w.__storedAt = 0;
        document.addEventListener('mousedown', () => (w.__pressedAt = performance.now()), { once: true, capture: true });
        const observer = new MutationObserver(() => {
          if (document.querySelector('[data-testid="response-status"]')) {
            w.__storedAt = performance.now();
            observer.disconnect();
          }
        });
        observer.observe(document.body, { subtree: true, childList: true });
      });
      const baseline = rssMb(pid);
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByTestId('response-status').waitFor({ timeout: 180_000 });
      const ms = await page.evaluate(() => {
        const w = window as unknown as { __pressedAt: number; __storedAt: number };
        return w.__storedAt - w.__pressedAt;
      });
      // Indexing follows the body as it arrives; memory is watched until it is done too.
      await page.getByText('Indexing…').waitFor({ state: 'detached', timeout: 180_000 });
      await page.getByTestId('body-receiving').waitFor({ state: 'detached', timeout: 180_000 });
      clearInterval(sampler);
      peak = Math.max(peak, rssMb(pid));
      return { ms, growth: peak - baseline };
    };

    const framings: [string, string, boolean][] = [
      ['Content-Length', '/cl', false],
      ['chunked 64 KB writes', '/chunked?write=65536', false],
      ['chunked 4 KB writes', '/chunked?write=4096', false],
      ['chunked 100 B writes', '/chunked?write=100', false],
      ['gzip chunked 100 B writes', '/gzip?write=100', true],
    ];
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    for (const [name, path, gzip] of framings) {
      // Taking turns, each to a fresh file (as every response is): this machine's disk speed
      // swings between runs, and turns spread the swings over both.
      const curls: number[] = [];
      const runs: { ms: number; growth: number }[] = [];
      for (let i = 0; i < RUNS; i++) {
        const file = join(scratch, `curl-${i}.out`);
        curls.push(await curlMs(`${server.url}${path}`, file));
        const stored = statSync(file).size;
        if (stored !== server.bytes) throw new Error(`curl stored ${stored} bytes of ${server.bytes} for ${path}`);
        rmSync(file);
        if (name === 'chunked 100 B writes' && i === 0) await watchLongTasks(page);
        runs.push(await send(path));
      }
      const curl = median(curls);
      const best = median(runs.map((r) => r.ms));
      const growth = Math.max(...runs.map((r) => r.growth));
      const wire = gzip ? ` (${(server.gzipped / (1024 * 1024)).toFixed(1)} MB on the wire)` : '';
      results.push(
        { name: `${mb} MB JSON, ${name}${wire}: Send to body stored`, detail: `median ${best.toFixed(0)} ms vs curl -o ${curl.toFixed(0)} ms (${RUNS} turns each: ${runs.map((r) => r.ms.toFixed(0)).join(', ')} vs ${curls.map((c) => c.toFixed(0)).join(', ')})`, ratio: best / curl / 1.5, limit: 1 },
        { name: `${mb} MB JSON, ${name}: main memory growth`, detail: `${growth.toFixed(1)} MB`, ratio: growth / 64, limit: 1 },
      );
      if (name === 'chunked 100 B writes') {
        const longest = await longestTask(page);
        results.push({ name: `${mb} MB JSON, ${name}: longest UI task while it streams in`, detail: longest === 0 ? 'no task over 50 ms' : `${longest.toFixed(0)} ms`, ratio: longest / 200, limit: 1 });
      }
    }

    // First rows: the server writes 64 KB every 50 ms; the page notes when the first record shows.
    {
      const lags: number[] = [];
      for (let i = 0; i < 3; i++) {
        await page.getByLabel('URL').fill(`${server.url}/paced`);
        await page.evaluate(() => {
          const w = window as unknown as { __firstRowAt: number };
          w.__firstRowAt = 0;
          const observer = new MutationObserver(() => {
            if (w.__firstRowAt === 0 && document.querySelector('[data-testid="response-body"]')?.textContent?.includes('"name": "record 0"')) {
              w.__firstRowAt = Date.now();
              observer.disconnect();
            }
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        });
        const first = server.nextFirstChunk();
        await page.getByRole('button', { name: 'Send' }).click();
        const firstChunkAt = await first;
        await page.waitForFunction(() => (window as unknown as { __firstRowAt: number }).__firstRowAt > 0, undefined, { timeout: 30_000 });
        const seen = await page.evaluate(() => (window as unknown as { __firstRowAt: number }).__firstRowAt);
        lags.push(seen - firstChunkAt);
        await page.getByRole('button', { name: 'Cancel' }).click();
        await page.getByTestId('response-status').waitFor({ timeout: 30_000 });
      }
      const worst = Math.max(...lags);
      results.push({ name: 'First rows on screen after the first 64 KB were written', detail: `worst ${worst.toFixed(0)} ms of 3 (${lags.map((l) => l.toFixed(0)).join(', ')} ms)`, ratio: worst / 300, limit: 1 });
    }

    // Server-sent events: each carries the time it was written; the page notes when it shows.
    {
      await page.getByLabel('URL').fill(`${server.url}/sse?count=20&interval=150`);
      await page.evaluate(() => {
        const w = window as unknown as { __eventLags: number[] };
        w.__eventLags = [];
        const seen = new Set<number>();
        new MutationObserver(() => {
          for (const row of document.querySelectorAll('.event-row .event-data')) {
            const match = /"n": (\d+),\s*"writtenAt": (\d+)/.exec(row.textContent ?? '');
            if (!match) continue;
            const n = Number(match[1]);
            if (seen.has(n)) continue;
            seen.add(n);
            w.__eventLags.push(Date.now() - Number(match[2]));
          }
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByTestId('response-status').waitFor({ timeout: 30_000 });
      const lags = await page.evaluate(() => (window as unknown as { __eventLags: number[] }).__eventLags);
      if (lags.length < 10) throw new Error(`only ${lags.length} events were seen live`);
      const sorted = [...lags].sort((a, b) => a - b);
      const worst = sorted.at(-1)!;
      results.push({ name: 'Server-sent event on screen after the server wrote it', detail: `worst ${worst.toFixed(0)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms of ${lags.length} events`, ratio: worst / 100, limit: 1 });
    }
    await page.close();
  } catch (error) {
    if (host) console.error(`The streaming benchmark failed. Host output:\n${host.output()}`);
    throw error;
  } finally {
    await host?.stop();
    await browser.close();
    server.process.kill();
    rmSync(scratch, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}
