import { shell } from 'electron';
import { openableUrl } from '../core/app/openableUrl';
import type { BrowserOpener } from '../ports';

/** The system browser, for http(s) URLs only. */
export const electronBrowserOpener: BrowserOpener = {
  async open(url) {
    await shell.openExternal(openableUrl(url));
  },
};
