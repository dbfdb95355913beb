// `npm start` (after the build): the desktop window in Electron, or, where that cannot run, the
// same app in the default browser through the browser host.
//
// `npm ci` does not run Electron's install script (package.json `allowScripts`), because that
// script downloads the binary from GitHub and fails the whole install where GitHub is out of
// reach. The binary is fetched here instead, on the first start, with a progress line; if it
// cannot be fetched, if there is no display, or if Electron exits at once with an error, the
// browser host starts and the app opens in the default browser, with one line saying why.
//
//   npm start                      desktop window (fetching Electron on first use)
//   npm start -- --browser [...]   the browser host on purpose; other options go to it
//                                  (--port N, --data-dir DIR)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
/** Electron exiting with an error this soon after launch means it could not start at all. */
const EARLY_EXIT_MS = 10_000;
/** Longest wait for the first-start download of Electron (about 100 MB). */
const FETCH_LIMIT_MS = 10 * 60_000;

const args = process.argv.slice(2);

/** The Electron binary's path, or null when it is not installed. */
function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' ? path : null;
  } catch {
    return null;
  }
}

function electronVersion() {
  return require('electron/package.json').version;
}

/** The last line of a process's output that says something, for a one-line reason. @param {string} text */
function lastLine(text) {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  const error = lines.find((line) => /^(Error|RequestError|HTTPError)\b|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|error while loading/i.test(line));
  return (error ?? lines.at(-1) ?? '').replace(/^\w*Error:\s*/, '').slice(0, 200);
}

/** Runs Electron's own install script (the one npm ci skipped). Resolves to null or a reason. */
function fetchElectron() {
  const version = electronVersion();
  process.stdout.write(`Fetching Electron ${version} for the desktop window (first start only; \`npm start -- --browser\` skips it)...\n`);
  return new Promise((resolvePromise) => {
    const started = Date.now();
    const child = spawn(process.execPath, [require.resolve('electron/install.js')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const progress = setInterval(() => process.stdout.write(`  still fetching Electron (${Math.round((Date.now() - started) / 1000)} s)...\n`), 15_000);
    const limit = setTimeout(() => child.kill(), FETCH_LIMIT_MS);
    child.once('error', (error) => output += `\n${error.message}`);
    child.once('close', (code) => {
      clearInterval(progress);
      clearTimeout(limit);
      if (code === 0 && electronBinary()) resolvePromise(null);
      else resolvePromise(`Electron's download failed: ${lastLine(output) || `exit code ${code}`}`);
    });
  });
}

/** Why the desktop window cannot open here, or null when Electron is ready. */
async function desktopUnavailable() {
  if (electronBinary()) return null;
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'Electron is not installed and there is no display to show a window on (DISPLAY is not set)';
  }
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return 'Electron is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set';
  }
  return fetchElectron();
}

/** Options the browser host understands, taken from what `npm start` was given. @param {string[]} list */
function hostOptions(list) {
  /** @type {string[]} */
  const out = [];
  list.forEach((arg, i) => {
    const value = list[i + 1];
    if ((arg === '--port' || arg === '--data-dir') && value !== undefined) out.push(arg, value);
  });
  return out;
}

/** Runs a child in the foreground: Ctrl+C reaches it, and this process ends with its code. @param {import('node:child_process').ChildProcess} child */
function foreground(child) {
  const forward = (/** @type {NodeJS.Signals} */ signal) => () => child.kill(signal);
  // The terminal sends Ctrl+C to the child as well; wait for it to stop cleanly.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', forward('SIGTERM'));
  process.on('SIGHUP', forward('SIGHUP'));
}

/** @param {string} reason @param {string[]} options */
function startBrowserHost(reason, options) {
  process.stdout.write(`${reason}\n`);
  const child = spawn(process.execPath, [resolve(root, 'dist/host/cli.mjs'), '--open', ...options], { cwd: root, stdio: 'inherit' });
  foreground(child);
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/** @param {string} binary */
function startDesktop(binary) {
  const launchedAt = Date.now();
  let fellBack = false;
  const fallBack = (/** @type {string} */ reason) => {
    if (fellBack) return;
    fellBack = true;
    startBrowserHost(`The desktop window is not available (${reason}); opening Latchkey in your browser instead.`, hostOptions(args));
  };
  const child = spawn(binary, [root, ...args], { cwd: root, stdio: ['inherit', 'inherit', 'pipe'] });
  let errors = '';
  child.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    errors = (errors + chunk).slice(-4000);
  });
  foreground(child);
  child.once('error', (error) => fallBack(`Electron could not be started: ${error.message}`));
  child.once('exit', (code, signal) => {
    if (fellBack) return;
    if (code !== 0 && code !== null && Date.now() - launchedAt < EARLY_EXIT_MS) {
      const detail = lastLine(errors);
      fallBack(`Electron exited with code ${code}${detail ? `: ${detail}` : ''}`);
      return;
    }
    process.exit(code ?? (signal ? 1 : 0));
  });
}

if (args.includes('--browser')) {
  startBrowserHost('Opening Latchkey in your browser (--browser).', args.filter((arg) => arg !== '--browser'));
} else {
  const reason = await desktopUnavailable();
  const binary = reason === null ? electronBinary() : null;
  if (binary) startDesktop(binary);
  else startBrowserHost(`The desktop window is not available (${reason}); opening Latchkey in your browser instead.`, hostOptions(args));
}
