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

/**
 * Where a subframe may go: the app itself, or the inline document of the HTML preview
 * (an iframe with an empty sandbox and srcdoc). The main frame may only stay in the app.
 */
export function frameMayNavigate(url: string, isMainFrame: boolean): boolean {
  if (originOf(url) === APP_ORIGIN) return true;
  return !isMainFrame && (url === 'about:srcdoc' || url === 'about:blank');
}

/** No navigation out of the app, no new windows, no webviews, no permissions: for every webContents the app ever creates. */
export function hardenApp(logger: Logger): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (originOf(url) !== APP_ORIGIN) {
        event.preventDefault();
        logger.warn('navigation blocked', { url: url.slice(0, 200) });
      }
    });
    // Fires for every frame (will-navigate sees only the main frame): a link in the HTML preview
    // or a frame script cannot take a frame out of the app.
    contents.on('will-frame-navigate', (details) => {
      if (!frameMayNavigate(details.url, details.isMainFrame)) {
        details.preventDefault();
        logger.warn('frame navigation blocked', { url: details.url.slice(0, 200), isMainFrame: details.isMainFrame });
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
