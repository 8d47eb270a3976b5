// ESLint (typescript-eslint's recommended rules) for the TypeScript and the benchmark scripts; formatting is
// Prettier's job (eslint-config-prettier turns off the rules that would disagree with it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench/.tools/', 'bench/results/', '.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { languageOptions: { globals: { ...globals.node } } },
  {
    rules: {
      // GraphQL resolvers and SQL rows are loosely typed at the edges; `any` is allowed there, visibly.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // type-graphql needs constructors like `Function` in its decorator helpers.
    files: ['src/schema/**/*.ts'],
    rules: { '@typescript-eslint/no-unsafe-function-type': 'off' },
  },
  {
    // CommonJS preloads (node --require) and jest's configuration files are CommonJS by nature.
    files: ['**/*.cjs', 'jest*.config.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
