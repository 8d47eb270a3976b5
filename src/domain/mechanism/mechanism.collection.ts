import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { compileScalarFilter } from '../../shared/list-query/compile-filter';
import { orderSpecs } from '../../shared/list-query/order-specs';
import { MechanismNode } from './mechanism.type';

/** SQL for the ids of the mechanism with slug `$slug` and all mechanisms under it. */
export function mechanismSubtree(slugParam: string): string {
  return `(WITH RECURSIVE sub(id) AS (SELECT id FROM mechanism WHERE slug = ${slugParam}` +
    ` UNION SELECT m.id FROM mechanism m JOIN sub ON m.parent_id = sub.id) SELECT id FROM sub)`;
}

/** Mechanisms as the list-query compiler sees them. */
export const mechanismCollection: CollectionSpec<MechanismNode> = {
  name: 'Mechanism',
  table: 'mechanism',
  select: (t) => `${t}.id, ${t}.slug, ${t}.name, ${t}.kind, ${t}.description, ${t}.parent_id AS "parentId"`,
  fields: {
    id: { kind: 'scalar', column: 'id', type: 'id', pgType: 'int' },
    slug: { kind: 'scalar', column: 'slug', type: 'string', pgType: 'text' },
    name: { kind: 'scalar', column: 'name', type: 'string', pgType: 'text' },
    kind: { kind: 'scalar', column: 'kind', type: 'enum', pgType: 'mechanism_kind' },
    parentSlug: {
      kind: 'custom',
      build: (value, t, context) => {
        const parent = context.nextAlias();
        return `EXISTS (SELECT 1 FROM mechanism ${parent} WHERE ${parent}.id = ${t}.parent_id AND ` +
          `${compileScalarFilter(`${parent}.slug`, { type: 'string', pgType: 'text' }, value as Record<string, unknown>, context, 'MechanismFilter.parentSlug')})`;
      },
    },
  },
  orders: orderSpecs({ id: ['id', 'id', 'int'], slug: ['slug', 'string', 'text'], name: ['name', 'string', 'text'] }),
  defaultOrder: ['SLUG_ASC'],
  relations: {
    parent: { cardinality: 'one', target: () => mechanismCollection, key: { column: 'parent_id', property: 'parentId' }, from: (x, key) => `mechanism ${x} WHERE ${x}.id = ${key}` },
    children: {
      cardinality: 'many',
      target: () => mechanismCollection,
      key: { column: 'id', property: 'id' },
      from: (x, key) => `mechanism ${x} WHERE ${x}.parent_id = ${key}`,
      orderBy: (x) => `${x}.slug`,
    },
  },
};
