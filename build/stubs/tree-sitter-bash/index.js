throw new Error('tree-sitter-bash is not installed in Latchkey: the WebAssembly parser (web-tree-sitter) is used instead. See build/stubs/README.md.');
