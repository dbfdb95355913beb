import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { app, BrowserWindow, dialog } from 'electron';
import ElectronStore from 'electron-store';
import { ConfDocumentStore } from '../adapters/confDocumentStore';
import { KeytarSecretStore } from '../adapters/keytarSecretStore';
import { createStderrLogger } from '../adapters/redactingLogger';
import { systemClock } from '../adapters/systemClock';
import { createCore } from '../core/createCore';
import { electronFileDialogs } from './fileDialogs';
import { createDispatcher, register } from '../ipc/dispatcher';
import { createHandlers } from '../ipc/handlers';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './appProtocol';
import { electronBrowserOpener } from './browserOpener';
import { hardenApp } from './hardening';
import { electronTransport } from './ipcTransport';
import { installMenu } from './menu';

/**
 * A garbage-collection hint for large downloads (see ReclaimMemory). Exposing gc this late is the
 * documented V8 route for an embedder that cannot pass --expose-gc on its command line; if it
 * is refused, downloads simply use more memory.
 */
const reclaimMemory = ((): (() => void) | null => {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? () => (gc as () => void)() : null;
  } catch {
    return null;
  }
})();

const logger = createStderrLogger({ quiet: !process.env.LATCHKEY_LOG });

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  let window: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });

  app.whenReady().then(() => {
    hardenApp(logger);
    installMenu();
    serveRenderer(join(app.getAppPath(), 'dist/renderer'));

    const documentsDir = process.env.LATCHKEY_DATA_DIR ?? app.getPath('userData');
    const core = createCore({
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
      ...(reclaimMemory ? { reclaimMemory } : {}),
    });
    const transport = electronTransport(() => window?.webContents ?? null);
    register(createDispatcher(createHandlers(core, { kind: 'electron', platform: process.platform }), { appOrigin: APP_ORIGIN, logger }), transport);
    core.notices.subscribe((notice) => transport.emit('app:notice', notice));

    window = new BrowserWindow({
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
        spellcheck: false,
      },
    });
    window.once('ready-to-show', () => window?.show());
    window.on('closed', () => {
      window = null;
    });
    void window.loadURL(`${APP_ORIGIN}/index.html`);

    app.on('window-all-closed', () => {
      void core.close().finally(() => app.quit());
    });
  }).catch((error: unknown) => {
    dialog.showErrorBox('Latchkey could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}
