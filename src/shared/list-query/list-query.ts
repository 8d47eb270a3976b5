import { CollectionSpec, CompileContext, RowRelation } from './collection-spec';
import { selectList } from './select-list';
import { EMPTY_SELECTION, rowsOfConnection, Selection } from './selection';
import { compileFilter } from './compile-filter';
import { keysetBranches, keysetPredicate, orderByClause, SortKey, sortKeyColumn } from './keyset';
import { PageArgs, PageWindow } from './pagination';
import { checkListArgs, filterIsValid, listArgsAreValid } from './check-args';
import { LIVE, momentOf, ReadView, tableSql } from '../read-view/read-view';
import { Fragment, render, sql } from '../sql/sql';

/** The arguments every list takes. */
export interface ListArgs extends PageArgs {
  filter?: unknown;
  orderBy?: readonly string[] | null;
  /** Read the rows as they stood at this moment (top-level lists); nested lists inherit their parent's view. */
  asOf?: Date | null;
}

/** The read view a top-level list's arguments ask for. */
export function viewOf(args: { asOf?: Date | null }): ReadView {
  return args.asOf ? { kind: 'asOf', at: args.asOf } : LIVE;
}

/**
 * Restricts a list to the children of parent rows, so the lists of a whole level load in one statement:
 * `condition` relates the row aliased `alias` to the parent id expression `parent`.
 */
export interface ListScope {
  parentIds: readonly number[];
  condition(alias: Fragment, parent: Fragment, context: CompileContext): Fragment;
}

/** A compiled statement with its bound parameters. */
export interface CompiledQuery {
  sql: string;
  params: unknown[];
  /** Plan with the bound values on every run rather than reuse a prepared plan (see Fragment.planWithValues). */
  planWithValues: boolean;
}

/** A compiled page query and what is needed to turn its rows into a connection. */
export interface CompiledPage extends CompiledQuery {
  window: PageWindow;
  keys: SortKey[];
  collection: string;
  order: string;
}

/**
 * A fresh compile context for one statement, with aliases `t1`, `t2`, ... (by position), reading the tables of
 * `view`: the moment is one value node, so it is bound once however many tables read it.
 */
export function newContext(view: ReadView = LIVE): CompileContext {
  let next = 1;
  const moment = momentOf(view);
  return { nextAlias: () => sql.raw(`t${next++}`), table: (name) => tableSql(name, view, moment) };
}

