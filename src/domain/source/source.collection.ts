import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { collectionRef, registerCollection } from '../../shared/list-query/collection-registry';
import { historyOf } from '../../shared/history/history.collection';
import { specParts } from '../../shared/fields/spec';
import { pagedByForeignKey } from '../../shared/list-query/spec-helpers';
import { sourceFields } from './source.fields';
import type { SourceNode } from './source.type';

const parts = specParts(sourceFields);

/** Sources as the list-query compiler sees them: the declared fields (source.fields.ts) and relations. */
export const sourceCollection: CollectionSpec<SourceNode> = {
  name: 'Source',
  table: 'source',
  columns: parts.columns,
  fields: parts.fields,
  orders: parts.orders,
  defaultOrder: ['ID_ASC'],
  relations: {
    history: historyOf('source'),
  },
  connections: {
    commitments: pagedByForeignKey('Source.commitments', collectionRef('Commitment'), 'source_id'),
    constraints: pagedByForeignKey('Source.constraints', collectionRef('Constraint'), 'source_id'),
  },
};
registerCollection('Source', sourceCollection);
