throw new Error('tree-sitter is not installed in Latchkey: the WebAssembly parser (web-tree-sitter) is used instead. See build/stubs/README.md.');
