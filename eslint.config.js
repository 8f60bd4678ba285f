import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'docs/api/', 'node_modules/', 'wasm/build/', 'wasm/assembly/', 'src/hash/_core.generated.ts', 'examples/**/miniprogram_npm/', 'examples/web/out/', 'test-artifacts/', '.custodia-tmp/', 'test/package/consumer/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use randomBytes(): custodia never uses Math.random.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/report/**', 'src/store/sqlite/**', 'src/store/postgres/**', 'src/kanon/sql/duckdb*.ts', 'src/kanon/sql/postgres*.ts', 'src/**/*.node.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^node:', message: 'Isomorphic code: reach node:crypto through src/runtime, never import node: here.' }] }],
    },
  },
  {
    // The mini-program build turns async functions into promise chains; an async arrow in a class field lost
    // `this` there once (Merkle log's node reader, caught only by the floor-realm test). Use a method instead.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: 'PropertyDefinition > ArrowFunctionExpression[async=true]', message: 'No async arrow in a class field: the mini-program promise-chain transform loses `this`; write a method.' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'bench/**', 'examples/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', globalThis: 'readonly', URL: 'readonly', performance: 'readonly', TextEncoder: 'readonly', WebAssembly: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', gc: 'readonly' } },
  },
);
