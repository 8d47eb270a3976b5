import { CollectionSpec, CompileContext, RowRelation } from './collection-spec';
import { selectList } from './select-list';
import { EMPTY_SELECTION, rowsOfConnection, Selection } from './selection';
import { compileFilter } from './compile-filter';
import { keysetBranches, keysetPredicate, orderByClause, SortKey } from './keyset';
import { PageArgs, PageWindow } from './pagination';
import { checkListArgs, filterIsValid, listArgsAreValid } from './check-args';
import { SqlParams } from './sql-params';
import { LIVE, ReadView, tableSql } from '../read-view/read-view';

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
  condition(alias: string, parent: string, context: CompileContext): string;
}

/** A compiled statement with its bound parameters. */
export interface CompiledQuery {
  sql: string;
  params: unknown[];
  /** Plan with the bound values on every run rather than reuse a prepared plan (see SqlParams.planWithValues). */
  planWithValues: boolean;
}

/** A compiled page query and what is needed to turn its rows into a connection. */
export interface CompiledPage extends CompiledQuery {
  window: PageWindow;
  keys: SortKey[];
  collection: string;
  order: string;
}

/** A fresh compile context binding into `params`, with aliases `t1`, `t2`, ..., reading the tables of `view`. */
export function newContext(params: SqlParams, view: ReadView = LIVE): CompileContext {
  let next = 1;
  const moment: { placeholder?: string } = {};
  return { params, nextAlias: () => `t${next++}`, table: (name) => tableSql(name, view, params, moment) };
}

