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
  // Synthesizing CDK apps is CPU-heavy; two workers match the 2-core CI machine.
  maxWorkers: 2,
};
