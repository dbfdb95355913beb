#!/usr/bin/env node
// The `latchkey` command (npx latchkey run …). The code is built into dist/cli by `npm run build`,
// which `npm ci` / `npm install` run through the package's prepare script.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/latchkey.mjs', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('latchkey: the command is not built yet; run "npm run build" in the Latchkey folder first.\n');
  process.exit(3);
}
await import(entry.href);
