// The Electron entry point (package.json `main`: dist/electron/main.mjs, an ES module).
// ESM rather than CommonJS because Electron has loaded ES module entry points since 28, and
// electron-store 11 and conf 15 ship only as ES modules; a CommonJS bundle would have to inline
// them or rely on require(esm). The ESM caveats are kept: everything that must happen before
// 'ready' (the single-instance lock, registerSchemesAsPrivileged) runs in this module's body,
// and nothing awaits at the top level. test/main/electron/shell.built.test.ts loads the built
// file under Node with a stand-in electron module to hold this.
import { join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import ElectronStore from 'electron-store';
import { ConfDocumentStore } from '../adapters/confDocumentStore';
import { KeytarSecretStore } from '../adapters/keytarSecretStore';
import { createStderrLogger } from '../adapters/redactingLogger';
import { systemClock } from '../adapters/systemClock';
import { startCore } from '../ipc/startCore';
import { electronFileDialogs } from './fileDialogs';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './appProtocol';
import { electronBrowserOpener } from './browserOpener';
import { hardenApp } from './hardening';
import { electronTransport } from './ipcTransport';
import { installMenu } from './menu';

const logger = createStderrLogger({ quiet: !process.env.LATCHKEY_LOG });

/** Developer tools: in development, and in a packaged build only when started with --inspect-renderer. */
const devToolsAllowed = !app.isPackaged || process.argv.includes('--inspect-renderer');

if (!app.requestSingleInstanceLock()) {
  // Another Latchkey is running; it comes forward through its 'second-instance' handler.
  app.quit();
} else {
  // Before 'ready': Electron emits it only once this module has finished evaluating.
  registerAppScheme();
  let window: BrowserWindow | null = null;
  let createWindow: (() => void) | null = null;

  app.on('second-instance', () => {
    if (!window) return createWindow?.();
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  // No top-level await here: awaiting whenReady in an ES module entry point deadlocks Electron.
  app.whenReady().then(() => {
    hardenApp(logger);
    const transport = electronTransport(() => window?.webContents ?? null);
    installMenu({ devTools: devToolsAllowed, command: (command) => transport.emit('app:command', { command }) });
    serveRenderer(join(app.getAppPath(), 'dist/renderer'));

    const documentsDir = process.env.LATCHKEY_DATA_DIR ?? app.getPath('userData');
    const core = startCore(
      {
        documents: new ConfDocumentStore(documentsDir, ({ cwd, name }) =>
          new ElectronStore<Record<string, unknown>>({ cwd, name, configFileMode: 0o600, clearInvalidConfig: false }),
        ),
        secrets: new KeytarSecretStore(),
        browser: electronBrowserOpener,
        dialogs: electronFileDialogs(() => window),
        bodiesDir: join(documentsDir, 'bodies'),
        clock: systemClock,
        logger,
        version: app.getVersion(),
      },
      transport,
      { kind: 'electron', platform: process.platform, appOrigin: APP_ORIGIN },
    );

    createWindow = () => {
      const created = new BrowserWindow({
        width: 1280,
        height: 820,
        minWidth: 720,
        minHeight: 480,
        title: 'Latchkey',
        show: false,
        backgroundColor: '#1b1d22',
        webPreferences: {
          preload: join(app.getAppPath(), 'dist/preload/preload.cjs'),
          contextIsolation: true,
          sandbox: true,
          nodeIntegration: false,
          nodeIntegrationInWorker: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          webviewTag: false,
          allowRunningInsecureContent: false,
          devTools: devToolsAllowed,
          spellcheck: false,
        },
      });
      window = created;
      created.once('ready-to-show', () => created.show());
      created.on('closed', () => {
        if (window === created) window = null;
      });
      void created.loadURL(`${APP_ORIGIN}/index.html`);
    };
    createWindow();

    // macOS keeps an app running with no window; the Dock icon opens a new one.
    app.on('activate', () => {
      if (!window) createWindow?.();
    });
    app.on('window-all-closed', () => {
      if (process.platform !== 'darwin') app.quit();
    });
    // Every way of quitting (last window closed, Cmd+Q, the menu) passes here: the core saves
    // what it holds (history) and closes its connections before the process ends.
    let coreClosed = false;
    app.on('will-quit', (event) => {
      if (coreClosed) return;
      event.preventDefault();
      void core
        .close()
        .catch((error: unknown) => logger.error('closing failed', { error: String(error) }))
        .finally(() => {
          coreClosed = true;
          app.quit();
        });
    });
  }).catch((error: unknown) => {
    dialog.showErrorBox('Latchkey could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
