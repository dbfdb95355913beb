import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = resolve(import.meta.dirname, '..');

/** The renderer: static files served by app:// in Electron and by the browser host. */
export default defineConfig({
  root: resolve(root, 'renderer'),
  base: './',
  plugins: [react()],
  resolve: {
    // The dialogs' scroll lock would inject a <style> the CSP refuses; the page never scrolls,
    // so its scroll-bar part is left out (build/stubs/removeScrollBar.ts says why).
    alias: [{ find: /^react-remove-scroll-bar$/, replacement: resolve(root, 'build/stubs/removeScrollBar.ts') }],
  },
  build: {
    outDir: resolve(root, 'dist/renderer'),
    emptyOutDir: true,
    // The CSP allows no inline code: keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
    // Chromium 123 is the first with CSS light-dark(), which the theme's colours use (Electron
    // ships a much newer one; so do the browsers the browser host is opened in).
    target: 'chrome123',
    rollupOptions: {
      // zod ships comments Rollup cannot place; they are harmless.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
});
