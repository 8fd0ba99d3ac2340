// The lint gate (`npm run lint`, run by .ci/run before the tests). TypeScript under src, test, bench and
// migrations is linted with typescript-eslint's type-checked rules over tsconfig.json (the same program
// `npm run typecheck` checks); the panel's JSX components and the few .mjs/.js files get the plain JS rules.
// Layout is Prettier's job: eslint-config-prettier switches off the rules that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * ESLint 9's scope analysis does not count `<Card />` as a use of `Card` (ESLint 10 does, but declares
 * Node ^22.13 where we promise >=20.19). This marks components named in JSX as used, as
 * eslint-plugin-react's jsx-uses-vars does, without its fifty dependencies.
 */
const jsxUses = {
  rules: {
    'jsx-uses-vars': {
      meta: { type: 'problem', schema: [] },
      create: (context) => ({
        JSXOpeningElement(node) {
          let name = node.name;
          while (name.type === 'JSXMemberExpression') name = name.object;
          if (name.type === 'JSXIdentifier') context.sourceCode.markVariableAsUsed(name.name, node);
        },
      }),
    },
  },
};

const unusedVars = ['error', { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }];

export default defineConfig(
  globalIgnores(['dist/', 'coverage/', '.data/', 'adminjs-bundle/', 'test-artifacts/']),
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.jest },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': unusedVars,
      // Bug rules the recommended set already has, kept explicit so nobody switches them off by accident.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'error',
      // Type guards such as isUuid narrow a string that failed them to `never`, which still prints as itself;
      // URLSearchParams prints as its query string (the default allow list names the DOM lib's; ours is @types/node's, from 'url').
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        {
          allowNever: true,
          allow: [
            { from: 'lib', name: ['Error', 'URL', 'URLSearchParams'] },
            { from: 'package', package: 'url', name: 'URLSearchParams' },
          ],
        },
      ],
      // Passing on the error a callback handed us (typed any/unknown by its library) is right; inventing one is what the rule is for.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // A `let` read by a closure before its one assignment (csv-export's clean-up) would hit the TDZ as a const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Specs and benches read supertest bodies and raw query rows, typed `any` (and jest's expect.any() is `any`):
    // typing each would add interfaces nobody else uses, and the assertions check their shape at run time anyway.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The AdminJS panel's components: bundled for the browser by AdminJS, not part of the TS program.
    files: ['src/admin/components/**/*.jsx'],
    extends: [js.configs.recommended],
    plugins: { local: jsxUses },
    languageOptions: {
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: { ...globals.browser },
    },
    // `React` is used by the classic JSX transform AdminJS's bundler applies, which ESLint cannot see.
    rules: { 'local/jsx-uses-vars': 'error', 'no-unused-vars': ['error', { ...unusedVars[1], varsIgnorePattern: '^(_|React$)' }] },
  },
  {
    // Node scripts that run untranspiled: the build-if-stale check, jest's global setup, jest's config.
    files: ['**/*.mjs', '**/*.js'],
    ignores: ['src/admin/components/**'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'no-unused-vars': unusedVars },
  },
  prettier,
);