const NON_NULL_OPERATORS = ['eq', 'in', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith'];

/**
 * Whether no row of the list can have NULL in the sort key `key`: it is the id, or the filter's top level compares
 * its column with an operator that NULL never satisfies (`periodStart: { gte: ... }`).
 */
export function excludesNull(spec: CollectionSpec<any>, filter: unknown, key: SortKey, alias: string): boolean {
  if (key.expression === `${alias}.id`) return true;
  if (typeof filter !== 'object' || filter === null) return false;
  return Object.entries(filter as Record<string, unknown>).some(([name, value]) => {
    const field = spec.fields[name];
    if (field?.kind !== 'scalar' || `${alias}.${field.column}` !== key.expression || typeof value !== 'object' || value === null) return false;
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
  sql: string;
  window: PageWindow;
  keys: SortKey[];
  order: string;
}

/**
 * The statement text of one page of `spec` rows (aliased `alias`, within `context`'s parameters and aliases):
 * filter, keyset cursors, order, one row more than the page, the selected columns, relations and nested
 * connections, and the sort keys as `__k0..`. `parentCondition` restricts it to the children of one parent.
 */
export function pageSql(
  spec: CollectionSpec<any>,
  args: ListArgs,
  context: CompileContext,
  alias: string,
  parentCondition: string | undefined,
  selection: Selection,
): PageSql {
  const { window, keys, signature, cursors } = checkListArgs(spec, args, alias);
  const conditions = [compileFilter(spec, args.filter, alias, context)];
  if (parentCondition) conditions.unshift(parentCondition);
  // The first cursor given splits into index-friendly branches (see keysetBranches); a second one only bounds.
  let branches = ['TRUE'];
  for (const side of ['after', 'before'] as const) {
    const values = cursors[side];
    if (values === undefined) continue;
    context.params.planWithValues = true;
    if (branches.length === 1 && branches[0] === 'TRUE')
      branches = keysetBranches(keys, values, side, context, excludesNull(spec, args.filter, keys[0], alias));
    else conditions.push(keysetPredicate(keys, values, side, context));
  }
  // Decimal keys travel as text, so a cursor keeps them exact whether rows come as columns or as JSON.
  const keyColumns = keys.map((key, i) => `${key.expression}${key.pgType === 'numeric' ? '::text' : ''} AS "__k${i}"`).join(', ');
  const columns = [selectList(spec, alias, selection), ...embedColumns(spec, alias, selection, context), keyColumns].join(', ');
  const where = conditions.map((c) => `(${c})`).join(' AND ');
  const limit = ` ORDER BY ${orderByClause(keys, window.fromEnd)} LIMIT ${window.size + 1}`;
  const sql =
    branches.length === 1
      ? `SELECT ${columns} FROM ${context.table(spec.table)} ${alias} WHERE ${where} AND (${branches[0]})${limit}`
      : `SELECT * FROM (${branches.map((branch) => `(SELECT ${columns} FROM ${context.table(spec.table)} ${alias} WHERE ${where} AND (${branch})${limit})`).join(' UNION ALL ')}) u` +
        ` ORDER BY ${orderByOutputKeys(keys, 'u', window.fromEnd)} LIMIT ${window.size + 1}`;
  return { sql, window, keys, order: signature };
}

/** ORDER BY on the `__k0..` output columns of a page read through `table`. */
export function orderByOutputKeys(keys: SortKey[], table: string, reverse: boolean): string {
  return orderByClause(
    keys.map((key, i) => ({ ...key, expression: `${table}."__k${i}"` })),
    reverse,
  );
}

/**
 * Compiles filter, order and pagination into one parameterised statement that fetches one page (plus one row to
 * know whether there is more). With a `scope`, it fetches that page for every parent at once (LATERAL join).
 */
export function compilePageQuery(spec: CollectionSpec<any>, args: ListArgs, scope?: ListScope, selection: Selection = EMPTY_SELECTION): CompiledPage {
  const params = new SqlParams(scope ? [scope.parentIds] : []);
  const context = newContext(params, viewOf(args));
  const page = pageSql(spec, args, context, 't0', scope?.condition('t0', 's.parent', context), selection);
  const sql = scope
    ? `SELECT s.parent AS "__parent", x.* FROM unnest($1::int[]) WITH ORDINALITY AS s(parent, ordinal)` +
      ` CROSS JOIN LATERAL (${page.sql}) x ORDER BY s.ordinal, ${orderByOutputKeys(page.keys, 'x', page.window.fromEnd)}`
    : page.sql;
  return {
    sql,
    params: params.values,
    planWithValues: params.planWithValues,
    window: page.window,
    keys: page.keys,
    collection: spec.name,
    order: page.order,
  };
}

/** The statement text counting the rows of a list (aliased `alias`), restricted to one parent by `parentCondition`. */
export function countSql(spec: CollectionSpec<any>, filter: unknown, context: CompileContext, alias: string, parentCondition?: string): string {
  const conditions = [compileFilter(spec, filter, alias, context)];
  if (parentCondition) conditions.unshift(parentCondition);
  return `SELECT count(*)::int AS count FROM ${context.table(spec.table)} ${alias} WHERE ${conditions.map((c) => `(${c})`).join(' AND ')}`;
}

/** Compiles the `totalCount` of a list (per parent with a `scope`). */
export function compileCountQuery(spec: CollectionSpec<any>, filter: unknown, scope?: ListScope, view: ReadView = LIVE): CompiledQuery {
  const params = new SqlParams(scope ? [scope.parentIds] : []);
  const context = newContext(params, view);
  const sql = scope
    ? `SELECT s.parent AS "__parent", (${countSql(spec, filter, context, 't0', scope.condition('t0', 's.parent', context))}) AS count FROM unnest($1::int[]) AS s(parent)`
    : countSql(spec, filter, context, 't0');
  return { sql, params: params.values, planWithValues: params.planWithValues };
}

/**
 * Compiles a query for the rows of `spec` that satisfy `where` (a condition on alias `t0` with its parameters), with
 * the selected relations embedded: `agreement(slug:)`, `domains`.
 */
export function compileRowsQuery(
  spec: CollectionSpec<any>,
  where: (alias: string, params: SqlParams) => string,
  selection: Selection,
  orderBy?: string,
  view: ReadView = LIVE,
): CompiledQuery {
  const params = new SqlParams();
  const context = newContext(params, view);
  const columns = [selectList(spec, 't0', selection), ...embedColumns(spec, 't0', selection, context)].join(', ');
  const sql = `SELECT ${columns} FROM ${context.table(spec.table)} t0 WHERE ${where('t0', params)}${orderBy ? ` ORDER BY ${orderBy}` : ''}`;
  return { sql, params: params.values, planWithValues: params.planWithValues };
}

/**
 * Compiles the batched query of a relation for many parent keys at once (bound as `$1`), each related row tagged
 * with its parent key as `__parent`, read in `view` (its parents').
 */
export function compileRelationQuery(relation: RowRelation, keys: readonly number[], selection: Selection, view: ReadView = LIVE): CompiledQuery {
  const params = new SqlParams([keys]);
  const context = newContext(params, view);
  const target = relation.target();
  const columns = [selectList(target, 't0', selection), ...embedColumns(target, 't0', selection, context)].join(', ');
  const order = relation.cardinality === 'one' ? ' LIMIT 1' : relation.orderBy ? ` ORDER BY ${relation.orderBy('t0')}` : '';
  const sql =
    `SELECT k.key AS "__parent", e.* FROM unnest($1::int[]) WITH ORDINALITY AS k(key, ordinal)` +
    ` CROSS JOIN LATERAL (SELECT ${columns} FROM ${relation.from('t0', 'k.key', context)}${order}) e ORDER BY k.ordinal`;
  return { sql, params: params.values, planWithValues: params.planWithValues };
}

/** Prefix of the columns that carry a relation's rows as JSON (`__embed_source`). */
export const EMBED_PREFIX = '__embed_';
/** Prefix of the columns that carry a nested connection's page as JSON, by field position (`__page_f42`). */
export const PAGE_PREFIX = '__page_';
/** Prefix of the columns that carry a nested connection's `totalCount`, by field position (`__count_f42`). */
export const COUNT_PREFIX = '__count_';

const ROW_FIELDS = ['nodes', 'edges', 'pageInfo'];

/**
 * Columns that bring, for every row aliased `alias`, the nested connections selected on it: the page as a JSON
 * array of rows (with their own selected relations and connections) and the count, each only if selected.
 */
function connectionColumns(spec: CollectionSpec<any>, alias: string, selection: Selection, context: CompileContext): string[] {
  const columns: string[] = [];
  for (const field of selection.byResponseKey.values()) {
    const connection = spec.connections?.[field.name];
    const key = field.position;
    if (!connection || key === undefined) continue;
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
          connection.condition(inner, `${alias}.id`, context),
          rowsOfConnection(field.selection),
        );
        columns.push(`(SELECT coalesce(json_agg(page_rows), '[]'::json) FROM (${page.sql}) page_rows) AS "${PAGE_PREFIX}${key}"`);
      }
    }
    if (field.selection.fields.has('totalCount') && filterIsValid(target, field.args.filter)) {
      const inner = context.nextAlias();
      columns.push(
        `(${countSql(target, field.args.filter, context, inner, connection.condition(inner, `${alias}.id`, context))}) AS "${COUNT_PREFIX}${key}"`,
      );
    }
  }
  return columns;
}

