import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import Parser from 'web-tree-sitter';

/**
 * The shell parser curlconverter uses, as WebAssembly (web-tree-sitter) rather than its native
 * add-on: the build and the tests point curlconverter's `./shell/Parser.js` here. curlconverter
 * calls only `parse`, synchronously, so the WebAssembly is loaded first by `loadBashParser`.
 */
let parser: Parser | null = null;
let loading: Promise<void> | null = null;

/** Longest a single parse may take, so a hostile paste cannot stall main. */
const PARSE_TIMEOUT_MICROS = 2_000_000;

export function loadBashParser(): Promise<void> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const runtime = require.resolve('web-tree-sitter/tree-sitter.wasm');
    const grammar = require.resolve('curlconverter/dist/tree-sitter-bash.wasm');
    await Parser.init({ locateFile: () => runtime });
    const bash = await Parser.Language.load(await readFile(grammar));
    const instance = new Parser();
    instance.setLanguage(bash);
    instance.setTimeoutMicros(PARSE_TIMEOUT_MICROS);
    parser = instance;
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

export default facade;
