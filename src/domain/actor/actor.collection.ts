import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { compileFilter } from '../../shared/list-query/compile-filter';
import { orderSpecs } from '../../shared/list-query/order-specs';
import { agreementCollection } from '../agreement/agreement.collection';
import { ActorNode } from './actor.type';

/** Actors as the list-query compiler sees them. */
export const actorCollection: CollectionSpec<ActorNode> = {
  name: 'Actor',
  table: 'actor',
  select: (t) => `${t}.id, ${t}.code, ${t}.name, ${t}.kind`,
  fields: {
    id: { kind: 'scalar', column: 'id', type: 'id', pgType: 'int' },
    code: { kind: 'scalar', column: 'code', type: 'string', pgType: 'text' },
    name: { kind: 'scalar', column: 'name', type: 'string', pgType: 'text' },
    kind: { kind: 'scalar', column: 'kind', type: 'enum', pgType: 'actor_kind' },
    partyTo: {
      kind: 'custom',
      build: (value, t, context) => {
        const party = context.nextAlias();
        const agreement = context.nextAlias();
        return `EXISTS (SELECT 1 FROM agreement_party ${party} JOIN agreement ${agreement} ON ${agreement}.id = ${party}.agreement_id` +
          ` WHERE ${party}.actor_id = ${t}.id AND ${compileFilter(agreementCollection, value, agreement, context)})`;
      },
    },
  },
  orders: orderSpecs({ id: ['id', 'id', 'int'], code: ['code', 'string', 'text'], name: ['name', 'string', 'text'] }),
  defaultOrder: ['CODE_ASC'],
};
