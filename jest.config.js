/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // Real-time worker tests run apart (jest.slow.config.js, npm run test:slow).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/slow/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  // What the entry points (server.ts, worker.ts, the CLI) import first: type-graphql's decorators need it loaded
  // before any module declaring a GraphQL type, whichever module a test file happens to import first.
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
