import { BadUserInputError } from '../errors/errors';
import { Fragment, sql } from '../sql/sql';
import { CollectionSpec, OrderSpec } from './collection-spec';

/** A sort key of a query: the column it sorts on (and its expression on the row's alias), its type and direction. */
export interface SortKey {
  /** The column of the collection's table (`signed_on`, `id`). */
  column: string;
  /** The column on the row's alias (`t0.signed_on`). */
  expression: Fragment;
  pgType: string;
  /** The values of an enum key, where known: a cursor may carry no other. */
  values?: readonly string[];
  direction: 'ASC' | 'DESC';
}

/**
 * The name of the output column carrying a page row's `index`-th sort key (`__k0`): a cursor is built from these,
 * and a page read inside another statement is ordered by them again.
 */
export function sortKeyColumn(index: number): string {
  return `__k${index}`;
}

/** The sort keys for an `orderBy` list, always ending with the `id` tie-breaker. */
export function sortKeys(spec: CollectionSpec<any>, orderBy: readonly string[], alias: Fragment): SortKey[] {
  const keys = orderBy.map((name): SortKey => {
    const order: OrderSpec | undefined = spec.orders[name];
    if (!order) throw new BadUserInputError(`unknown order "${name}" for ${spec.name}; use one of ${Object.keys(spec.orders).join(', ')}`);
    return {
      column: order.column,
      expression: sql`${alias}.${sql.raw(order.column)}`,
      pgType: order.pgType,
      values: order.values,
      direction: order.direction,
    };
  });
  // `id` is unique: once it is a key, nothing after it can matter.
  const byId = keys.findIndex((key) => key.column === 'id');
  return byId >= 0 ? keys.slice(0, byId + 1) : [...keys, { column: 'id', expression: sql`${alias}.id`, pgType: 'int', direction: 'ASC' }];
}

/** ORDER BY list; NULLs sort as the largest value in both directions, as the keyset predicate assumes. */
export function orderByClause(keys: readonly SortKey[], reverse = false): Fragment {
  return sql.join(
    keys.map(({ expression, direction }) => {
      const effective = reverse ? (direction === 'ASC' ? 'DESC' : 'ASC') : direction;
      return sql`${expression} ${sql.raw(`${effective} NULLS ${effective === 'ASC' ? 'LAST' : 'FIRST'}`)}`;
    }),
  );
}

/**
 * A cursor's values as value nodes, one per non-NULL value, so that a value used in several places of the
 * predicate is bound once. They are not marked planWithValues: with the page size bound as well, the reused plan of a
 * cursor page is the ordered index scan a plan with the values picks (measured on bench (d)).
 */
function cursorValues(keys: readonly SortKey[], values: readonly unknown[]): (Fragment | null)[] {
  return keys.map((key, i) => (values[i] === null ? null : sql.value(values[i], key.pgType)));
}

function predicate(keys: readonly SortKey[], bound: readonly (Fragment | null)[], side: 'after' | 'before'): Fragment {
  const alternatives: Fragment[] = [];
  for (let i = 0; i < keys.length; i++) {
    const equalities = keys.slice(0, i).map((key, j) => {
      const value = bound[j];
      return value === null ? sql`${key.expression} IS NULL` : sql`${key.expression} = ${value}`;
    });
    const key = keys[i];
    const greater = (key.direction === 'ASC') === (side === 'after');
    const value = bound[i];
    let step: Fragment;
    if (value === null) {
      // NULL is the largest value: nothing is greater, every non-NULL is smaller.
      step = greater ? sql`FALSE` : sql`${key.expression} IS NOT NULL`;
    } else {
      step = greater ? sql`(${key.expression} > ${value} OR ${key.expression} IS NULL)` : sql`${key.expression} < ${value}`;
    }
    alternatives.push(sql.join([...equalities, step], ' AND '));
  }
  return sql.join(
    alternatives.map((alternative) => sql`(${alternative})`),
    ' OR ',
  );
}

/**
 * The predicate "row comes after (or before) the row with `values`" in the order of `keys`, as an expanded
 * lexicographic comparison (which, unlike a row comparison, handles mixed directions and NULLs).
 */
export function keysetPredicate(keys: readonly SortKey[], values: readonly unknown[], side: 'after' | 'before'): Fragment {
  return predicate(keys, cursorValues(keys, values), side);
}

/**
 * The keyset predicate split into branches that PostgreSQL can each answer with an index range scan in sort
 * order: the expanded comparison alone cannot use an index on the first sort key (it is an OR that admits NULLs),
 * so deep pages would scan everything before the cursor. Each branch repeats the full predicate and adds a
 * sargable bound on the first key; the branches are disjoint and together equal the predicate. NULLs sort as the
 * largest value, so past a non-NULL value they form a branch of their own.
 */
