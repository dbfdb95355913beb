import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

/** A process's resident memory, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    throw new Error(`The host (pid ${pid}) is gone.`);
  }
}

/** Watches the page for long tasks on its UI thread (the Long Tasks API: any task over 50 ms). */
export async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longest = Math.max(w.__longest, entry.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
}

/** The longest UI task seen since watchLongTasks (0 when none passed 50 ms). */
export const longestTask = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __longest: number }).__longest);
