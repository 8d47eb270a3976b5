import { CollectionSpec } from './collection-spec';
import { compileFilter } from './compile-filter';
import { decodeCursor, SortKey, sortKeys } from './keyset';
import { PageWindow, resolvePageWindow } from './pagination';
import { BadUserInputError } from '../errors/errors';
import { LIVE, tableSql } from '../read-view/read-view';
import { Fragment, sql } from '../sql/sql';

/** A list's arguments once checked: the page window, the order signature, its sort keys and the cursors' values. */
export interface CheckedListArgs {
  window: PageWindow;
  /** The order names joined, as cursors store them. */
  signature: string;
  /** The sort keys on the alias given to {@link checkListArgs}. */
  keys: SortKey[];
  cursors: { after?: unknown[]; before?: unknown[] };
}

/** The arguments {@link checkListArgs} reads (the same as ListArgs, without the read moment). */
export interface CheckableListArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  filter?: unknown;
  orderBy?: readonly string[] | null;
}

/**
 * Checks every argument of one list before any SQL is built: the page size, the order, the cursors (their shape
 * and every value against its sort key's type) and the filter. Anything wrong is a `BAD_USER_INPUT` thrown here, so
 * the statement built afterwards cannot fail on an argument and no half-built SQL is ever kept or rewound.
 */
export function checkListArgs(spec: CollectionSpec<any>, args: CheckableListArgs, alias: Fragment = sql`t0`): CheckedListArgs {
  const window = resolvePageWindow(args);
  const order = args.orderBy && args.orderBy.length > 0 ? [...args.orderBy] : spec.defaultOrder;
  const keys = sortKeys(spec, order, alias);
  const signature = order.join(',');
  const cursors: CheckedListArgs['cursors'] = {};
  for (const side of ['after', 'before'] as const) {
    const cursor = window[side];
    if (cursor !== undefined) cursors[side] = decodeCursor(cursor, { collection: spec.name, order: signature, keyCount: keys.length, keys }, side);
  }
  checkFilter(spec, args.filter);
  return { window, signature, keys, cursors };
}

/** Checks a filter by compiling it into a scratch fragment that is thrown away (`BAD_USER_INPUT` if it is wrong). */
export function checkFilter(spec: CollectionSpec<any>, filter: unknown): void {
  let next = 1;
  compileFilter(spec, filter, sql`c0`, { nextAlias: () => sql.raw(`c${next++}`), table: (name) => tableSql(name, LIVE) });
}

/** Whether {@link checkListArgs} accepts the arguments. */
export function listArgsAreValid(spec: CollectionSpec<any>, args: CheckableListArgs): boolean {
  return accepts(() => checkListArgs(spec, args));
}

/** Whether {@link checkFilter} accepts the filter. */
export function filterIsValid(spec: CollectionSpec<any>, filter: unknown): boolean {
  return accepts(() => checkFilter(spec, filter));
}

function accepts(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch (error) {
    if (error instanceof BadUserInputError) return false;
    throw error;
  }
}
