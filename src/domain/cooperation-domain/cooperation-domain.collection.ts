import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { orderSpecs } from '../../shared/list-query/order-specs';
import { CooperationDomainNode } from './cooperation-domain.type';

/** SQL for the ids of the domain with slug `slugParam` and all its descendants in the tree. */
export function domainSubtree(slugParam: string): string {
  return `(WITH RECURSIVE sub(id) AS (SELECT id FROM cooperation_domain WHERE slug = ${slugParam}` +
    ` UNION SELECT d.id FROM cooperation_domain d JOIN sub ON d.parent_id = sub.id) SELECT id FROM sub)`;
}

/** Domains as the list-query compiler sees them. */
export const domainCollection: CollectionSpec<CooperationDomainNode> = {
  name: 'CooperationDomain',
  table: 'cooperation_domain',
  select: (t) => `${t}.id, ${t}.slug, ${t}.name, ${t}.description, ${t}.parent_id AS "parentId", ${t}.mappings`,
  fields: {
    id: { kind: 'scalar', column: 'id', type: 'id', pgType: 'int' },
    slug: { kind: 'scalar', column: 'slug', type: 'string', pgType: 'text' },
    name: { kind: 'scalar', column: 'name', type: 'string', pgType: 'text' },
  },
  orders: orderSpecs({ id: ['id', 'id', 'int'], slug: ['slug', 'string', 'text'], name: ['name', 'string', 'text'] }),
  defaultOrder: ['ID_ASC'],
  relations: {
    parent: { cardinality: 'one', target: () => domainCollection, key: { column: 'parent_id', property: 'parentId' }, from: (x, key) => `cooperation_domain ${x} WHERE ${x}.id = ${key}` },
    children: {
      cardinality: 'many',
      target: () => domainCollection,
      key: { column: 'id', property: 'id' },
      from: (x, key) => `cooperation_domain ${x} WHERE ${x}.parent_id = ${key}`,
      orderBy: (x) => `${x}.id`,
    },
  },
};
