import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * @param {{ regex: string; message: string }[]} patterns
 * @returns {import('eslint').Linter.RulesRecord}
 */
const layering = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

const ELECTRON = { regex: '^electron(/.*)?$', message: 'Only main/electron and preload/index.ts may import electron (docs/architecture.md, Layers).' };
const ROOTS = { regex: '(^|/)(electron|host|cli)/', message: 'main/electron, main/host and main/cli are composition roots: nothing imports them.' };
const ADAPTERS = { regex: '(^|/)adapters/', message: 'Adapters are wired in by the composition roots, not imported by core or ipc.' };
const IPC = { regex: '(^|/)ipc/', message: 'Core knows nothing of IPC.' };
const RENDERER = { regex: '(^|/)renderer/', message: 'Main never imports the renderer.' };

const RENDERER_BASE = [
  ELECTRON,
  { regex: '(^|/)main/', message: 'The renderer never imports main: talk to it through api.ts and the contract.' },
  { regex: '^node:', message: 'The renderer runs in a browser sandbox: no Node modules.' },
  { regex: '^preload/index', message: 'Use renderer/api.ts, not the preload.' },
];
const FEATURE_INTERNALS = {
  regex: '^\\.\\./(\\.\\./features/)?[^./][^/]*/.+',
  message: "A feature may use another feature only through its index.ts (import from '../name'), never its files (docs/architecture.md, Renderer).",
};
const ROOT_FEATURE_INTERNALS = { regex: '^\\./features/[^/]+/.+', message: "Use a feature through its index.ts (import from './features/name') (docs/architecture.md, Renderer)." };
const SHARED_USES_FEATURES = { regex: '(^|/)features(/|$)', message: 'renderer/ui and renderer/state are shared by every feature and import none (docs/architecture.md, Renderer).' };

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
    rules: { ...reactHooks.configs.recommended.rules, ...layering(RENDERER_BASE) },
  },
  {
    // A feature is used through its index.ts; its other files are its own business.
    files: ['renderer/features/**/*.{ts,tsx}'],
    rules: {
      ...layering([...RENDERER_BASE, FEATURE_INTERNALS]),
      'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${FEATURE_INTERNALS.regex.replaceAll('/', '\\/')}/]`, message: FEATURE_INTERNALS.message }],
    },
  },
  { files: ['renderer/*.{ts,tsx}'], rules: layering([...RENDERER_BASE, ROOT_FEATURE_INTERNALS]) },
  { files: ['renderer/ui/**/*.{ts,tsx}', 'renderer/state/**/*.{ts,tsx}'], rules: layering([...RENDERER_BASE, SHARED_USES_FEATURES]) },
  {
    files: ['preload/contract/**/*.ts'],
    rules: layering([{ regex: '^(?!zod$|\\./)', message: 'preload/contract may import only zod and its own files (docs/architecture.md, Layers).' }]),
  },
  { files: ['main/core/**/*.ts'], rules: layering([ELECTRON, ROOTS, ADAPTERS, IPC, RENDERER]) },
  { files: ['main/ipc/**/*.ts'], rules: layering([ELECTRON, ROOTS, ADAPTERS, RENDERER]) },
  { files: ['main/adapters/**/*.ts', 'main/ports.ts'], rules: layering([ELECTRON, ROOTS, IPC, RENDERER]) },
  { files: ['main/host/**/*.ts'], rules: layering([ELECTRON, RENDERER]) },
  { files: ['main/cli/**/*.ts'], rules: layering([ELECTRON, RENDERER]) },
  { files: ['main/electron/**/*.ts'], rules: layering([RENDERER]) },
  {
    files: ['test/**/*.{ts,tsx}', 'build/**/*.mjs', '*.config.*'],
    rules: { 'no-console': 'off' },
  },
);
