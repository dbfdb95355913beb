import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type Parser from 'web-tree-sitter';

/**
 * The shell parser curlconverter uses, as WebAssembly (web-tree-sitter) rather than its native
 * add-on: package.json overrides `tree-sitter` with a stand-in (build/stubs) whose `parse`
 * calls the parser registered here. curlconverter parses synchronously, so `loadBashParser`
 * must have finished first.
 */
let parser: Parser | null = null;
let loading: Promise<void> | null = null;

/** Longest a single parse may take, so a hostile paste cannot stall main. */
const PARSE_TIMEOUT_MICROS = 2_000_000;

export function loadBashParser(): Promise<void> {
  loading ??= (async () => {
    const { default: Parser } = await import('web-tree-sitter');
    const require = createRequire(import.meta.url);
    const runtime = require.resolve('web-tree-sitter/tree-sitter.wasm');
    const grammar = require.resolve('curlconverter/dist/tree-sitter-bash.wasm');
    await Parser.init({ locateFile: () => runtime });
    const bash = await Parser.Language.load(await readFile(grammar));
    const instance = new Parser();
    instance.setLanguage(bash);
    instance.setTimeoutMicros(PARSE_TIMEOUT_MICROS);
    parser = instance;
    (globalThis as Record<symbol, unknown>)[Symbol.for('latchkey.bashParser')] = facade;
  })();
  loading.catch(() => (loading = null));
  return loading;
}

const facade = {
  parse(text: string): Parser.Tree {
    if (!parser) throw new Error('The shell parser is not loaded yet.');
    const tree = parser.parse(text);
    // A parse that hit the timeout returns nothing.
    if (!tree) throw new Error('The command took too long to parse.');
    return tree;
  },
};

