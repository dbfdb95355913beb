import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { curlconverterVitePlugin } from './build/curlParserRedirect.mjs';

/** Main-process code: curlconverter is inlined so its import of the native shell parser can be pointed at the WebAssembly one. */
const mainProcess = { server: { deps: { inline: ['curlconverter'] } } };

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [curlconverterVitePlugin],
        test: {
          name: 'unit',
          ...mainProcess,
          environment: 'node',
          include: ['test/main/**/*.test.ts', 'test/preload/**/*.test.ts', 'test/lint/**/*.test.ts', 'test/build/**/*.test.ts'],
          exclude: ['**/*.keychain.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
        },
      },
      {
        plugins: [curlconverterVitePlugin],
        test: {
          name: 'keychain',
          ...mainProcess,
          environment: 'node',
          include: ['test/**/*.keychain.test.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
