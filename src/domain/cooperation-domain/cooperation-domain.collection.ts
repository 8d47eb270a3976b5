import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { historyOf } from '../../shared/history/history.collection';
import { orderSpecs } from '../../shared/list-query/order-specs';
import { idColumn, text, belongsTo, inSubtree, hasManyByForeignKey } from '../../shared/list-query/spec-helpers';
import { commitmentCollection } from '../commitment/commitment.collection';
import type { CooperationDomainNode } from './cooperation-domain.type';

/** Domains as the list-query compiler sees them. */
export const domainCollection: CollectionSpec<CooperationDomainNode> = {
  name: 'CooperationDomain',
  table: 'cooperation_domain',
  columns: { id: 'id', version: 'version', slug: 'slug', name: 'name', description: 'description', parentId: 'parent_id', mappings: 'mappings' },
  fields: {
    id: idColumn(),
    slug: text('slug'),
    name: text('name'),
  },
  orders: orderSpecs({ id: idColumn(), slug: text('slug'), name: text('name') }),
  defaultOrder: ['ID_ASC'],
  connections: {
    // The domain's commitments and those of every domain under it.
    commitments: {
      name: 'CooperationDomain.commitments',
      target: () => commitmentCollection,
      condition: (t, parent, context) => {
        const link = context.nextAlias();
        return (
          `EXISTS (SELECT 1 FROM ${context.table('commitment_domain')} ${link} WHERE ${link}.commitment_id = ${t}.id` +
          ` AND ${inSubtree(`${link}.domain_id`, 'cooperation_domain', `id = ${parent}`, context)})`
        );
      },
    },
  },
  relations: {
    history: historyOf('cooperation_domain'),
    parent: belongsTo(() => domainCollection, 'parent_id', 'parentId'),
    children: hasManyByForeignKey(() => domainCollection, 'parent_id', ['id']),
  },
};
