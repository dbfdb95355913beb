// curlconverter loads a native shell parser from its `./shell/Parser.js`; Latchkey gives it the
// WebAssembly one instead (see build/stubs/README.md). Used by the esbuild bundle and by vitest.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const requireHere = createRequire(import.meta.url);

export const BASH_PARSER_SHIM = resolve(import.meta.dirname, '../main/core/importers/bashParser.ts');

/**
 * True for curlconverter's import of its native parser.
 * @param {string} source
 * @param {string | undefined} importer
 */
export function isCurlconverterParser(source, importer) {
  return source === './Parser.js' && typeof importer === 'string' && /[\\/]curlconverter[\\/]dist[\\/]src[\\/]shell[\\/]/.test(importer);
}

/**
 * esbuild: bundle curlconverter (so the redirect applies) and point it at the shim.
 * @type {import('esbuild').Plugin}
 */
export const curlconverterEsbuildPlugin = {
  name: 'latchkey-curlconverter-parser',
  setup(build) {
    build.onResolve({ filter: /^\.\/Parser\.js$/ }, (args) => (isCurlconverterParser(args.path, args.importer) ? { path: BASH_PARSER_SHIM } : undefined));
    build.onResolve({ filter: /^curlconverter\// }, (args) => ({ path: requireHere.resolve(args.path) }));
  },
};

/**
 * vite / vitest: the same redirect (curlconverter must be inlined, see vitest.config.ts).
 * @type {import('vite').Plugin}
 */
export const curlconverterVitePlugin = {
  name: 'latchkey-curlconverter-parser',
  enforce: 'pre',
  resolveId(source, importer) {
    return isCurlconverterParser(source, importer) ? BASH_PARSER_SHIM : null;
  },
};
