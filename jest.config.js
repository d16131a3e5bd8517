/** Two projects: `unit` needs no server; `integration` runs against the local OpenSearch node and moto server started by its global setup. */
/** ES-module-only packages (the Parquet reader and writer): compiled to CommonJS like our own code. */
const ESM_PACKAGES = ['hyparquet', 'hyparquet-compressors', 'hyparquet-writer', 'hysnappy'];
const swc = ['@swc/jest', { jsc: { target: 'es2022' } }];
const transform = {
  '^.+\\.tsx?$': swc,
  [`/node_modules/(?:${ESM_PACKAGES.join('|')})/.+\\.js$`]: swc,
};
const common = {
  transform,
  transformIgnorePatterns: [`/node_modules/(?!(?:${ESM_PACKAGES.join('|')})/)`],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/global-teardown.ts',
    },
  ],
};
