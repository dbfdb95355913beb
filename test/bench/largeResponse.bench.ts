import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { findChromium, launchHost } from '../e2e/fixtures';
import { largeJson, startEchoServer } from '../fixtures/echoServer';
import { longestTask, rssMb, watchLongTasks } from './probes';
import type { BenchResult } from './requestPipeline.bench';

/**
 * A large JSON response through the browser host in Chromium, as a user meets it: the growth
 * of main's memory, the time from the response being complete to its first rows on screen, and
 * the time to find a match at the very end.
 */
export async function largeResponseBench(sizesMb: number[]): Promise<BenchResult[]> {
  const echo = await startEchoServer();
  const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const results: BenchResult[] = [];
  try {
    for (const mb of sizesMb) {
      largeJson(mb);
      const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-bench-large-'));
      const host = await launchHost(dataDir);
      const pid = host.process.pid ?? 0;
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        await page.goto(host.url);
        await page.getByLabel('URL').fill(`${echo.url}/large?mb=${mb}`);
        await page.waitForTimeout(500);
        const baseline = rssMb(pid);
        let peak = baseline;
        const sampler = setInterval(() => {
          if (host.process.exitCode === null) peak = Math.max(peak, rssMb(pid));
        }, 25);
        await page.getByRole('button', { name: 'Send' }).click();
        await page.getByTestId('response-status').waitFor({ timeout: 120_000 });
        const complete = performance.now();
        await page.getByTestId('response-body').getByText('"name": "record 0"').waitFor({ timeout: 60_000 });
        const firstPaint = performance.now() - complete;
        await page.getByText('Indexing…').waitFor({ state: 'detached', timeout: 120_000 });
        const search = page.getByLabel('Search body');
        await search.fill('needle-at-the-end');
        const searchStart = performance.now();
        await search.press('Enter');
        await page.getByTestId('response-body').locator('mark').waitFor({ timeout: 60_000 });
        const searchMs = performance.now() - searchStart;
        clearInterval(sampler);

        // Scrolling: wheel steps and jumps across the whole body while the browser reports any
        // task on the UI thread over 50 ms (the Long Tasks API); the longest one is the figure.
        await watchLongTasks(page);
        const scroller = page.getByTestId('response-body');
        await scroller.hover();
        for (let i = 0; i < 40; i++) await page.mouse.wheel(0, 1500);
        for (const fraction of [0.1, 0.5, 0.9, 0.3, 0.99, 0]) {
          await scroller.evaluate((el, f) => (el.scrollTop = (el.scrollHeight - el.clientHeight) * f), fraction);
          await page.waitForTimeout(150);
          for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -800);
        }
        await page.waitForTimeout(500);
        const longest = await longestTask(page);
        const growth = peak - baseline;
        results.push(
          { name: `${mb} MB JSON: main memory growth`, detail: `${growth.toFixed(1)} MB (RSS ${baseline.toFixed(0)} → peak ${peak.toFixed(0)} MB)`, ratio: growth / 64, limit: 1 },
          { name: `${mb} MB JSON: first rows after the body arrived`, detail: `${firstPaint.toFixed(0)} ms`, ratio: firstPaint / 1000, limit: 1 },
          { name: `${mb} MB JSON: search finds the last record`, detail: `${searchMs.toFixed(0)} ms (after indexing finished)`, ratio: searchMs / 1000, limit: 1 },
          { name: `${mb} MB JSON: longest UI task while scrolling`, detail: longest === 0 ? 'no task over 50 ms' : `${longest.toFixed(0)} ms`, ratio: longest / 200, limit: 1 },
        );
        await page.close();
      } catch (error) {
        console.error(`The ${mb} MB run failed. Host output:\n${host.output()}`);
        throw error;
      } finally {
        await host.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await browser.close();
    await echo.close();
  }
  return results;
}