/**
 * The JSON of a relation's rows for one parent key, as a scalar sub-query: an object (or null) for `one`, an array
 * for `many`. Relations selected under it are embedded the same way, to any depth.
 */
export function relationJson(relation: RowRelation, key: string, selection: Selection, context: CompileContext): string {
  const target = relation.target();
  const alias = context.nextAlias();
  const columns = [selectList(target, alias, selection), ...embedColumns(target, alias, selection, context)].join(', ');
  const rows = `SELECT ${columns} FROM ${relation.from(alias, key, context)}`;
  return relation.cardinality === 'one'
    ? `(SELECT row_to_json(e) FROM (${rows} LIMIT 1) e)`
    : `(SELECT coalesce(json_agg(e), '[]'::json) FROM (${rows}${relation.orderBy ? ` ORDER BY ${relation.orderBy(alias)}` : ''}) e)`;
}

/**
 * Extra select-list columns that bring, for every row aliased `alias`, the relations and nested connections the
 * client selected on it, so that they cost no statement of their own.
 *
 * @example embedColumns(commitmentCollection, 't0', { fields: Map { 'source' => ... } }, ctx)
 * // => ['(SELECT row_to_json(e) FROM (SELECT t1.id, ... FROM source t1 WHERE t1.id = t0.source_id LIMIT 1) e) AS "__embed_source"']
 */
export function embedColumns(spec: CollectionSpec<any>, alias: string, selection: Selection, context: CompileContext): string[] {
  const columns: string[] = [];
  for (const [field, below] of selection.fields) {
    const relation = spec.relations?.[field];
    if (!relation) continue;
    columns.push(`${relationJson(relation, `${alias}.${relation.key.column}`, below, context)} AS "${EMBED_PREFIX}${field}"`);
  }
  return [...columns, ...connectionColumns(spec, alias, selection, context)];
}
