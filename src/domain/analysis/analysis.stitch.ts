import { CollectionSpec } from '../../shared/list-query/collection-spec';

/** Rows of one kind of object, by id, mapped for GraphQL as the collection maps its own rows. */
export type Dictionary<T> = Map<number, T>;

/** Turns a JSON array of rows (from rowsByIdJson) into a dictionary by id. */
export function dictionary<T>(spec: CollectionSpec<T>, rows: Record<string, unknown>[] | undefined): Dictionary<T> {
  const map = spec.mapRow ?? ((row: Record<string, unknown>) => row as T);
  return new Map((rows ?? []).map((row) => [row.id as number, map(row)]));
}

/**
 * The object of `id` in `objects`. When the client did not select that kind of object, no dictionary was fetched
 * and the value is never read: a stand-in with the id keeps the result well-formed.
 */
export function lookup<T>(objects: Dictionary<T>, id: number): T {
  return objects.get(id) ?? ({ id } as T);
}

/**
 * The domains every agreement covers, and for each agreement the domains only it covers, from the rows of a
 * comparison (`covered[i]` tells whether agreement i covers the row's domain).
 *
 * @example sharedAndDistinctive([{ domain: 1, covered: [true, true] }, { domain: 2, covered: [true, false] }], 2)
 * // => { shared: [1], distinctive: [[2], []] }
 */
export function sharedAndDistinctive<D>(rows: { domain: D; covered: boolean[] }[], agreements: number): { shared: D[]; distinctive: D[][] } {
  const shared = rows.filter((row) => row.covered.every(Boolean)).map((row) => row.domain);
  const distinctive = Array.from({ length: agreements }, (_, i) =>
    rows.filter((row) => row.covered[i] && row.covered.filter(Boolean).length === 1).map((row) => row.domain),
  );
  return { shared, distinctive };
}
