import { BadUserInputError } from '../../shared/errors/errors';

/** How many similar provisions `Provision.similar` gives by default. */
export const DEFAULT_SIMILAR_PROVISIONS = 5;
/** The score below which two provisions are not called reuse, by default (see SCORE_MEANING). */
export const DEFAULT_MIN_SCORE = 0.3;

/** A `minScore` argument, checked: a number from 0 to 1, the default when absent. */
export function checkMinScore(minScore: number | null | undefined): number {
  if (minScore === null || minScore === undefined) return DEFAULT_MIN_SCORE;
  if (!(minScore >= 0 && minScore <= 1)) throw new BadUserInputError(`minScore must be between 0 and 1; got ${minScore}`, { argument: 'minScore' });
  return minScore;
}
