'use strict';
// Stand-in for the native tree-sitter add-on, which Latchkey does not build or ship. curlconverter
// (behind "Import cURL") creates one parser from this class at load time and calls only `parse`;
// it is answered by the WebAssembly parser Latchkey loads first (main/core/importers/bashParser.ts).
const REGISTRY = Symbol.for('latchkey.bashParser');

class Parser {
  setLanguage() {}
  parse(text) {
    const parser = globalThis[REGISTRY];
    if (!parser) throw new Error('The shell parser is not loaded yet (Latchkey loads it before importing a curl command).');
    return parser.parse(text);
  }
}

module.exports = Parser;
