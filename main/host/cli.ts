import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfDocumentStore } from '../adapters/confDocumentStore';
import { confFactory } from '../adapters/confFactory';
import { KeytarSecretStore } from '../adapters/keytarSecretStore';
import { createStderrLogger } from '../adapters/redactingLogger';
import { openLocalPage, systemBrowserOpener } from '../adapters/systemBrowserOpener';
import { systemClock } from '../adapters/systemClock';
import { startBrowserHost } from './browserHost';

const USAGE = `Usage: npm run serve -- [--port N] [--data-dir DIR] [--open]

  --port N        port on 127.0.0.1 (default 0: any free port)
  --data-dir DIR  where Latchkey keeps its documents (default ~/.latchkey)
  --open          open the app in the default browser (the BROWSER environment
                  variable names another command; BROWSER=none opens nothing)`;

function parseArgs(argv: string[]): { port: number; dataDir: string; open: boolean } {
  let port = 0;
  let open = false;
  let dataDir = process.env.LATCHKEY_DATA_DIR ?? join(homedir(), '.latchkey');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const next = () => {
      const value = argv[++i];
      if (value === undefined) fail(`${arg} needs a value.`);
      return value;
    };
    if (arg === '--port') {
      const text = next();
      port = Number(text);
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a number from 0 to 65535, not "${text}".`);
    } else if (arg === '--data-dir') {
      dataDir = resolve(next());
    } else if (arg === '--open') {
      open = true;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else {
      fail(`Unknown option "${arg}".`);
    }
  }
  return { port, dataDir, open };
}

/**
 * A page in the data directory (0600) that forwards to the tokened URL. The browser is opened on
 * this file, so the token never appears on a command line (`ps` shows every user's), only in a
 * file only this user can read. Removed when the host stops.
 */
function writeLauncher(dataDir: string, port: number, url: string): string {
  const path = join(dataDir, `open-latchkey-${port}.html`);
  const href = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  writeFileSync(
    path,
    `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${href}"><title>Opening Latchkey</title><p>Opening <a href="${href}">Latchkey</a>...</p>\n`,
    { mode: 0o600 },
  );
  return path;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { port, dataDir, open } = parseArgs(process.argv.slice(2));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const here = dirname(fileURLToPath(import.meta.url));
  const rendererDir = resolve(here, '../renderer');
  const pkg = JSON.parse(readFileSync(resolve(here, '../../package.json'), 'utf8')) as { version: string };
  const logger = createStderrLogger({ quiet: process.env.LATCHKEY_LOG !== 'debug' });

  const host = await startBrowserHost({
    port,
    rendererDir,
    documents: new ConfDocumentStore(dataDir, confFactory),
    secrets: new KeytarSecretStore(),
    browser: systemBrowserOpener,
    // A page in a browser cannot show the system's file dialogs on main's behalf.
    dialogs: null,
    bodiesDir: join(dataDir, 'bodies'),
    clock: systemClock,
    logger,
    version: pkg.version,
  });
  process.stdout.write(`Latchkey is running. Open this URL in your browser (it carries this launch's access token):\n\n  ${host.url}\n\nData directory: ${dataDir}\nPress Ctrl+C to stop.\n`);
  let launcher: string | null = null;
  if (open) {
    launcher = writeLauncher(dataDir, host.port, host.url);
    await openLocalPage(launcher).then(
      () => process.stdout.write('Opened it in your default browser.\n'),
      (error: unknown) => process.stdout.write(`Could not open a browser (${error instanceof Error ? error.message : String(error)}); open the URL above yourself.\n`),
    );
  }

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping Latchkey...\n');
    if (launcher) rmSync(launcher, { force: true });
    void host.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') fail('That port is already in use; pick another with --port, or use --port 0.');
  process.stderr.write(`Latchkey could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
