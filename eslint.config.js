// @ts-check
// ESLint for the whole repository (`npm run lint`): TypeScript, the React islands and the Astro
// pages. Formatting is Prettier's job (`npm run format:check`), so no stylistic rules here; type
// errors are `npm run typecheck`'s.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import astro from 'eslint-plugin-astro';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // Generated or installed, never edited by hand (the same list as .prettierignore).
  globalIgnores(['**/dist/', '**/.astro/', '**/cdk.out/', '**/node_modules/', '**/test-results/', '**/playwright-report/', '**/coverage/', '**/.data/', 'functions/generated/', 'test/bench/.work/']),

  js.configs.recommended,
  tseslint.configs.recommended,
  astro.configs['flat/recommended'],
  astro.configs['flat/jsx-a11y-recommended'],

  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // A `_`-prefixed name is unused on purpose: a parameter kept for its position, a key dropped from a rest copy.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },

  // Code that runs in the browser: the React islands and the pages' scripts.
  {
    files: ['site/islands/**/*.{ts,tsx}', 'site/scripts/**/*.ts', 'site/**/*.astro'],
    languageOptions: { globals: { ...globals.browser } },
  },
  // The islands' JSX gets the same accessibility rules as the Astro templates. Rules only: the Astro
  // config above already registers the jsx-a11y plugin (a second registration is an error).
  {
    files: ['**/*.tsx'],
    languageOptions: jsxA11y.flatConfigs.recommended.languageOptions,
    rules: {
      ...jsxA11y.flatConfigs.recommended.rules,
      // Relaxed from depth 2 to 3: a checkbox's label text sits in two spans (choice__text > choice__label).
      'jsx-a11y/label-has-associated-control': ['error', { depth: 3 }],
    },
  },

  // React lives only in the islands.
  {
    files: ['site/islands/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  {
    files: ['site/islands/**/*.{ts,tsx}'],
    rules: {
      // The islands read what exists only in the browser (the query string, the reader's locale, live availability)
      // in an effect after hydration, so that the first client render matches the static HTML: that is this pattern.
      'react-hooks/set-state-in-effect': 'off',
    },
  },

  {
    files: ['test/**'],
    rules: {
      // Tests walk CloudFormation templates and JSON answers as they come; their assertions check the shape.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },

  // CloudFront Functions (cloudfront-js-2.0): plain scripts whose top-level `handler` CloudFront calls by name.
  {
    files: ['infra/constructs/site/rewrite-request.js', 'infra/constructs/preview/preview-request.js'],
    languageOptions: { sourceType: 'script', globals: {} },
    rules: {
      // CloudFront calls `handler`; nothing in the file does. `catch (e)` keeps its binding: the runtime's
      // documented syntax is ES5.1 plus a list of later features, and optional catch binding is not on it.
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^handler$', caughtErrors: 'none' }],
    },
  },
);
