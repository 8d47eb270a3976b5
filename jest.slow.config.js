/**
 * The slow tests (`npm run test:slow`): real worker processes against real time (schedules over minutes, a worker
 * killed mid-run). They run once in .ci/run, not in every `npm test`.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = { ...base, roots: ['<rootDir>/tests/slow'], testPathIgnorePatterns: [], testTimeout: 300000, maxWorkers: 1 };
