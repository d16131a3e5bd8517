import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';
import prettier from 'eslint-config-prettier';

const IAC_TOOL = {
  group: ['cdktf', 'cdktf/*', '@cdktf/*', 'constructs'],
  message: 'Only stacks/ and modules/ may import the IaC tool.',
};

/** Forbids `files` from importing the IaC tool and any of the top-level folders in `above`. */
function importLayer(files, above) {
  const patterns = [IAC_TOOL];
  if (above.length > 0) {
    patterns.push({
      regex: `^(\\.\\./)+(${above.join('|')})(/|$)`,
      message: 'Imports point down only (see the Layout section of the README).',
    });
  }
  return [{ files, rules: { 'no-restricted-imports': ['error', { patterns }] } }];
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'cdktf.out/',
      'build/',
      'dist/',
      '.cache/',
      '.venv/',
      'coverage/',
      'bin/*.js',
      '*.config.js',
      // AssemblyScript (compiled by asc, typechecked by it), not TypeScript.
      'functions/ingest/assembly/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      'jest/no-focused-tests': 'error',
      'jest/no-disabled-tests': 'error',
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'assert*'] }],
    },
  },
  // Imports point down only: cli → operations → detections/saved-objects → functions/opensearch
  // → config. Nothing below stacks/modules may import the IaC tool, and no product code imports
  // the developer tooling in scripts/.
  ...importLayer(
    ['config/**/*.ts'],
    [
      'opensearch',
      'functions',
      'detections',
      'saved-objects',
      'operations',
      'stacks',
      'modules',
      'cli',
      'scripts',
    ],
  ),
  ...importLayer(
    ['opensearch/**/*.ts'],
    ['functions', 'detections', 'saved-objects', 'operations', 'stacks', 'modules', 'cli', 'scripts'],
  ),
  ...importLayer(
    ['functions/**/*.ts'],
    ['detections', 'saved-objects', 'operations', 'stacks', 'modules', 'cli', 'scripts'],
  ),
  ...importLayer(
    ['detections/**/*.ts', 'saved-objects/**/*.ts'],
    ['operations', 'stacks', 'modules', 'cli', 'scripts'],
  ),
  ...importLayer(['operations/**/*.ts'], ['stacks', 'modules', 'cli', 'scripts']),
  ...importLayer(['cli/**/*.ts'], ['stacks', 'modules', 'scripts']),
  ...importLayer(['scripts/**/*.ts'], []),
  prettier,
);
