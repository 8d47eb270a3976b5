import { BadUserInputError } from '../errors/errors';

/** Reads a GraphQL `ID` argument as the integer key it stands for. */
export function parseId(value: string | number, argument = 'id'): number {
  const id = typeof value === 'number' ? value : /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) {
    throw new BadUserInputError(`${argument} must be a positive integer id, got ${JSON.stringify(value)}`);
  }
  return id;
}
