import { CollectionSpec, CompileContext } from '../list-query/collection-spec';
import { compileCountQuery, compilePageQuery, ListArgs } from '../list-query/list-query';
import { RequestContext } from '../context/request-context';
import { Connection, lazyConnection, Page, toPage } from './connection';

const identity = <T>(row: Record<string, unknown>) => row as T;

/** A one-to-many or many-to-many relation between a parent type and a collection. */
export interface Relation {
  /** Unique name, e.g. `Agreement.commitments`. */
  name: string;
  /** Relates the row aliased `alias` to the parent id expression `parent`. */
  condition(alias: string, parent: string, context: CompileContext): string;
}

/**
 * A top-level list: one statement for the page if rows are selected, one for the count if `totalCount` is.
 * Arguments are checked before anything runs, so a bad cursor or page size fails the field itself.
 */
export async function loadConnection<T>(ctx: RequestContext, spec: CollectionSpec<T>, args: ListArgs): Promise<Connection<T>> {
  const page = compilePageQuery(spec, args);
  return lazyConnection(
    async () => toPage(page, await ctx.sql(page.sql, page.params), spec.mapRow ?? identity<T>),
    async () => {
      const count = compileCountQuery(spec, args.filter);
      const [{ count: total }] = await ctx.sql<{ count: number }>(count.sql, count.params);
      return total;
    },
  );
}

/**
 * A nested list (`Agreement.commitments(...)`): the pages of all parents of a level with the same arguments load
 * in one statement, and their counts, if selected, in one more.
 */
export async function loadChildConnection<T>(
  ctx: RequestContext,
  spec: CollectionSpec<T>,
  relation: Relation,
  parentId: number,
  args: ListArgs,
): Promise<Connection<T>> {
  compilePageQuery(spec, args, { parentIds: [], condition: relation.condition }); // checks the arguments now
  const argsKey = JSON.stringify(args);
  const counts = ctx.loaders.get<number, number>(`${relation.name}:count:${argsKey}`, async (parentIds) => {
    const query = compileCountQuery(spec, args.filter, { parentIds, condition: relation.condition });
    const rows = await ctx.sql<{ __parent: number; count: number }>(query.sql, query.params);
    const byParent = new Map(rows.map((row) => [row.__parent, row.count]));
    return parentIds.map((id) => byParent.get(id) ?? 0);
  });
  const pages = ctx.loaders.get<number, Page<T>>(`${relation.name}:page:${argsKey}`, async (parentIds) => {
    const page = compilePageQuery(spec, args, { parentIds, condition: relation.condition });
    const rows = await ctx.sql(page.sql, page.params);
    const byParent = new Map<number, Record<string, unknown>[]>();
    for (const row of rows) {
      const parent = row.__parent as number;
      if (!byParent.has(parent)) byParent.set(parent, []);
      byParent.get(parent)!.push(row);
    }
    return parentIds.map((id) => toPage(page, byParent.get(id) ?? [], spec.mapRow ?? identity<T>));
  });
  return lazyConnection(() => pages.load(parentId), () => counts.load(parentId));
}

/** A row by id, batched per request (`Commitment.source`, `Commitment.agreement`, ...). */
export function loadById<T>(ctx: RequestContext, spec: CollectionSpec<T>, id: number): Promise<T | null> {
  const loader = ctx.loaders.get<number, T | null>(`${spec.name}:byId`, async (ids) => {
    const rows = await ctx.sql(`SELECT ${spec.select('t0')} FROM ${spec.table} t0 WHERE t0.id = ANY($1::int[])`, [ids]);
    const map = spec.mapRow ?? identity<T>;
    const byId = new Map(rows.map((row) => [row.id as number, map(row)]));
    return ids.map((key) => byId.get(key) ?? null);
  });
  return loader.load(id);
}

/**
 * A small unpaginated list related to a parent (`Commitment.domains`, `Agreement.parties`), batched per request.
 * `sql` selects the rows with a `__parent` column for the parent ids bound as `$1`.
 */
export function loadRelated<T>(ctx: RequestContext, name: string, sql: string, parentId: number, mapRow: (row: Record<string, unknown>) => T = identity<T>): Promise<T[]> {
  const loader = ctx.loaders.get<number, T[]>(name, async (parentIds) => {
    const rows = await ctx.sql(sql, [parentIds]);
    const byParent = new Map<number, T[]>();
    for (const row of rows) {
      const parent = row.__parent as number;
      if (!byParent.has(parent)) byParent.set(parent, []);
      byParent.get(parent)!.push(mapRow(row));
    }
    return parentIds.map((id) => byParent.get(id) ?? []);
  });
  return loader.load(parentId);
}
