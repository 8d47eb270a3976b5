import { BadUserInputError } from '../../shared/errors/errors';
import { DEFAULT_SIMILAR } from '../../shared/limits/list-bounds';
import { MAX_PAGE_SIZE } from '../../shared/list-query/pagination';

/** Bounds of the arguments, named so the errors and the schema say the same. */
export const COMPARE_MIN_AGREEMENTS = 2;
export { COMPARE_MAX_AGREEMENTS, DEFAULT_SIMILAR } from '../../shared/limits/list-bounds';
export const MAX_DEPTH = 10;

/** A roll-up depth, checked: null when absent, else 1 (the roots) to MAX_DEPTH. */
export function checkDepth(depth: number | null | undefined): number | null {
  if (depth === null || depth === undefined) return null;
  if (depth < 1 || depth > MAX_DEPTH)
    throw new BadUserInputError(`depth must be between 1 (the roots of the domain tree) and ${MAX_DEPTH}; got ${depth}`, { argument: 'depth' });
  return depth;
}

/** Refuses a list argument that names the same value twice (`slugs`, `groupBy`). */
export function refuseRepeats(values: readonly string[], argument: string): void {
  const repeated = values.find((value, i) => values.indexOf(value) !== i);
  if (repeated !== undefined) throw new BadUserInputError(`${argument} lists "${repeated}" more than once`, { argument });
}

/** How many similar agreements to return: `first`, checked (1 to MAX_PAGE_SIZE), or DEFAULT_SIMILAR when absent. */
export function checkSimilarCount(first: number | null | undefined): number {
  const count = first ?? DEFAULT_SIMILAR;
  if (count < 1 || count > MAX_PAGE_SIZE)
    throw new BadUserInputError(`first must be between 1 and ${MAX_PAGE_SIZE}; got ${count}`, { argument: 'first' });
  return count;
}
