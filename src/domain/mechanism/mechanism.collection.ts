import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { historyOf } from '../../shared/history/history.collection';
import { compileScalarFilter } from '../../shared/list-query/compile-filter';
import { orderSpecs } from '../../shared/list-query/order-specs';
import { idColumn, text, enumColumn, belongsTo, pagedThroughLink, hasManyByForeignKey } from '../../shared/list-query/spec-helpers';
import { commitmentCollection } from '../commitment/commitment.collection';
import type { MechanismNode } from './mechanism.type';

/** Mechanisms as the list-query compiler sees them. */
export const mechanismCollection: CollectionSpec<MechanismNode> = {
  name: 'Mechanism',
  table: 'mechanism',
  columns: { id: 'id', version: 'version', slug: 'slug', name: 'name', kind: 'kind', description: 'description', parentId: 'parent_id' },
  fields: {
    id: idColumn(),
    slug: text('slug'),
    name: text('name'),
    kind: enumColumn('kind', 'mechanism_kind'),
    parentSlug: {
      kind: 'custom',
      build: (value, t, context) => {
        const parent = context.nextAlias();
        return (
          `EXISTS (SELECT 1 FROM ${context.table('mechanism')} ${parent} WHERE ${parent}.id = ${t}.parent_id AND ` +
          `${compileScalarFilter(`${parent}.slug`, { type: 'string', pgType: 'text' }, value as Record<string, unknown>, context, 'MechanismFilter.parentSlug')})`
        );
      },
    },
  },
  orders: orderSpecs({ id: idColumn(), slug: text('slug'), name: text('name') }),
  defaultOrder: ['SLUG_ASC'],
  connections: {
    commitments: pagedThroughLink('Mechanism.commitments', () => commitmentCollection, {
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
