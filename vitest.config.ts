import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/main/**/*.test.ts', 'test/preload/**/*.test.ts', 'test/lint/**/*.test.ts', 'test/build/**/*.test.ts'],
          exclude: ['**/*.keychain.test.ts', '**/*.built.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        // What ships: builds first, then loads the built entry point, preload and renderer.
        test: {
          name: 'built',
          environment: 'node',
          include: ['test/**/*.built.test.ts'],
          globalSetup: ['test/fixtures/buildOnce.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
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
        test: {
          name: 'keychain',
          environment: 'node',
          include: ['test/**/*.keychain.test.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
