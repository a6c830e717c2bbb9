/**
 * Two projects:
 * - unit: everything in-process (the code under test is imported, so coverage is measured);
 * - bundle: spawns dist/index.js as the runner would. `npm test` packages the bundle first,
 *   so these tests never run a bundle older than the sources.
 */
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.check.json' }]
  }
}

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/bundle/']
    },
    {
      ...shared,
      displayName: 'bundle',
      testMatch: ['<rootDir>/__tests__/bundle/**/*.test.ts']
    }
  ],
  collectCoverageFrom: ['src/**/*.ts'],
  // Enforced wherever coverage is collected: `.ci/run` (`npm test -- --coverage`, one run of both
  // projects: the bundle tests run dist/ in child processes, so what is measured is the unit
  // project's) and `npm run coverage` (the unit project alone).
  coverageThreshold: { global: { lines: 90 } },
  // Global only: jest reads no testTimeout from a project's own options.
  testTimeout: 30000,
  // Jest's default (one worker less than the cores) runs everything in one process on a
  // 2-core machine, where the bundle and simulator tests spend most of their time waiting on
  // child processes and sockets: three workers overlap those waits.
  maxWorkers: 3
}
