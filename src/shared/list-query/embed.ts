import { CollectionSpec, CompileContext, RowRelation } from './collection-spec';
import { selectList } from './select-list';
import { Selection } from './selection';

/** Prefix of the columns that carry a relation's rows as JSON (`__embed_source`). */
export const EMBED_PREFIX = '__embed_';

/**
 * The JSON of a relation's rows for one parent key, as a scalar sub-query: an object (or null) for `one`, an array
 * for `many`. Relations selected under it are embedded the same way, to any depth.
 */
export function relationJson(relation: RowRelation, key: string, selection: Selection, context: CompileContext): string {
  const target = relation.target();
  const alias = context.nextAlias();
  const columns = [selectList(target, alias, selection), ...embedColumns(target, alias, selection, context)].join(', ');
  const rows = `SELECT ${columns} FROM ${relation.from(alias, key)}`;
  return relation.cardinality === 'one'
    ? `(SELECT row_to_json(e) FROM (${rows} LIMIT 1) e)`
    : `(SELECT coalesce(json_agg(e), '[]'::json) FROM (${rows}${relation.orderBy ? ` ORDER BY ${relation.orderBy(alias)}` : ''}) e)`;
}

/**
 * Extra select-list columns that bring, for every row aliased `alias`, the relations the client selected on it,
 * so that they cost no statement of their own.
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
  return columns;
}

/** A key naming the embeddable part of a selection, so that loaders are shared only by requests for the same columns. */
export function embedKey(spec: CollectionSpec<any>, selection: Selection): string {
  const parts: string[] = [];
  for (const [field, below] of selection.fields) {
    const relation = spec.relations?.[field];
    if (relation) parts.push(`${field}(${embedKey(relation.target(), below)})`);
  }
  return parts.sort().join(',');
}
