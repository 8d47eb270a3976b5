/**
 * The number of cases each property-based test (fast-check) runs. `npm test` runs a fixed, small budget so the
 * suite stays quick and repeatable; `npm run fuzz` raises it through FUZZ_RUNS and draws a fresh seed.
 *
 * @example fc.assert(property, fuzzOptions(40))
 */
export function fuzzOptions(defaultRuns: number): { numRuns: number; seed?: number } {
  const runs = Number(process.env.FUZZ_RUNS);
  if (Number.isInteger(runs) && runs > 0) return { numRuns: runs };
  // A fixed seed in npm test: the same cases on every run, so a failure is reproducible and CI is not flaky.
  return { numRuns: defaultRuns, seed: 20241306 };
}
