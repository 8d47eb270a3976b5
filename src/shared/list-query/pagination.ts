import { BadUserInputError } from '../errors/errors';

/**
 * The largest page a client may ask for: above GitHub's 100 because an agreement of the recoded corpus has up to
 * about 200 commitments, and an analyst reads them in one nested page (`commitments(first: 250)`); the node limit
 * (MAX_QUERY_NODES) bounds what such pages multiply to.
 */
export const MAX_PAGE_SIZE = 250;
/** The page size when neither `first` nor `last` is given. */
export const DEFAULT_PAGE_SIZE = 20;

/** Relay pagination arguments as received. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A checked page request: how many rows, from which end. */
export interface PageWindow {
  size: number;
  fromEnd: boolean;
  after?: string;
  before?: string;
}

/** Validates `first/after/last/before` and resolves the page size. */
export function resolvePageWindow(args: PageArgs): PageWindow {
  const { first, last } = args;
  if (first != null && last != null) {
    throw new BadUserInputError('pass either first or last, not both');
  }
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value == null) continue;
    if (!Number.isInteger(value) || value < 0) throw new BadUserInputError(`${name} must be a non-negative integer, got ${value}`);
    if (value > MAX_PAGE_SIZE) throw new BadUserInputError(`${name} must be at most ${MAX_PAGE_SIZE}, got ${value}`, { maxPageSize: MAX_PAGE_SIZE });
  }
  return {
    size: first ?? last ?? DEFAULT_PAGE_SIZE,
    fromEnd: last != null,
    after: args.after ?? undefined,
    before: args.before ?? undefined,
  };
}
