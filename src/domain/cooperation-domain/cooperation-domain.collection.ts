import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { collectionRef, registerCollection } from '../../shared/list-query/collection-registry';
import { sql } from '../../shared/sql/sql';
import { historyOf } from '../../shared/history/history.collection';
import { specParts } from '../../shared/fields/spec';
import { belongsTo, inSubtree, hasManyByForeignKey } from '../../shared/list-query/spec-helpers';
import { domainFields } from './cooperation-domain.fields';
import type { CooperationDomainNode } from './cooperation-domain.type';

const parts = specParts(domainFields);

/** Domains as the list-query compiler sees them: the declared fields (cooperation-domain.fields.ts), the mappings and relations. */
export const domainCollection: CollectionSpec<CooperationDomainNode> = {
  name: 'CooperationDomain',
  table: 'cooperation_domain',
  // The mappings (JSON) last, where they have always been in the export.
  columns: { ...parts.columns, mappings: 'mappings' },
  fields: parts.fields,
  orders: parts.orders,
  defaultOrder: ['ID_ASC'],
  connections: {
    // The domain's commitments and those of every domain under it.
    commitments: {
      name: 'CooperationDomain.commitments',
      target: collectionRef('Commitment'),
      condition: (t, parent, context) => {
        const link = context.nextAlias();
        return sql`EXISTS (SELECT 1 FROM ${context.table('commitment_domain')} ${link} WHERE ${link}.commitment_id = ${t}.id AND ${inSubtree(sql`${link}.domain_id`, 'cooperation_domain', sql`id = ${parent}`, context)})`;
      },
    },
  },
  relations: {
    history: historyOf('cooperation_domain'),
    parent: belongsTo(() => domainCollection, 'parent_id', 'parentId'),
    children: hasManyByForeignKey(() => domainCollection, 'parent_id', ['id']),
  },
};
registerCollection('CooperationDomain', domainCollection);
