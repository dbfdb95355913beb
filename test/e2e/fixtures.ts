import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import { startEchoServer, type EchoServer } from '../fixtures/echoServer';

const root = resolve(import.meta.dirname, '../..');

/** Debian's chromium from PATH: Playwright's own browser download is not used. */
export function findChromium(): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      const candidate = join(dir, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new Error('No chromium on PATH. Install it with: sudo apt-get install -y chromium');
}

export interface RunningHost {
  url: string;
  origin: string;
  dataDir: string;
  process: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

/** The origins of the hosts this worker started: the app's own pages, whose console errors fail a journey. */
const appOrigins = new Set<string>();

/** Starts `node dist/host/cli.mjs` (what `npm run serve` runs after building) on a free port. */
export async function launchHost(dataDir: string): Promise<RunningHost> {
  const child = spawn(process.execPath, [join(root, 'dist/host/cli.mjs'), '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not print its URL:\n${out}`)), 15_000);
    const check = () => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${out}`)));
  });
  appOrigins.add(new URL(url).origin);
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    process: child,
    output: () => out,
    stop: () =>
      new Promise((resolvePromise) => {
        if (child.exitCode !== null) return resolvePromise(child.exitCode);
        child.once('exit', (code) => resolvePromise(code));
        child.kill('SIGINT');
      }),
  };
}

/** What the browser logs when a journey stops its host on purpose (a restart) and the open page tries to reconnect. */
export const HOST_STOPPED = /^WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/ws' failed: Error in connection establishment: net::ERR_CONNECTION_REFUSED$/;

/** Console errors and uncaught exceptions of every page of a journey; `check` fails the journey on any. */
export interface ConsoleErrors {
  check(): void;
}

export const test = base.extend<{ dataDir: string; host: RunningHost; echo: EchoServer; allowedConsoleErrors: RegExp | null; consoleErrors: ConsoleErrors }>({
  /** Console errors a journey expects (a restart's reconnect attempts, say); none by default. One pattern: a fixture's array would read as its options. */
  allowedConsoleErrors: [null, { option: true }],
  // Every journey fails on a console error or an uncaught exception in the app's pages (those of a
  // host it started; a provider's or a test server's pages are not the app). The host checks
  // before it stops: a page left open then fails to reconnect, which is no fault.
  consoleErrors: [
    async ({ context, allowedConsoleErrors }, use) => {
      const errors: string[] = [];
      let checked = false;
      const watch = (page: Page) => {
        const ours = () => {
          try {
            return appOrigins.has(new URL(page.url()).origin);
          } catch {
            return false;
          }
        };
        page.on('console', (m) => {
          if (!checked && ours() && m.type() === 'error' && !allowedConsoleErrors?.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
        });
        page.on('pageerror', (e) => !checked && ours() && errors.push(`${page.url()}: ${e.message}`));
      };
      context.pages().forEach(watch);
      context.on('page', watch);
      const check = () => {
        if (checked) return;
        checked = true;
        expect(errors, 'console errors in this journey').toEqual([]);
      };
      await use({ check });
      check();
    },
    { auto: true },
  ],
  // eslint-disable-next-line no-empty-pattern
  dataDir: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'latchkey-e2e-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
  host: async ({ dataDir, consoleErrors }, use) => {
    const host = await launchHost(dataDir);
    await use(host);
    consoleErrors.check();
    await host.stop();
  },
  // eslint-disable-next-line no-empty-pattern
  echo: async ({}, use) => {
    const server = await startEchoServer();
    await use(server);
    await server.close();
  },
});

export { expect };
