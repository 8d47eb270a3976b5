import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { collectionRef, registerCollection } from '../../shared/list-query/collection-registry';
import { sql } from '../../shared/sql/sql';
import { historyOf } from '../../shared/history/history.collection';
import { compileScalarFilter } from '../../shared/list-query/compile-filter';
import { specParts } from '../../shared/fields/spec';
import { belongsTo, pagedThroughLink, hasManyByForeignKey } from '../../shared/list-query/spec-helpers';
import { mechanismFields } from './mechanism.fields';
import type { MechanismNode } from './mechanism.type';

const parts = specParts(mechanismFields);

/** Mechanisms as the list-query compiler sees them: the declared fields (mechanism.fields.ts), relations and the parentSlug filter. */
export const mechanismCollection: CollectionSpec<MechanismNode> = {
  name: 'Mechanism',
  table: 'mechanism',
  columns: parts.columns,
  fields: {
    ...parts.fields,
    parentSlug: {
      kind: 'custom',
      build: (value, t, context) => {
        const parent = context.nextAlias();
        return sql`EXISTS (SELECT 1 FROM ${context.table('mechanism')} ${parent} WHERE ${parent}.id = ${t}.parent_id AND ${compileScalarFilter(sql`${parent}.slug`, { type: 'string', pgType: 'text' }, value as Record<string, unknown>, 'MechanismFilter.parentSlug')})`;
      },
    },
  },
  orders: parts.orders,
  defaultOrder: ['SLUG_ASC'],
  connections: {
    commitments: pagedThroughLink('Mechanism.commitments', collectionRef('Commitment'), {
      table: 'commitment_mechanism',
      targetColumn: 'commitment_id',
      parentColumn: 'mechanism_id',
    }),
  },
  relations: {
    history: historyOf('mechanism'),
    parent: belongsTo(() => mechanismCollection, 'parent_id', 'parentId'),
    children: hasManyByForeignKey(() => mechanismCollection, 'parent_id', ['slug']),
  },
};
registerCollection('Mechanism', mechanismCollection);
