import { spawn } from 'node:child_process';
import { openableUrl } from '../core/app/openableUrl';
import type { BrowserOpener } from '../ports';

/** The system browser from a plain Node process (the browser host): xdg-open, open or start. */
export const systemBrowserOpener: BrowserOpener = {
  open(url) {
    const safe = openableUrl(url);
    const [command, args] =
      process.platform === 'darwin' ? ['open', [safe]] : process.platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', safe]] : ['xdg-open', [safe]];
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: 'ignore', detached: true });
      child.once('error', (error) => reject(new Error(`Could not open the system browser (${command}): ${error.message}`)));
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
  },
};
