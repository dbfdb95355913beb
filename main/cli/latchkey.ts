import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT } from './runArgs';
import { runCommand } from './runCommand';

const USAGE = `Usage: latchkey <command>

Commands:
  run <collection | file> [options]   run a collection's requests and check their assertions
                                      ("latchkey run --help" for its options and exit codes)

  latchkey --version                  the version`;

function version(): string {
  try {
    const here = dirname(fileURLToPath(import.meta.url));
    return (JSON.parse(readFileSync(resolve(here, '../../package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

// `latchkey run … | head`: a reader that goes away is no reason to crash; the run goes on and its
// reports and exit code are as they would be.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'run') {
    const controller = new AbortController();
    const interrupt = () => {
      // The first Ctrl+C cancels the request in flight, writes the reports so far and exits 130; a second one leaves at once.
      if (controller.signal.aborted) process.exit(EXIT.interrupted);
      process.stderr.write('\nStopping: the request in flight is cancelled and the reports so far are written (Ctrl+C again to leave now)...\n');
      controller.abort();
    };
    // conf's atomic writer (when-exit) listens for these at load and raises the signal again after
    // its clean-up, which would read as a second Ctrl+C. Its clean-up also runs on 'exit', which a
    // run reaches, so its signal listeners go and this one decides.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.removeAllListeners(signal);
      process.on(signal, interrupt);
    }
    return runCommand(rest, { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), version: version(), signal: controller.signal });
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version()}\n`);
    return EXIT.passed;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.passed;
  }
  process.stderr.write(`latchkey: unknown command "${command}".\n\n${USAGE}\n`);
  return EXIT.badInput;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`latchkey: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT.requestFailed);
  },
);
