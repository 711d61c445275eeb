// Lint gate (npm run lint): typescript-eslint's recommended rules with type information, the
// promise rules that catch dropped errors, type-only imports, and the layer rules that project
// references cannot express (docs/architecture.md): outside core, core is reached through its
// public entry (core/src) or its Node entry (core/src/node/files), never a module inside it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const deepCore = {
  group: [
    '**/core/src/*',
    '!**/core/src/index',
    '!**/core/src/node',
    '**/core/src/node/*',
    '!**/core/src/node/files',
    '!**/core/src/node/nativeCrc32c',
    '!**/core/src/node/schemas',
  ],
  message:
    'Import core through its public entry (core/src) or a Node entry (core/src/node/files, node/nativeCrc32c, node/schemas): docs/architecture.md.',
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test/integration/fixtures/**',
      'test-artifacts/**',
      // Deliberately not a module: importing 'vscode' outside the client fails to compile (tsconfig.base.json).
      'types/layer-rules/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-restricted-imports': ['error', { patterns: [deepCore] }],
    },
  },
  // Core's own modules import each other directly; tests of an internal module import it (layers.test.ts lists them).
  {
    files: [
      'core/**/*.ts',
      'test/unit/core.conversion.test.ts',
      'test/unit/core.limits.test.ts',
      'test/unit/core.diff.test.ts',
    ],
    rules: { 'no-restricted-imports': 'off' },
  },
);
