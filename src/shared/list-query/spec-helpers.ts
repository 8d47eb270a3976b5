import { CollectionSpec, CompileContext, ConnectionRelation, CustomFieldSpec, RowRelation, ScalarFieldSpec, TableName } from './collection-spec';
import { Fragment, sql } from '../sql/sql';

// Short constructors for collection specs, so a spec reads as a list of its columns and relations.

const scalar = (column: string, type: ScalarFieldSpec['type'], pgType: string, values?: readonly string[]): ScalarFieldSpec =>
  values ? { kind: 'scalar', column, type, pgType, values } : { kind: 'scalar', column, type, pgType };

/** Filterable columns by type: `text('title')`, `date('signed_on')`, `enumColumn('kind', 'agreement_kind')`. */
export const idColumn = (): ScalarFieldSpec => scalar('id', 'id', 'int');
export const text = (column: string): ScalarFieldSpec => scalar(column, 'string', 'text');
export const int = (column: string): ScalarFieldSpec => scalar(column, 'int', 'int');
export const decimal = (column: string): ScalarFieldSpec => scalar(column, 'decimal', 'numeric');
export const date = (column: string): ScalarFieldSpec => scalar(column, 'date', 'date');
export const dateTime = (column: string): ScalarFieldSpec => scalar(column, 'datetime', 'timestamptz');
export const boolean = (column: string): ScalarFieldSpec => scalar(column, 'boolean', 'boolean');
/** An enum column; pass the enum (`enumColumn('kind', 'commitment_kind', CommitmentKind)`) when it is sortable. */
export const enumColumn = (column: string, pgType: string, values?: Record<string, string>): ScalarFieldSpec =>
  scalar(column, 'enum', pgType, values && Object.values(values));

/**
 * A to-one relation through a foreign key of the parent: `belongsTo(() => sourceCollection, 'source_id', 'sourceId')`.
 */
export function belongsTo(target: () => CollectionSpec<any>, column: string, property: string): RowRelation {
  return {
    cardinality: 'one',
    target,
    key: { column, property },
    from: (alias, key, context) => sql`${context.table(target().table)} ${alias} WHERE ${alias}.id = ${key}`,
  };
}

/**
 * A to-many relation from the parent's id: `from(alias, key)` selects the target rows aliased `alias` that belong to
 * the parent id expression `key`; `orderBy` orders them.
 */
export function hasMany(target: () => CollectionSpec<any>, from: RowRelation['from'], orderBy: (alias: Fragment) => Fragment): RowRelation {
  return { cardinality: 'many', target, key: { column: 'id', property: 'id' }, from, orderBy };
}

/** How a link table joins two collections: its column holding the target's id and the one holding the parent's. */
export interface Link {
  table: TableName;
  targetColumn: string;
  parentColumn: string;
}

const orderedBy = (columns: string[]) => (alias: Fragment) => sql.join(columns.map((column) => sql`${alias}.${sql.raw(column)}`));

/** A to-many relation to the rows of `target` whose `foreignKey` holds the parent's id (`Mechanism.children`). */
export function hasManyByForeignKey(target: () => CollectionSpec<any>, foreignKey: string, orderBy: string[]): RowRelation {
  return hasMany(
    target,
    (alias, key, context) => sql`${context.table(target().table)} ${alias} WHERE ${alias}.${sql.raw(foreignKey)} = ${key}`,
    orderedBy(orderBy),
  );
}

/** A to-many relation to the rows of `target` linked to the parent through a link table (`Commitment.domains`). */
export function hasManyThroughLink(target: () => CollectionSpec<any>, link: Link, orderBy: string[]): RowRelation {
  return hasMany(
    target,
    (alias, key, context) =>
      sql`${context.table(link.table)} ${alias}_l JOIN ${context.table(target().table)} ${alias} ON ${alias}.id = ${alias}_l.${sql.raw(link.targetColumn)} WHERE ${alias}_l.${sql.raw(link.parentColumn)} = ${key}`,
    orderedBy(orderBy),
  );
}

/**
 * SQL true when `column` holds the id of a row of a tree table (linked by `parent_id`) that matches `root`, or of any
 * row under it. Written `= ANY(ARRAY(...))`: PostgreSQL then runs the recursive query first and plans with its real
 * size (a handful of ids), where `IN (WITH RECURSIVE ...)` is estimated at hundreds of rows and planned as a hash.
 *
 * @example inSubtree(sql`l.domain_id`, 'cooperation_domain', sql`slug = ${slug}`, context) // that domain and all its descendants
 */
export function inSubtree(column: Fragment, table: TableName, root: Fragment, context: CompileContext): Fragment {
  const from = context.table(table);
  return sql`${column} = ANY(ARRAY(WITH RECURSIVE sub(id) AS (SELECT id FROM ${from} root WHERE ${root} UNION SELECT child.id FROM ${from} child JOIN sub ON child.parent_id = sub.id) SELECT id FROM sub))`;
}

/**
 * A tree node's slug, bound. Not planWithValues: the subtree's ids are an init plan (`ANY(ARRAY(...))`) computed when
 * the statement runs, so a plan made with the slug is the plan made without it.
 */
export function subtreeSlug(value: unknown): Fragment {
  return sql.value(String(value), 'text');
}

/**
 * A filter field taking the slug of a tree node (`domain: "demining"`) that matches rows linked, through `link`,
 * to that node or any node under it.
 */
export function linkedToSubtree(link: { table: TableName; owner: string; target: string }, tree: TableName): CustomFieldSpec {
  return {
    kind: 'custom',
    build: (value, alias, context) => {
      const l = context.nextAlias();
      const subtree = inSubtree(sql`${l}.${sql.raw(link.target)}`, tree, sql`slug = ${subtreeSlug(value)}`, context);
      return sql`EXISTS (SELECT 1 FROM ${context.table(link.table)} ${l} WHERE ${l}.${sql.raw(link.owner)} = ${alias}.id AND ${subtree})`;
    },
  };
}

/** A nested connection over the rows of `target` whose `foreignKey` holds the parent's id (`Agreement.commitments`). */
export function pagedByForeignKey(name: string, target: () => CollectionSpec<any>, foreignKey: string): ConnectionRelation {
  return { name, target, condition: (alias, parent) => sql`${alias}.${sql.raw(foreignKey)} = ${parent}` };
}

/**
 * A nested connection over the rows of `target` linked to the parent through a link table (`Actor.agreements` through
 * `agreement_party`): `targetColumn` and `parentColumn` are the link table's columns holding each side's id.
 */
export function pagedThroughLink(name: string, target: () => CollectionSpec<any>, link: Link): ConnectionRelation {
  return {
    name,
    target,
    condition: (alias, parent, context) => {
      const l = context.nextAlias();
      return sql`EXISTS (SELECT 1 FROM ${context.table(link.table)} ${l} WHERE ${l}.${sql.raw(link.targetColumn)} = ${alias}.id AND ${l}.${sql.raw(link.parentColumn)} = ${parent})`;
    },
  };
}
