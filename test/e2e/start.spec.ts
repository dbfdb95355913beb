// `npm start` as a newcomer runs it. The default browser is stood in for by a $BROWSER command
// that records the URL it is given (the way xdg-open would receive it); the test then opens that
// URL in Chromium. Electron's download host is stood in for by a local mirror that refuses, as a
// blocking proxy does (ELECTRON_MIRROR), so the run is the same on any machine. A missing or
// broken Electron binary is stood in for with ELECTRON_OVERRIDE_DIST_PATH, which Electron's own
// package honours: what those cases cannot show is a real Electron window (electron.spec.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';

const root = resolve(import.meta.dirname, '../..');

function electronInstalled(): boolean {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path);
  } catch {
    return false;
  }
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

/** Whether anything still answers at a URL (the browser host after Ctrl+C should not). */
async function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    () => true,
    () => false,
  );
}

/** Runs a command in its own process group, as a terminal would, so the whole tree can be stopped. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(command, args, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolvePromise) => child.once('exit', (code) => resolvePromise(code)));
  return {
    child,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGINT');
      return exited;
    },
  };
}

/** A scratch folder with a $BROWSER command that records each URL it is asked to open. */
function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'latchkey-start-'));
  const opener = join(dir, 'open-url.sh');
  const opened = join(dir, 'opened.txt');
  writeFileSync(opener, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`);
  chmodSync(opener, 0o755);
  return {
    dir,
    opener,
    dataDir: join(dir, 'data'),
    openedUrls: () => (existsSync(opened) ? readFileSync(opened, 'utf8').split('\n').filter(Boolean) : []),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The environment of a shell where nobody set Latchkey's or Electron's variables. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  delete env.ELECTRON_OVERRIDE_DIST_PATH;
  delete env.LATCHKEY_DATA_DIR;
  return { ...env, ...extra };
}

/**
 * Waits for the browser to be opened, and answers what it was given (a launcher page in the
 * data directory, so the token is on no command line) and the app's URL the host printed.
 */
async function waitForOpen(s: ReturnType<typeof scratch>, started: Started, timeoutMs: number): Promise<{ opened: string; printed: string; origin: string }> {
  await expect.poll(() => s.openedUrls().length, { timeout: timeoutMs, message: `no URL was opened; output:\n${started.output()}` }).toBeGreaterThan(0);
  const opened = s.openedUrls()[0]!;
  const printed = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(started.output())?.[1];
  expect(printed, started.output()).toBeDefined();
  const token = printed!.split('#token=')[1]!;
  expect(opened).toMatch(/^file:\/\/.*\.html$/);
  expect(opened).not.toContain(token);
  const launcher = fileURLToPath(opened);
  expect(statSync(launcher).mode & 0o777).toBe(0o600);
  return { opened, printed: printed!, origin: new URL(printed!).origin };
}

test.describe('npm start', () => {
  test.describe.configure({ timeout: 180_000 });

  test("opens the app in the default browser when Electron's download is blocked", async ({ page, echo }) => {
    test.skip(electronInstalled(), 'Electron is installed here: npm start opens the desktop window (electron.spec.ts)');
    const s = scratch();
    const asked: string[] = [];
    const mirror: Server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Blocked by policy\n');
    });
    await new Promise<void>((r) => mirror.listen(0, '127.0.0.1', r));
    const started = run('npm', ['start'], cleanEnv({
      BROWSER: s.opener,
      LATCHKEY_DATA_DIR: s.dataDir,
      ELECTRON_MIRROR: `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`,
      electron_config_cache: join(s.dir, 'electron-cache'),
      // A display exists (the fetch is tried); no window is ever shown, as the binary never arrives.
      DISPLAY: ':99',
    }));
    try {
      const { opened, origin } = await waitForOpen(s, started, 150_000);
      const output = started.output();
      expect(output).toContain('Fetching Electron');
      expect(asked.some((path) => /electron-v[\d.]+-linux-\w+\.zip$|SHASUMS256/.test(path))).toBe(true);
      const reasons = output.split('\n').filter((line) => line.startsWith('The desktop window is not available'));
      expect(reasons).toEqual([expect.stringMatching(/^The desktop window is not available \(Electron's download failed: .*403.*\); opening Latchkey in your browser instead\.$/)]);

      await page.goto(opened);
      await page.waitForURL(`${origin}/`);
      await page.getByLabel('URL').fill(`${echo.url}/echo?from=npm-start`);
      await page.getByRole('button', { name: 'Send' }).click();
      await expect(page.getByTestId('response-status')).toHaveText('200 OK');
      expect(echo.seen.some((r) => r.url === '/echo?from=npm-start')).toBe(true);
      // Ctrl+C (to the whole process group, as a terminal sends it) stops the host.
      await started.stop();
      expect(await answers(origin)).toBe(false);
      expect(existsSync(fileURLToPath(opened))).toBe(false);
    } finally {
      await started.stop();
      mirror.close();
      s.dispose();
    }
  });

  test('npm start -- --browser opens the browser host on purpose', async ({ page }) => {
    const s = scratch();
    const started = run('npm', ['start', '--', '--browser', '--data-dir', s.dataDir], cleanEnv({ BROWSER: s.opener }));
    try {
      const { opened, origin } = await waitForOpen(s, started, 150_000);
      expect(started.output()).toContain('Opening Latchkey in your browser (--browser).');
      expect(started.output()).not.toContain('Fetching Electron');
      expect(started.output()).toContain(`Data directory: ${s.dataDir}`);
      await page.goto(opened);
      await page.waitForURL(`${origin}/`);
      await expect(page.getByLabel('URL')).toBeVisible();
      await started.stop();
      expect(await answers(origin)).toBe(false);
    } finally {
      await started.stop();
      s.dispose();
    }
  });

  test('falls back to the browser when Electron exits at once with an error', async ({ page }) => {
    const s = scratch();
    const fakeDist = join(s.dir, 'electron-dist');
    const binary = join(fakeDist, 'electron');
    mkdirSync(fakeDist);
    // What a downloaded Electron prints on a server that lacks its libraries.
    writeFileSync(binary, "#!/bin/sh\necho 'electron: error while loading shared libraries: libnss3.so: cannot open shared object file' >&2\nexit 127\n");
    chmodSync(binary, 0o755);
    const started = run(process.execPath, ['build/start.mjs'], cleanEnv({ BROWSER: s.opener, LATCHKEY_DATA_DIR: s.dataDir, ELECTRON_OVERRIDE_DIST_PATH: fakeDist }));
    try {
      const { opened, origin } = await waitForOpen(s, started, 30_000);
      expect(started.output()).toMatch(/^The desktop window is not available \(Electron exited with code 127: .*libnss3\.so.*\); opening Latchkey in your browser instead\.$/m);
      await page.goto(opened);
      await page.waitForURL(`${origin}/`);
      await expect(page.getByLabel('URL')).toBeVisible();
    } finally {
      expect(await started.stop()).toBe(0);
      s.dispose();
    }
  });

  test('with Electron installed, runs it on the project folder and opens no browser', async () => {
    const s = scratch();
    const fakeDist = join(s.dir, 'electron-dist');
    mkdirSync(fakeDist);
    const argsFile = join(s.dir, 'electron-args.txt');
    writeFileSync(join(fakeDist, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\nexit 0\n`);
    chmodSync(join(fakeDist, 'electron'), 0o755);
    const started = run(process.execPath, ['build/start.mjs', '--inspect-renderer'], cleanEnv({ BROWSER: s.opener, LATCHKEY_DATA_DIR: s.dataDir, ELECTRON_OVERRIDE_DIST_PATH: fakeDist }));
    try {
      expect(await started.exited).toBe(0);
      expect(readFileSync(argsFile, 'utf8').split('\n').filter(Boolean)).toEqual([root, '--inspect-renderer']);
      expect(s.openedUrls()).toEqual([]);
      expect(started.output()).not.toContain('not available');
    } finally {
      await started.stop();
      s.dispose();
    }
  });
});
