// The built Electron shell (package.json `main`) loaded by real Node against a stand-in
// `electron` module (test/fixtures/electronStandIn), because the Electron binary cannot be
// downloaded here. It shows what the shell asks of Electron: the lock, the app:// scheme and its
// responses, the window's preferences, every handler, the IPC channels, and quitting. It cannot
// show what Chromium does with them (the CSP enforced, the renderer sandboxed, context
// isolation): test/e2e/electron.spec.ts checks those where the binary exists.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames } from '../../../preload/contract';
import { startEchoServer, type EchoServer } from '../../fixtures/echoServer';
import { StandInShell, type ShellSnapshot } from '../../fixtures/electronStandIn/shell';
import { isPackaged, projectPackage, projectRoot } from '../../fixtures/packagedFiles';
import { spec } from '../../fixtures/requests';

const QUALITY_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const APP_PAGE = 'app://latchkey/index.html';

const mainPath = resolve(projectRoot, projectPackage().main);

async function launch(options: { packaged?: boolean; lockAvailable?: boolean; argv?: string[] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-shell-'));
  const shell = await StandInShell.start({ LATCHKEY_DATA_DIR: dataDir });
  const loaded = await shell.load({ main: mainPath, appPath: projectRoot, userData: dataDir, ...options });
  return {
    shell,
    dataDir,
    loaded,
    async dispose() {
      await shell.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('the built Electron shell under a stand-in electron module', () => {
  let app: Awaited<ReturnType<typeof launch>>;
  let ready: ShellSnapshot;
  let echo: EchoServer;

  beforeAll(async () => {
    echo = await startEchoServer();
    app = await launch();
    ready = await app.shell.ready();
  });
  afterAll(async () => {
    await app.dispose();
    await echo.close();
  });

  it('takes the single-instance lock and registers app:// as privileged while the entry module loads, before ready', () => {
    // load() resolved: the module finished evaluating without waiting on ready (a top-level
    // await on whenReady would hang Electron; it would hang this load too).
    expect(app.loaded.ready).toBe(false);
    expect(app.loaded.lockRequests).toBe(1);
    expect(app.loaded.privilegedSchemes).toEqual([{ schemes: [{ scheme: 'app', privileges: { standard: true, secure: true } }], beforeReady: true }]);
    expect(app.loaded.windows).toEqual([]);
    expect(ready.errorBoxes).toEqual([]);
  });

  it('opens one window with the hardened preferences, the built preload, and app://latchkey/index.html', () => {
    expect(ready.windows).toHaveLength(1);
    const [window] = ready.windows;
    const prefs = window!.options.webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      // Not packaged: a developer's build keeps the developer tools.
      devTools: true,
    });
    const preload = String(prefs.preload);
    expect(existsSync(preload)).toBe(true);
    expect(isPackaged(relative(projectRoot, preload))).toBe(true);
    expect(readFileSync(preload, 'utf8')).toContain('exposeInMainWorld');
    expect(window!.loadedUrl).toBe(APP_PAGE);
    expect(window!.visible).toBe(true);
    expect(ready.protocolSchemes).toEqual(['app']);
  });

  it('serves the built renderer from app:// with the CSP as a response header', async () => {
    const page = await app.shell.fetch(APP_PAGE);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toBe(QUALITY_CSP);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const html = Buffer.from(page.body, 'base64').toString('utf8');
    expect(html).toBe(readFileSync(resolve(projectRoot, 'dist/renderer/index.html'), 'utf8'));

    // Every script and stylesheet the page names loads from app:// too, with the same header.
    const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const answer = await app.shell.fetch(new URL(asset, APP_PAGE).href);
      expect(answer.status, asset).toBe(200);
      expect(answer.headers['content-type']).toMatch(/^text\/(javascript|css)/);
      expect(answer.headers['content-security-policy']).toBe(QUALITY_CSP);
    }
  });

  it('serves nothing outside the built renderer', async () => {
    for (const url of ['app://latchkey/..%2F..%2Fpackage.json', 'app://latchkey/%2e%2e/%2e%2e/package.json', 'app://latchkey/missing.js', 'app://elsewhere/index.html']) {
      const answer = await app.shell.fetch(url);
      expect(answer.status, url).toBe(404);
      expect(Buffer.from(answer.body, 'base64').toString()).not.toContain('"name": "latchkey"');
    }
  });

  for (const contents of ['window', 'other'] as const) {
    it(`denies navigation out of the app, new windows, webviews and permissions (${contents === 'window' ? 'the app window' : 'web contents the app did not create'})`, async () => {
      expect(await app.shell.navigate({ event: 'will-navigate', url: 'https://evil.example/', contents })).toMatchObject({ prevented: true });
      expect(await app.shell.navigate({ event: 'will-navigate', url: 'file:///etc/passwd', contents })).toMatchObject({ prevented: true });
      expect(await app.shell.navigate({ event: 'will-navigate', url: APP_PAGE, contents })).toEqual({ prevented: false, listeners: 1 });
      expect(await app.shell.navigate({ event: 'will-redirect', url: 'https://evil.example/', contents })).toMatchObject({ prevented: true });

      expect(await app.shell.navigate({ event: 'will-frame-navigate', url: 'https://evil.example/', isMainFrame: true, contents })).toMatchObject({ prevented: true });
      expect(await app.shell.navigate({ event: 'will-frame-navigate', url: 'https://evil.example/', isMainFrame: false, contents })).toMatchObject({ prevented: true });
      expect(await app.shell.navigate({ event: 'will-frame-navigate', url: 'about:srcdoc', isMainFrame: true, contents })).toMatchObject({ prevented: true });
      // The HTML preview is an inline sandboxed frame: it may load its own document, nothing else.
      expect(await app.shell.navigate({ event: 'will-frame-navigate', url: 'about:srcdoc', isMainFrame: false, contents })).toEqual({ prevented: false, listeners: 1 });
      expect(await app.shell.navigate({ event: 'will-frame-navigate', url: APP_PAGE, isMainFrame: true, contents })).toEqual({ prevented: false, listeners: 1 });

      expect(await app.shell.windowOpen('https://evil.example/', contents)).toEqual({ action: 'deny' });
      expect(await app.shell.windowOpen(APP_PAGE, contents)).toEqual({ action: 'deny' });
      expect(await app.shell.attachWebview(contents)).toEqual({ prevented: true, listeners: 1 });
    });
  }

  it('refuses every permission request and check', async () => {
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      expect(await app.shell.permission(permission)).toEqual({ requested: false, checked: false });
    }
  });

  it('registers every contract channel on ipcMain exactly once, and nothing else', () => {
    expect([...ready.ipcHandleCalls].sort()).toEqual([...channelNames].sort());
    expect(new Set(ready.ipcHandleCalls).size).toBe(ready.ipcHandleCalls.length);
    // Only electron-store's own listener, once a document is opened (it answers electron-store's
    // renderer helper, which the preload never exposes).
    expect(ready.ipcListeners.filter((channel) => channel !== 'electron-store-get-data')).toEqual([]);
  });

  it("answers the app's main frame and refuses subframes, other origins and bad payloads", async () => {
    const info = await app.shell.invoke<{ ok: boolean; value: { host: string; fileDialogs: boolean } }>('app:info', undefined);
    expect(info).toMatchObject({ ok: true, value: { host: 'electron', fileDialogs: true } });
    expect(await app.shell.invoke('app:info', undefined, { url: APP_PAGE, isMainFrame: false })).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await app.shell.invoke('app:info', undefined, { url: 'https://evil.example/' })).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await app.shell.invoke('app:info', undefined, { url: 'about:srcdoc', isMainFrame: false })).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } });
    expect(await app.shell.invoke('app:openUrl', { url: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('hands the system browser http(s) URLs only', async () => {
    expect(await app.shell.invoke('app:openUrl', { url: 'https://docs.example.com/guide' })).toEqual({ ok: true });
    expect(await app.shell.invoke('app:openUrl', { url: 'http://127.0.0.1:8080/x' })).toEqual({ ok: true });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'latchkey://open', 'not a url']) {
      expect(await app.shell.invoke('app:openUrl', { url }), url).toMatchObject({ ok: false });
    }
    expect((await app.shell.snapshot()).openedExternally).toEqual(['https://docs.example.com/guide', 'http://127.0.0.1:8080/x']);
  });

  it('has tab commands in its File menu that the page handles: Ctrl+W closes a tab, not the window', async () => {
    const file = ready.menus.at(-1)!.template.find((item) => item.label === 'File')!;
    const items = Object.fromEntries((file.submenu ?? []).filter((i) => i.label).map((i) => [i.label, i]));
    expect(items['New Tab']).toMatchObject({ accelerator: 'CommandOrControl+T', registerAccelerator: false });
    expect(items['Close Tab']).toMatchObject({ accelerator: 'CommandOrControl+W', registerAccelerator: false });
    expect(items['Next Tab']).toMatchObject({ accelerator: 'Control+Tab', registerAccelerator: false });
    expect(items['Previous Tab']).toMatchObject({ accelerator: 'Control+Shift+Tab', registerAccelerator: false });
    expect(items['Close Window']).toMatchObject({ role: 'close', accelerator: 'CommandOrControl+Shift+W' });
    // No other item anywhere in the menu takes Ctrl+W (the standard Window menu's Close would).
    const all = ready.menus.at(-1)!.template.flatMap((menu) => menu.submenu ?? []);
    expect(all.filter((i) => i.accelerator === 'CommandOrControl+W' || (i.role === 'close' && !i.accelerator)).map((i) => i.label)).toEqual(['Close Tab']);
    // Choosing an item sends its command to the window's page.
    expect(await app.shell.clickMenu(['File', 'New Tab'])).toContainEqual({ channel: 'app:command', payload: { command: 'newTab' } });
    expect(await app.shell.clickMenu(['File', 'Pin or Unpin Tab'])).toContainEqual({ channel: 'app:command', payload: { command: 'togglePin' } });
  });

  it('brings the window forward for a second launch instead of opening another', async () => {
    const after = await app.shell.secondInstance();
    expect(after.windows).toHaveLength(1);
  });

  it('sends a request, and closing the window saves its history before the app quits', async () => {
    const result = await app.shell.invoke<{ ok: boolean; value: { status: number } }>('http:execute', { requestId: 'shell-1', request: spec({ url: `${echo.url}/echo` }) });
    expect(result).toMatchObject({ ok: true, value: { status: 200 } });
    // History is saved two seconds after a request, or when the core closes: quit at once.
    expect(existsSync(join(app.dataDir, 'history.json'))).toBe(false);
    const closed = await app.shell.closeWindow();
    expect(closed.quit).toBe(true);
    expect(closed.windows[0]!.destroyed).toBe(true);
    const history = JSON.parse(readFileSync(join(app.dataDir, 'history.json'), 'utf8')) as { data: { entries: { request: { url: string } }[] } };
    expect(history.data.entries.map((e) => e.request.url)).toEqual([`${echo.url}/echo`]);
  });
});