export function keysetBranches(keys: readonly SortKey[], values: readonly unknown[], side: 'after' | 'before', firstKeyNotNull = false): Fragment[] {
  const bound = cursorValues(keys, values);
  const full = predicate(keys, bound, side);
  const [first] = keys;
  const greater = (first.direction === 'ASC') === (side === 'after');
  const firstValue = bound[0];
  if (firstValue === null) {
    return greater
      ? [sql`${first.expression} IS NULL AND (${full})`]
      : [sql`${first.expression} IS NOT NULL`, sql`${first.expression} IS NULL AND (${full})`];
  }
  if (!greater) return [sql`${first.expression} <= ${firstValue} AND (${full})`];
  // When the first key cannot be NULL in this list, the NULL branch would only cost planning.
  const upper = sql`${first.expression} >= ${firstValue} AND (${full})`;
  return firstKeyNotNull ? [upper] : [upper, sql`${first.expression} IS NULL`];
}

interface CursorPayload {
  collection: string;
  order: string;
  values: unknown[];
}

/** An opaque cursor: the collection, the ordering and the sort-key values of a row. */
export function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify([payload.collection, payload.order, payload.values]), 'utf8').toString('base64url');
}

/**
 * Reads a cursor and checks that it belongs to this collection and ordering; anything else is a
 * `BAD_USER_INPUT`, never a database error.
 */
export function decodeCursor(
  cursor: string,
  expected: { collection: string; order: string; keyCount: number; keys?: readonly SortKey[] },
  argument: string,
): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadUserInputError(`${argument} is not a valid cursor`);
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !Array.isArray(parsed[2])) {
    throw new BadUserInputError(`${argument} is not a valid cursor`);
  }
  const [collection, order, values] = parsed as [unknown, unknown, unknown[]];
  if (collection !== expected.collection) {
    throw new BadUserInputError(`${argument} is a cursor of another list (${String(collection)}), not of ${expected.collection}`);
  }
  if (order !== expected.order) {
    throw new BadUserInputError(`${argument} was issued for another orderBy (${String(order)}); request the list again with the same orderBy`);
  }
  if (values.length !== expected.keyCount || values.some((v) => v !== null && typeof v !== 'string' && typeof v !== 'number')) {
    throw new BadUserInputError(`${argument} is not a valid cursor`);
  }
  if (typeof values[values.length - 1] !== 'number') throw new BadUserInputError(`${argument} is not a valid cursor`);
  // A forged value must fail here, not in PostgreSQL's cast of the bound parameter (`$3::date`).
  expected.keys?.forEach((key, i) => {
    if (values[i] !== null && !fitsSortKey(key, values[i])) throw new BadUserInputError(`${argument} is not a valid cursor`);
  });
  return values;
}

const INT4 = { min: -2_147_483_648, max: 2_147_483_647 };

/** Whether `text` is a calendar date PostgreSQL's `date` accepts as written (`2024-02-30` is not). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Whether a cursor value can be bound as a parameter of the sort key's type: the value a row of that key would
 * carry (an int, a decimal string, a calendar date, an enum value, text without NUL), so that the statement cannot
 * fail on it.
 */
export function fitsSortKey(key: Pick<SortKey, 'pgType' | 'values'>, value: unknown): boolean {
  switch (key.pgType) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value >= INT4.min && value <= INT4.max;
    case 'numeric':
      return typeof value === 'string' && /^-?\d{1,20}(\.\d{1,10})?$/.test(value);
    case 'date':
      return typeof value === 'string' && isCalendarDate(value);
    case 'timestamptz':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[T ]/.test(value) && !Number.isNaN(Date.parse(value));
    case 'text':
      return typeof value === 'string' && !value.includes('\u0000');
    default:
      // An enum: its known values, or else nothing, since an unknown label fails the cast.
      return typeof value === 'string' && (key.values?.includes(value) ?? false);
  }
}

/** The largest offset a search cursor may carry: far past any corpus, and within PostgreSQL's OFFSET range. */
export const MAX_SEARCH_OFFSET = 1_000_000;

/**
 * Reads the offset a relevance-ordered list (search) stores in its cursors, bound to the query text: a whole number
 * from 0 to {@link MAX_SEARCH_OFFSET}, else `BAD_USER_INPUT` (never an OFFSET PostgreSQL refuses).
 */
export function decodeOffsetCursor(cursor: string, expected: { collection: string; order: string }, argument: string): number {
  const [offset] = decodeCursor(cursor, { ...expected, keyCount: 1 }, argument);
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > MAX_SEARCH_OFFSET)
    throw new BadUserInputError(`${argument} is not a valid cursor`);
  return offset;
}
