import { CollectionSpec, ConnectionRelation } from '../list-query/collection-spec';
import { embedded, embedKey } from '../list-query/embed';
import { compileCountQuery, compilePageQuery, compileRelationQuery, compileRowsQuery, ListArgs, viewOf } from '../list-query/list-query';
import { LIVE, operationReadView, ReadView } from '../read-view/read-view';
import { fieldPosition, ResolveInfo, rowSelectionOf, Selection, selectionOf } from '../list-query/selection';
import type { Fragment } from '../sql/sql';
import { RequestContext } from '../context/request-context';
import { Connection, lazyConnection, Page, toPage } from './connection';

const identity = <T>(row: Record<string, unknown>) => row as T;

/** A loader-name part telling read views apart: two top-level fields of one request may read different moments. */
const viewKey = (view: ReadView): string => (view.kind === 'live' ? 'live' : view.at.toISOString());

export type { ResolveInfo } from '../list-query/selection';

/**
 * A top-level list: one statement for the page (with the relations selected on its rows embedded) if rows are
 * selected, one for the count if `totalCount` is. Arguments are checked before anything runs, so a bad cursor or
 * page size fails the field itself.
 */
export async function loadConnection<T>(ctx: RequestContext, spec: CollectionSpec<T>, args: ListArgs, info: ResolveInfo): Promise<Connection<T>> {
  const page = compilePageQuery(spec, args, undefined, rowSelectionOf(info));
  return lazyConnection(
    async () => toPage(page, await ctx.sql(page.sql, page.params, page.planWithValues), spec.mapRow ?? identity<T>),
    async () => {
      const count = compileCountQuery(spec, args.filter, undefined, viewOf(args));
      const [{ count: total }] = await ctx.sql<{ count: number }>(count.sql, count.params, count.planWithValues);
      return total;
    },
  );
}

/**
 * A nested list (`Agreement.commitments(...)`): from the page (and count) its parent's statement embedded when the
 * field was selected there; or else the pages of all parents of a level with the same arguments and selection in
 * one statement, and their counts, if selected, in one more. That fallback reads the moment the operation reads
 * at this field (its top-level field's `asOf`: {@link operationReadView}), as the parent's statement did.
 */
export async function loadChildConnection<T>(
  ctx: RequestContext,
  relation: ConnectionRelation,
  parent: { id: number },
  args: ListArgs,
  info: ResolveInfo,
): Promise<Connection<T>> {
  const spec = relation.target() as CollectionSpec<T>;
  const map = spec.mapRow ?? identity<T>;
  const argsKey = JSON.stringify(args);
  // Checks the arguments now (a bad cursor fails this field), once per request and argument set.
  const meta = ctx.loaders.once(`${relation.name}:meta:${argsKey}`, () =>
    compilePageQuery(spec, args, { parentIds: [], condition: relation.condition }),
  );
  // The parent's statement named the columns of this field by its position in the document, never by its alias.
  const key = fieldPosition(info.fieldNodes[0]);
  const embeddedRows = key === undefined ? undefined : embedded.page(parent, key);
  const embeddedCount = key === undefined ? undefined : embedded.count(parent, key);
  const counts = () => {
    const view = operationReadView(info);
    return ctx.loaders.get<number, number>(`${relation.name}:count:${argsKey}:${viewKey(view)}`, async (parentIds) => {
      const query = compileCountQuery(spec, args.filter, { parentIds, condition: relation.condition }, view);
      const rows = await ctx.sql<{ count: number }>(query.sql, query.params, query.planWithValues);
      const byParent = new Map(rows.map((row) => [embedded.parent(row), row.count]));
      return parentIds.map((id) => byParent.get(id) ?? 0);
    });
  };
  const pages = () => {
    const selection = rowSelectionOf(info);
    const view = operationReadView(info);
    const name = `${relation.name}:page:${argsKey}:${viewKey(view)}:${embedKey(spec, selection)}`;
    return ctx.loaders.get<number, Page<T>>(name, async (parentIds) => {
      // A nested list inherits its parent's view: given as the page's own `asOf`.
      const viewArgs = { ...args, asOf: view.kind === 'asOf' ? view.at : null };
      const page = compilePageQuery(spec, viewArgs, { parentIds, condition: relation.condition }, selection);
      const byParent = groupByParent(await ctx.sql(page.sql, page.params, page.planWithValues));
      return parentIds.map((id) => toPage(page, byParent.get(id) ?? [], map));
    });
  };
  return lazyConnection(
    async () => (embeddedRows !== undefined ? toPage(meta, embeddedRows, map) : pages().load(parent.id)),
    async () => embeddedCount ?? counts().load(parent.id),
  );
}

/** Rows of a batched statement by the parent they belong to, in statement order. */
function groupByParent(rows: Record<string, unknown>[]): Map<number, Record<string, unknown>[]> {
  const byParent = new Map<number, Record<string, unknown>[]>();
  for (const row of rows) {
    const parent = embedded.parent(row);
    let list = byParent.get(parent);
    if (!list) byParent.set(parent, (list = []));
    list.push(row);
  }
  return byParent;
}

/**
 * The rows of `spec` matching a condition on the row's alias (values bound where they stand: `sql.value`), with
 * the relations selected below the field embedded: one statement, whatever the nesting.
 *
 * @example fetchRows(ctx, actorCollection, (t) => sql`${t}.code = ${sql.value(code, 'text')}`, info)
 */
export async function fetchRows<T>(
  ctx: RequestContext,
  spec: CollectionSpec<T>,
  where: (alias: Fragment) => Fragment,
  info: ResolveInfo | Selection,
  orderBy?: (alias: Fragment) => Fragment,
  view: ReadView = LIVE,
): Promise<T[]> {
  const selection = 'fields' in info ? info : selectionOf(info);
  const query = compileRowsQuery(spec, where, selection, orderBy, view);
  const rows = await ctx.sql(query.sql, query.params, query.planWithValues);
  return rows.map(spec.mapRow ?? identity<T>);
}

/**
 * Resolves a relation field of a row (`Commitment.source`, `Commitment.domains`): from the JSON its parent's
 * statement embedded when the field was selected there, or else in one batch for all rows of the level, read at the
 * operation's moment there ({@link operationReadView}).
 */
export function resolveRelation<T>(
  ctx: RequestContext,
  spec: CollectionSpec<any>,
  field: string,
  row: object,
  info: ResolveInfo,
): T | T[] | null | Promise<T | T[] | null> {
  const relation = spec.relations?.[field];
  if (!relation) throw new Error(`${spec.name} has no relation "${field}"`);
  const target = relation.target();
  const map = target.mapRow ?? identity<T>;
  const rows = embedded.relation(row, field);
  if (rows !== undefined) {
    if (relation.cardinality === 'one') return rows === null ? null : map(rows as Record<string, unknown>);
    return (rows as Record<string, unknown>[]).map(map);
  }
  const key = (row as Record<string, unknown>)[relation.key.property] as number | null | undefined;
  if (key === null || key === undefined) return relation.cardinality === 'one' ? null : [];
  const selection = selectionOf(info);
  const view = operationReadView(info);
  const loader = ctx.loaders.get<number, T[]>(`${spec.name}.${field}:${viewKey(view)}:${embedKey(target, selection)}`, async (keys) => {
    const query = compileRelationQuery(relation, keys, selection, view);
    const byParent = groupByParent(await ctx.sql(query.sql, query.params, query.planWithValues));
    return keys.map((k) => (byParent.get(k) ?? []).map(map));
  });
  return relation.cardinality === 'one' ? loader.load(key).then((rows) => rows[0] ?? null) : loader.load(key);
}