const NON_NULL_OPERATORS = ['eq', 'in', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith'];

/**
 * Whether no row of the list can have NULL in the sort key `key`: it is the id, or the filter's top level compares
 * its column with an operator that NULL never satisfies (`periodStart: { gte: ... }`).
 */
export function excludesNull(spec: CollectionSpec<any>, filter: unknown, key: SortKey): boolean {
  if (key.column === 'id') return true;
  if (typeof filter !== 'object' || filter === null) return false;
  return Object.entries(filter as Record<string, unknown>).some(([name, value]) => {
    const field = spec.fields[name];
    if (field?.kind !== 'scalar' || field.column !== key.column || typeof value !== 'object' || value === null) return false;
    return Object.entries(value as Record<string, unknown>).some(
      ([operator, operand]) =>
        (NON_NULL_OPERATORS.includes(operator) && operand !== undefined && operand !== null) || (operator === 'isNull' && operand === false),
    );
  });
}

/** The order signature stored in cursors (so a cursor cannot be replayed under another `orderBy`). */
export function orderSignature(spec: CollectionSpec<any>, orderBy?: readonly string[] | null): string[] {
  return orderBy && orderBy.length > 0 ? [...orderBy] : spec.defaultOrder;
}

/** The SQL of one page, and what is needed to turn its rows into a connection. */
export interface PageSql {
  sql: Fragment;
  window: PageWindow;
  keys: SortKey[];
  order: string;
}

/** The conditions ANDed, each parenthesised. */
const allOf = (conditions: readonly Fragment[]): Fragment =>
  sql.join(
    conditions.map((condition) => sql`(${condition})`),
    ' AND ',
  );

/**
 * The statement of one page of `spec` rows (aliased `alias`, within `context`'s aliases): filter, keyset cursors,
 * order, one row more than the page, the selected columns, relations and nested connections, and the sort keys
 * (columns named by {@link sortKeyColumn}). `parentCondition` restricts it to the children of one parent. Without
 * `embed`, relations and nested connections are left out (their keys still selected): the read plan builds them.
 * Without `readBeyond`, the page is read without the extra row (the read plan, when no `hasNextPage` is asked).
 */
export function pageSql(
  spec: CollectionSpec<any>,
  args: ListArgs,
  context: CompileContext,
  alias: Fragment,
  parentCondition: Fragment | undefined,
  selection: Selection,
  { embed = true, readBeyond = true }: { embed?: boolean; readBeyond?: boolean } = {},
): PageSql {
  const { window, keys, signature, cursors } = checkListArgs(spec, args, alias);
  const conditions = [compileFilter(spec, args.filter, alias, context)];
  if (parentCondition) conditions.unshift(parentCondition);
  // The first cursor given splits into index-friendly branches (see keysetBranches); a second one only bounds.
  let branches: Fragment[] | undefined;
  for (const side of ['after', 'before'] as const) {
    const values = cursors[side];
    if (values === undefined) continue;
    if (branches === undefined) branches = keysetBranches(keys, values, side, excludesNull(spec, args.filter, keys[0]));
    else conditions.push(keysetPredicate(keys, values, side));
  }
  // Decimal keys travel as text, so a cursor keeps them exact whether rows come as columns or as JSON.
  const keyColumns = keys.map(
    (key, i) => sql`${key.expression}${sql.raw(key.pgType === 'numeric' ? '::text' : '')} AS ${sql.identifier(sortKeyColumn(i))}`,
  );
  const embedded = embed ? embedColumns(spec, alias, selection, context) : [];
  const columns = sql.join([selectList(spec, alias, selection), ...embedded, ...keyColumns]);
  const where = allOf(conditions);
  // The page size is a bound value, not a literal: a reused (generic) plan then assumes a LIMIT that stops early and
  // keeps the ordered index scan; with a literal LIMIT PostgreSQL's generic plan for a deep cursor page read and
  // sorted every row in the range (60 ms against 2 ms on bench (d); docs/BENCHMARKS.md, "Plans reused").
  const pageLimit = sql.value(readBeyond ? window.size + 1 : window.size, 'int');
  const limit = sql` ORDER BY ${orderByClause(keys, window.fromEnd)} LIMIT ${pageLimit}`;
  const from = context.table(spec.table);
  const statement =
    branches === undefined || branches.length === 1
      ? sql`SELECT ${columns} FROM ${from} ${alias} WHERE ${where} AND (${branches?.[0] ?? sql`TRUE`})${limit}`
      : sql`SELECT * FROM (${sql.join(
          branches.map((branch) => sql`(SELECT ${columns} FROM ${from} ${alias} WHERE ${where} AND (${branch})${limit})`),
          ' UNION ALL ',
        )}) u ORDER BY ${orderByOutputKeys(keys, sql`u`, window.fromEnd)} LIMIT ${pageLimit}`;
  return { sql: statement, window, keys, order: signature };
}

/** ORDER BY on the sort-key output columns of a page read through `table`. */
export function orderByOutputKeys(keys: readonly SortKey[], table: Fragment, reverse: boolean): Fragment {
  // Decimal keys are output as text (see pageSql): they sort as numbers again, not as strings.
  return orderByClause(
    keys.map((key, i) => ({
      ...key,
      expression: sql`${table}.${sql.identifier(sortKeyColumn(i))}${sql.raw(key.pgType === 'numeric' ? '::numeric' : '')}`,
    })),
    reverse,
  );
}

/** The parents of a batched statement, bound once (`unnest($1::int[])`). */
const parentIdsOf = (scope: ListScope): Fragment => sql.value(scope.parentIds, 'int[]');

/** A rendered statement in the shape the resolvers run. */
function compiled(statement: Fragment): CompiledQuery {
  const { text, values, planWithValues } = render(statement);
  return { sql: text, params: values, planWithValues };
}

/**
 * Compiles filter, order and pagination into one parameterised statement that fetches one page (plus one row to
 * know whether there is more). With a `scope`, it fetches that page for every parent at once (LATERAL join).
 */
export function compilePageQuery(spec: CollectionSpec<any>, args: ListArgs, scope?: ListScope, selection: Selection = EMPTY_SELECTION): CompiledPage {
  const context = newContext(viewOf(args));
  const t0 = sql`t0`;
  const page = pageSql(spec, args, context, t0, scope?.condition(t0, sql`s.parent`, context), selection);
  const statement = scope
    ? sql`SELECT s.parent AS ${sql.identifier(PARENT_COLUMN)}, x.* FROM unnest(${parentIdsOf(scope)}) WITH ORDINALITY AS s(parent, ordinal) CROSS JOIN LATERAL (${page.sql}) x ORDER BY s.ordinal, ${orderByOutputKeys(page.keys, sql`x`, page.window.fromEnd)}`
    : page.sql;
  return { ...compiled(statement), window: page.window, keys: page.keys, collection: spec.name, order: page.order };
}

/** The statement counting the rows of a list (aliased `alias`), restricted to one parent by `parentCondition`. */
export function countSql(spec: CollectionSpec<any>, filter: unknown, context: CompileContext, alias: Fragment, parentCondition?: Fragment): Fragment {
  const conditions = [compileFilter(spec, filter, alias, context)];
  if (parentCondition) conditions.unshift(parentCondition);
  return sql`SELECT count(*)::int AS count FROM ${context.table(spec.table)} ${alias} WHERE ${allOf(conditions)}`;
}

/** Compiles the `totalCount` of a list (per parent with a `scope`). */
export function compileCountQuery(spec: CollectionSpec<any>, filter: unknown, scope?: ListScope, view: ReadView = LIVE): CompiledQuery {
  const context = newContext(view);
  const t0 = sql`t0`;
  return compiled(
    scope
      ? sql`SELECT s.parent AS ${sql.identifier(PARENT_COLUMN)}, (${countSql(spec, filter, context, t0, scope.condition(t0, sql`s.parent`, context))}) AS count FROM unnest(${parentIdsOf(scope)}) AS s(parent)`
      : countSql(spec, filter, context, t0),
  );
}

/**
 * Compiles a query for the rows of `spec` that satisfy `where` (a condition on the row's alias), with the selected
 * relations embedded: `agreement(slug:)`, `domains`.
 *
 * @example compileRowsQuery(actorCollection, (t) => sql`${t}.code = ${sql.value(code, 'text')}`, selection)
 */
export function compileRowsQuery(
  spec: CollectionSpec<any>,
  where: (alias: Fragment) => Fragment,
  selection: Selection,
  orderBy?: (alias: Fragment) => Fragment,
  view: ReadView = LIVE,
): CompiledQuery {
  const context = newContext(view);
  const t0 = sql`t0`;
  const columns = sql.join([selectList(spec, t0, selection), ...embedColumns(spec, t0, selection, context)]);
  const order = orderBy ? sql` ORDER BY ${orderBy(t0)}` : sql.empty;
  return compiled(sql`SELECT ${columns} FROM ${context.table(spec.table)} t0 WHERE ${where(t0)}${order}`);
}

/**
 * Compiles the batched query of a relation for many parent keys at once (bound as `$1`), each related row tagged
 * with its parent key (the {@link PARENT_COLUMN}), read in `view` (its parents').
 */
export function compileRelationQuery(relation: RowRelation, keys: readonly number[], selection: Selection, view: ReadView = LIVE): CompiledQuery {
  const context = newContext(view);
  const target = relation.target();
  const t0 = sql`t0`;
  const columns = sql.join([selectList(target, t0, selection), ...embedColumns(target, t0, selection, context)]);
  const order = relation.cardinality === 'one' ? sql` LIMIT 1` : relation.orderBy ? sql` ORDER BY ${relation.orderBy(t0)}` : sql.empty;
  return compiled(
    sql`SELECT k.key AS ${sql.identifier(PARENT_COLUMN)}, e.* FROM unnest(${sql.value(keys, 'int[]')}) WITH ORDINALITY AS k(key, ordinal) CROSS JOIN LATERAL (SELECT ${columns} FROM ${relation.from(t0, sql`k.key`, context)}${order}) e ORDER BY k.ordinal`,
  );
}

/**
 * The columns a row of the resolver path carries besides its properties, named here and nowhere else: the
 * relations and nested connections its statement embedded as JSON, and, in a batched statement, its parent.
 * Nested connections are named by the field's position in the document (`f42`), never by the client's alias
 * (PostgreSQL cuts identifiers at 63 bytes). Readers go through {@link embedded}, not the names.
 */
export const ROW_COLUMNS = {
  /** A relation's rows as JSON (`__embed_source`). */
  relation: (field: string) => `__embed_${field}`,
  /** A nested connection's page as a JSON array of rows, by field position (`__page_f42`). */
  page: (position: string) => `__page_${position}`,
  /** A nested connection's `totalCount`, by field position (`__count_f42`). */
  count: (position: string) => `__count_${position}`,
  /** A row's `index`-th sort key (`__k0`). */
  sortKey: sortKeyColumn,
} as const;

/** The column of a batched statement's rows holding the parent they belong to. */
export const PARENT_COLUMN = '__parent';

/** What a row of the resolver path brings of its relations and nested connections (undefined: not embedded). */
export const embedded = {
  relation: (row: object, field: string): unknown => (row as Record<string, unknown>)[ROW_COLUMNS.relation(field)],
  page: (row: object, position: string): Record<string, unknown>[] | undefined =>
    (row as Record<string, Record<string, unknown>[] | undefined>)[ROW_COLUMNS.page(position)],
  count: (row: object, position: string): number | undefined => (row as Record<string, number | undefined>)[ROW_COLUMNS.count(position)],
  parent: (row: object): number => (row as Record<string, number>)[PARENT_COLUMN],
};

const ROW_FIELDS = ['nodes', 'edges', 'pageInfo'];

/**
 * Columns that bring, for every row aliased `alias`, the nested connections selected on it: the page as a JSON
 * array of rows (with their own selected relations and connections) and the count, each only if selected.
 */
function connectionColumns(spec: CollectionSpec<any>, alias: Fragment, selection: Selection, context: CompileContext): Fragment[] {
  const columns: Fragment[] = [];
  for (const field of selection.byResponseKey.values()) {
    const connection = spec.connections?.[field.name];
    const position = field.position;
    if (!connection || position === undefined) continue;
    const target = connection.target();
    if (ROW_FIELDS.some((name) => field.selection.fields.has(name))) {
      // Arguments are checked before any SQL: a nested connection whose arguments are wrong is left out of the
      // parent's statement, and its own resolver reports the error at its own path.
      if (listArgsAreValid(target, field.args)) {
        const inner = context.nextAlias();
        const page = pageSql(
          target,
          field.args,
          context,
          inner,
          connection.condition(inner, sql`${alias}.id`, context),
          rowsOfConnection(field.selection),
        );
        columns.push(
          sql`(SELECT coalesce(json_agg(page_rows), '[]'::json) FROM (${page.sql}) page_rows) AS ${sql.identifier(ROW_COLUMNS.page(position))}`,
        );
      }
    }
    if (field.selection.fields.has('totalCount') && filterIsValid(target, field.args.filter)) {
      const inner = context.nextAlias();
      const count = countSql(target, field.args.filter, context, inner, connection.condition(inner, sql`${alias}.id`, context));
      columns.push(sql`(${count}) AS ${sql.identifier(ROW_COLUMNS.count(position))}`);
    }
  }
  return columns;
}

/**
 * The JSON of a relation's rows for one parent key, as a scalar sub-query: an object (or null) for `one`, an array
 * for `many`. Relations selected under it are embedded the same way, to any depth.
 */
export function relationJson(relation: RowRelation, key: Fragment, selection: Selection, context: CompileContext): Fragment {
  const target = relation.target();
  const alias = context.nextAlias();
  const columns = sql.join([selectList(target, alias, selection), ...embedColumns(target, alias, selection, context)]);
  const rows = sql`SELECT ${columns} FROM ${relation.from(alias, key, context)}`;
  return relation.cardinality === 'one'
    ? sql`(SELECT row_to_json(e) FROM (${rows} LIMIT 1) e)`
    : sql`(SELECT coalesce(json_agg(e), '[]'::json) FROM (${rows}${relation.orderBy ? sql` ORDER BY ${relation.orderBy(alias)}` : sql.empty}) e)`;
}

/**
 * Extra select-list columns that bring, for every row aliased `alias`, the relations and nested connections the
 * client selected on it, so that they cost no statement of their own (named by {@link ROW_COLUMNS}).
 *
 * @example embedColumns(commitmentCollection, sql`t0`, { fields: Map { 'source' => ... } }, ctx)
 * // => [(SELECT row_to_json(e) FROM (SELECT t1.id, ... FROM source t1 WHERE t1.id = t0.source_id LIMIT 1) e) AS __embed_source]
 */
export function embedColumns(spec: CollectionSpec<any>, alias: Fragment, selection: Selection, context: CompileContext): Fragment[] {
  const columns: Fragment[] = [];
  for (const [field, below] of selection.fields) {
    const relation = spec.relations?.[field];
    if (!relation) continue;
    const key = propertyKey(alias, relation);
    columns.push(sql`${relationJson(relation, key, below, context)} AS ${sql.identifier(ROW_COLUMNS.relation(field))}`);
  }
  return [...columns, ...connectionColumns(spec, alias, selection, context)];
}

/** The parent's key column a relation starts from, on the row aliased `alias`. */
function propertyKey(alias: Fragment, relation: RowRelation): Fragment {
  return sql`${alias}.${sql.raw(relation.key.column)}`;
}
