import { CollectionSpec, CompileContext, RowRelation } from './collection-spec';
import { filterIsValid, listArgsAreValid } from './check-args';
import { countSql, pageSql } from './list-query';
import { selectList } from './select-list';
import { rowsOfConnection, Selection } from './selection';

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
      columns.push(`(${countSql(target, field.args.filter, context, inner, connection.condition(inner, `${alias}.id`, context))}) AS "${COUNT_PREFIX}${key}"`);
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

/**
 * The JSON array of the rows of `spec` whose id is in the SQL `int[]` expression `ids`, each with the columns,
 * relations and nested connections `selection` asks for: how a computed result (a comparison, a statistic) brings
 * the objects it refers to inside its own statement.
 *
 * @example rowsByIdJson(agreementCollection, 'ARRAY(SELECT id FROM picked)', selection, ctx)
 * // => '(SELECT coalesce(json_agg(e), \'[]\'::json) FROM (SELECT t1.id AS "id", ... FROM agreement t1 WHERE t1.id = ANY(ARRAY(...))) e)'
 */
export function rowsByIdJson(spec: CollectionSpec<any>, ids: string, selection: Selection, context: CompileContext): string {
  const alias = context.nextAlias();
  const columns = [selectList(spec, alias, selection), ...embedColumns(spec, alias, selection, context)].join(', ');
  return `(SELECT coalesce(json_agg(e), '[]'::json) FROM (SELECT ${columns} FROM ${context.table(spec.table)} ${alias} WHERE ${alias}.id = ANY(${ids})) e)`;
}

/** A key naming the embeddable part of a selection, so that loaders are shared only by requests for the same columns. */
export function embedKey(spec: CollectionSpec<any>, selection: Selection): string {
  const parts: string[] = [];
  for (const [field, below] of selection.fields) {
    const relation = spec.relations?.[field];
    if (relation) parts.push(`${field}(${embedKey(relation.target(), below)})`);
  }
  for (const [key, field] of selection.byResponseKey) {
    const connection = spec.connections?.[field.name];
    if (connection)
      parts.push(
        `${key}:${JSON.stringify(field.args)}:${field.selection.fields.has('totalCount')}[${embedKey(connection.target(), rowsOfConnection(field.selection))}]`,
      );
  }
  return parts.sort().join(',');
}
