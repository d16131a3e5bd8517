import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import jest from 'eslint-plugin-jest';
import prettier from 'eslint-config-prettier';

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
  {
    // Functions, detections and scripts must never depend on the IaC tool.
    files: [
      'functions/**/*.ts',
      'detections/**/*.ts',
      'saved-objects/**/*.ts',
      'scripts/**/*.ts',
      'cli/**/*.ts',
      'config/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['cdktf', 'cdktf/*', '@cdktf/*', 'constructs'] }],
    },
  },
  prettier,
);