describe('the built Electron shell, other launches', () => {
  it('quits at once when another Latchkey holds the lock, before creating anything', async () => {
    const app = await launch({ lockAvailable: false });
    try {
      expect(app.loaded.quitCalls).toBe(1);
      expect(app.loaded.privilegedSchemes).toEqual([]);
      const after = await app.shell.snapshot();
      expect(after.windows).toEqual([]);
      expect(after.ipcHandleCalls).toEqual([]);
    } finally {
      await app.dispose();
    }
  });

  it('turns developer tools off in a packaged build, and on with --inspect-renderer', async () => {
    const packaged = await launch({ packaged: true });
    try {
      const ready = await packaged.shell.ready();
      expect(ready.windows[0]!.options.webPreferences!.devTools).toBe(false);
      const view = ready.menus.at(-1)!.template.find((item) => item.label === 'View');
      expect(view?.submenu?.map((item) => item.role)).not.toContain('toggleDevTools');
    } finally {
      await packaged.dispose();
    }
    const inspecting = await launch({ packaged: true, argv: ['--inspect-renderer'] });
    try {
      const ready = await inspecting.shell.ready();
      expect(ready.windows[0]!.options.webPreferences!.devTools).toBe(true);
      const view = ready.menus.at(-1)!.template.find((item) => item.label === 'View');
      expect(view?.submenu?.map((item) => item.role)).toContain('toggleDevTools');
    } finally {
      await inspecting.dispose();
    }
  });

  it('quits through the menu (Cmd+Q) with the core closed too', async () => {
    const echo = await startEchoServer();
    const app = await launch();
    try {
      await app.shell.ready();
      expect(await app.shell.invoke('http:execute', { requestId: 'menu-quit', request: spec({ url: `${echo.url}/xml` }) })).toMatchObject({ ok: true });
      const quit = await app.shell.quit();
      expect(quit.quit).toBe(true);
      // will-quit was held once for the core to close, then the app quit again.
      expect(quit.quitCalls).toBe(2);
      const history = JSON.parse(readFileSync(join(app.dataDir, 'history.json'), 'utf8')) as { data: { entries: { request: { url: string } }[] } };
      expect(history.data.entries.map((e) => e.request.url)).toEqual([`${echo.url}/xml`]);
    } finally {
      await app.dispose();
      await echo.close();
    }
  });
});
