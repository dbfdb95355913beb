import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * @param {{ regex: string; message: string }[]} patterns
 * @returns {import('eslint').Linter.RulesRecord}
 */
const layering = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

const ELECTRON = { regex: '^electron(/.*)?$', message: 'Only main/electron and preload/index.ts may import electron (DESIGN.md layering).' };
const ROOTS = { regex: '(^|/)(electron|host)/', message: 'main/electron and main/host are composition roots: nothing imports them.' };
const ADAPTERS = { regex: '(^|/)adapters/', message: 'Adapters are wired in by the composition roots, not imported by core or ipc.' };
const IPC = { regex: '(^|/)ipc/', message: 'Core knows nothing of IPC.' };
const RENDERER = { regex: '(^|/)renderer/', message: 'Main never imports the renderer.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'out/**', 'reports/**', '**/*.tmp.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...layering([
        ELECTRON,
        { regex: '(^|/)main/', message: 'The renderer never imports main: talk to it through api.ts and the contract.' },
        { regex: '^node:', message: 'The renderer runs in a browser sandbox: no Node modules.' },
        { regex: '^preload/index', message: 'Use renderer/api.ts, not the preload.' },
      ]),
    },
  },
  {
    files: ['preload/contract/**/*.ts'],
    rules: layering([{ regex: '^(?!zod$|\\./)', message: 'preload/contract may import only zod and its own files (DESIGN.md layering).' }]),
  },
  { files: ['main/core/**/*.ts'], rules: layering([ELECTRON, ROOTS, ADAPTERS, IPC, RENDERER]) },
  { files: ['main/ipc/**/*.ts'], rules: layering([ELECTRON, ROOTS, ADAPTERS, RENDERER]) },
  { files: ['main/adapters/**/*.ts', 'main/ports.ts'], rules: layering([ELECTRON, ROOTS, IPC, RENDERER]) },
  { files: ['main/host/**/*.ts'], rules: layering([ELECTRON, RENDERER]) },
  { files: ['main/electron/**/*.ts'], rules: layering([RENDERER]) },
  {
    files: ['test/**/*.{ts,tsx}', 'build/**/*.mjs', '*.config.*'],
    rules: { 'no-console': 'off' },
  },
);
