/**
 * Jest runs TypeScript through ts-jest; every test file lives under test/. Files are transpiled
 * one at a time (isolatedModules in tsconfig.json, which `tsc --noEmit` checks them against).
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }],
  },
  testTimeout: 120000,
  // Every temporary file of the run (synthesis outdirs, DNS servers' files) goes under one directory
  // removed when the run ends, however jest is started (test/support/tmpdir.ts).
  globalSetup: '<rootDir>/test/support/jest-global-setup.ts',
  globalTeardown: '<rootDir>/test/support/jest-global-teardown.ts',
  // Synthesizing CDK apps is CPU-heavy; two workers match the 2-core CI machine.
  maxWorkers: 2,
};
