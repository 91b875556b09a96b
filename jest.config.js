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
  // The slowest files start first, so the run does not end waiting on one of them (test/support/test-sequencer.js).
  testSequencer: '<rootDir>/test/support/test-sequencer.js',
  // A worker that synthesized the largest apps holds 1.2-1.7 GB when the run ends, and leaving
  // takes it longer than jest's default 500 ms now and then: measured, 433 ms from jest's request
  // to its 'exit' event with no handle open (V8 finishing its background work on that heap), then
  // the memory's release. jest then killed it and printed "A worker process has failed to exit
  // gracefully" in 3 of 4 fresh-clone runs, with every test passed: no leak. A handle that never
  // closes is still reported, after 5 s.
  workerGracefulExitTimeout: 5000,
};
