'use strict';
// Stand-in for the native tree-sitter-bash grammar: the grammar comes from curlconverter's own
// tree-sitter-bash.wasm instead (see ../README.md).
module.exports = {};
