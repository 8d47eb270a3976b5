import { BadUserInputError } from '../shared/errors/errors';

/** One thing wrong with one record: which record, which field (a path into it), the value, and why. */
export interface RecordProblem {
  /** `agreement japan-ukraine-2024`, `commitment <key>`; with the file for imports. */
  record: string;
  path: (string | number)[];
  value?: unknown;
  message: string;
}

/** Records that cannot be written as they are; nothing of them was written. */
export class RecordProblems extends Error {
  constructor(readonly problems: RecordProblem[]) {
    super(`${problems.length} problem(s): ${problems.map(describeProblem).join('; ')}`);
    this.name = 'RecordProblems';
  }
}

/** `commitment x/y at domains.1 ("nowhere"): no cooperation_domain has slug "nowhere"` */
export function describeProblem(problem: RecordProblem): string {
  const at = problem.path.length > 0 ? ` at ${problem.path.join('.')}` : '';
  const value = problem.value === undefined ? '' : ` (${JSON.stringify(problem.value)})`;
  return `${problem.record}${at}${value}: ${problem.message}`;
}

/**
 * The GraphQL error of a mutation whose input breaks a rule: BAD_USER_INPUT, the first problem in the message, and
 * all of them in `extensions.problems`, each with its `field` path (`input.amount.currency`).
 */
export function toUserInputError(problems: RecordProblem[], argument = 'input'): BadUserInputError {
  return new BadUserInputError(describeProblem(problems[0]), {
    field: [argument, ...problems[0].path].join('.'),
    problems: problems.map((p) => ({ field: [argument, ...p.path].join('.'), message: p.message, value: p.value })),
  });
}
