// Bundles the main-process code: the Electron main, its sandboxed preload, the browser host and
// the `latchkey` command. `npm ci` runs this (the prepare script), so `npx latchkey` works after it.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
// Chunks are named by their content: old ones would pile up.
await rm(resolve(root, 'dist/cli/chunks'), { recursive: true, force: true });
/** CommonJS packages inside an ES module bundle get a require. */
const cjsBanner = { js: "import { createRequire as __latchkeyCreateRequire } from 'node:module'; const require = __latchkeyCreateRequire(import.meta.url);" };
/** @type {import('esbuild').BuildOptions} */
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: root };

await Promise.all([
  build({
    ...common,
    entryPoints: ['main/electron/main.ts'],
    outfile: 'dist/electron/main.mjs',
    format: 'esm',
    packages: 'external',
  }),
  // A sandboxed preload may require only 'electron': everything else is bundled in.
  build({
    ...common,
    entryPoints: ['preload/index.ts'],
    outfile: 'dist/preload/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['main/host/cli.ts'],
    outfile: 'dist/host/cli.mjs',
    format: 'esm',
    packages: 'external',
  }),
  // `latchkey run` (bin/latchkey.mjs loads it). Its packages are bundled in, and code only some
  // runs need (the AWS SDK) split into chunks loaded on first use: a command's start-up is
  // resolving and reading modules, and one file reads fastest. keytar is native and stays out;
  // CommonJS inside the bundle gets a require.
  build({
    ...common,
    entryPoints: { latchkey: 'main/cli/latchkey.ts' },
    outdir: 'dist/cli',
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    external: ['keytar'],
    banner: cjsBanner,
  }),
  // The importers', the body indexer's and the checks' threads, beside each bundle that starts
  // them (see importRunner.ts, indexRunner.ts and checksRunner.ts under main/core). The command's
  // copies have their packages bundled in too (a thread starts as a module load, like a command),
  // except the curl parser's, which find their .wasm files beside themselves.
  ...['dist/electron', 'dist/host', 'dist/cli'].flatMap((dir) =>
    [
      { entry: 'main/core/importers/importWorker.ts', name: 'importWorker.mjs' },
      { entry: 'main/core/body/indexWorker.ts', name: 'indexWorker.mjs' },
      { entry: 'main/core/checks/checksWorker.ts', name: 'checksWorker.mjs' },
    ].map(({ entry, name }) =>
      build({
        ...common,
        entryPoints: [entry],
        outfile: `${dir}/${name}`,
        format: 'esm',
        ...(dir === 'dist/cli' ? { banner: cjsBanner, external: ['curlconverter', 'web-tree-sitter'] } : { packages: 'external' }),
      }),
    ),
  ),
]);
