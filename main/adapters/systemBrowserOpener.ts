import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { openableUrl } from '../core/app/openableUrl';
import type { BrowserOpener } from '../ports';

const OPENER_GRACE_MS = 3000;

/** The command that opens a URL: $BROWSER where set (the common convention), else the system's opener. */
export function openerCommand(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): [string, string[]] | null {
  const chosen = env.BROWSER?.trim();
  if (chosen === 'none') return null;
  if (chosen) return [chosen, [url]];
  if (platform === 'darwin') return ['open', [url]];
  if (platform === 'win32') return ['rundll32', ['url.dll,FileProtocolHandler', url]];
  return ['xdg-open', [url]];
}

/** Runs the opener command for a target it was built for (an http(s) URL, or a page Latchkey wrote). */
function runOpener(target: string): Promise<void> {
  const command = openerCommand(target, process.env, process.platform);
  if (!command) return Promise.reject(new Error('BROWSER is set to "none"'));
  const [program, args] = command;
  return new Promise<void>((resolve, reject) => {
    const child = spawn(program, args, { stdio: 'ignore', detached: true });
    // An opener that fails (xdg-open with no browser installed) says so by its exit code, at
    // once; one that stays running has handed the URL to a browser.
    const settled = setTimeout(() => {
      child.unref();
      resolve();
    }, OPENER_GRACE_MS);
    child.once('error', (error) => {
      clearTimeout(settled);
      reject(new Error(`Could not open the system browser (${program}): ${error.message}`));
    });
    child.once('exit', (code) => {
      clearTimeout(settled);
      if (code === 0) resolve();
      else reject(new Error(`${program} could not open the browser (exit code ${code})`));
    });
  });
}

/**
 * The system browser from a plain Node process (the browser host): $BROWSER if set (a command
 * that takes the URL as its argument; BROWSER=none opens nothing), else xdg-open, open or start.
 */
export const systemBrowserOpener: BrowserOpener = {
  async open(url) {
    return runOpener(openableUrl(url));
  },
};

/**
 * Opens a page Latchkey wrote itself (the browser host's launcher) in the system browser. Its
 * path, not the URL it leads to, is what appears on the opener's and the browser's command
 * line, which every local user can read.
 */
export async function openLocalPage(path: string): Promise<void> {
  return runOpener(pathToFileURL(path).href);
}
