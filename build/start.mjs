// `npm start`: launches the built app in Electron, or explains what to do when Electron's binary is missing.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
let electronPath;
try {
  electronPath = require('electron');
} catch {
  electronPath = null;
}

if (typeof electronPath !== 'string') {
  process.stderr.write(
    [
      '',
      'Latchkey cannot start its desktop window: the Electron binary is not installed.',
      'That happens when the install ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1 or when the download was blocked.',
      'You can use the same app in your browser right now with `npm run serve` (it prints a URL to open),',
      'or install the binary where downloads work: `rm -rf node_modules/electron && npm install` without that flag.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const child = spawn(electronPath, [resolve(import.meta.dirname, '..'), ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
