import { app, session, type WebContents } from 'electron';
import type { Logger } from '../ports';
import { APP_ORIGIN } from './appProtocol';

/** Origin of a frame URL. WHATWG gives "null" for custom schemes, so build it by hand. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** Applies QUALITY.md's Electron shell rules to every webContents the app ever creates. */
export function hardenApp(logger: Logger): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (originOf(url) !== APP_ORIGIN) {
        event.preventDefault();
        logger.warn('navigation blocked', { url: url.slice(0, 200) });
      }
    });
    contents.on('will-redirect', (event, url) => {
      if (originOf(url) !== APP_ORIGIN) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
