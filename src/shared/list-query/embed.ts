import { CollectionSpec, CompileContext } from './collection-spec';
import { embedColumns } from './list-query';
import { selectList } from './select-list';
import { rowsOfConnection, Selection } from './selection';
import { Fragment, sql } from '../sql/sql';

// The embedding of relations and nested connections is part of compiling a page (list-query.ts), which it recurses
// through; what is here only uses it.
export { embedColumns, embedded, PARENT_COLUMN, relationJson, ROW_COLUMNS } from './list-query';

/**
 * The JSON array of the rows of `spec` whose id is in the `int[]` expression `ids`, each with the columns,
 * relations and nested connections `selection` asks for: how a computed result (a comparison, a statistic) brings
 * the objects it refers to inside its own statement.
 *
 * @example rowsByIdJson(agreementCollection, sql`ARRAY(SELECT id FROM picked)`, selection, ctx)
 * // => (SELECT coalesce(json_agg(e), '[]'::json) FROM (SELECT t1.id AS id, ... FROM live.agreement t1 WHERE t1.id = ANY(ARRAY(...))) e)
 */
export function rowsByIdJson(spec: CollectionSpec<any>, ids: Fragment, selection: Selection, context: CompileContext): Fragment {
  const alias = context.nextAlias();
  const columns = sql.join([selectList(spec, alias, selection), ...embedColumns(spec, alias, selection, context)]);
  return sql`(SELECT coalesce(json_agg(e), '[]'::json) FROM (SELECT ${columns} FROM ${context.table(spec.table)} ${alias} WHERE ${alias}.id = ANY(${ids})) e)`;
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
