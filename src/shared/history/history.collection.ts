import { CollectionSpec, RowRelation, TableName } from '../list-query/collection-spec';
import { orderSpecs } from '../list-query/order-specs';
import { sql } from '../sql/sql';
import { dateTime, enumColumn, hasMany, idColumn, text } from '../list-query/spec-helpers';
import type { FieldChange, HistoryEntryNode } from './history.type';

/** Columns that change with every write without being part of a row's content. */
const NOT_CONTENT = new Set(['version', 'search_vector']);

const camel = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * The fields a change touched, with their values before and after (field names as the API spells them): every
 * field of a created or removed row, only the changed ones of an update.
 *
 * @example fieldChanges({ short_title: 'A', version: 1 }, { short_title: 'B', version: 2 }) // => [{ field: 'shortTitle', before: 'A', after: 'B' }]
 */
export function fieldChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldChange[] {
  const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChange[] = [];
  for (const field of [...fields].sort()) {
    if (NOT_CONTENT.has(field)) continue;
    const old = before?.[field] ?? null;
    const now = after?.[field] ?? null;
    if (JSON.stringify(old) !== JSON.stringify(now)) changes.push({ field: camel(field), before: old, after: now });
  }
  return changes;
}

/** The history as the list-query compiler sees it (`changes(...)`, `history` on every curated type). */
export const historyCollection: CollectionSpec<HistoryEntryNode> = {
  name: 'HistoryEntry',
  table: 'history',
  columns: {
    id: 'id',
    entity: 'table_name',
    entityKey: 'row_key',
    action: 'action',
    actor: 'actor',
    at: 'changed_at',
    before: 'before',
    after: 'after',
  },
  fieldColumns: { changes: ['before', 'after'] },
  fields: {
    id: idColumn(),
    entity: enumColumn('table_name', 'text'),
    entityKey: text('row_key'),
    action: enumColumn('action', 'text'),
    actor: text('actor'),
    at: dateTime('changed_at'),
  },
  orders: orderSpecs({ id: idColumn() }),
  defaultOrder: ['ID_ASC'],
  mapRow: (row) => ({
    ...(row as unknown as HistoryEntryNode),
    id: Number(row.id),
    changes: 'before' in row || 'after' in row ? fieldChanges(row.before as never, row.after as never) : [],
  }),
};

/**
 * The `history` relation of a curated row: the changes to the row itself and, for `links`, to the link rows it
 * owns (`commitment_domain` rows keyed `<commitment id>/<domain id>`), oldest first.
 */
export function historyOf(table: TableName, links: TableName[] = []): RowRelation {
  return hasMany(
    () => historyCollection,
    (alias, key, context) => {
      const own = sql`(${alias}.table_name = ${sql.literal(table)} AND ${alias}.row_key = ${key}::text)`;
      const linked = links.map((link) => sql`(${alias}.table_name = ${sql.literal(link)} AND ${alias}.row_key LIKE ${key}::text || '/%')`);
      return sql`${context.table('history')} ${alias} WHERE ${sql.join([own, ...linked], ' OR ')}`;
    },
    (alias) => sql`${alias}.id`,
  );
}
