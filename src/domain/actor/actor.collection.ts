import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { collectionNamed, collectionRef, registerCollection } from '../../shared/list-query/collection-registry';
import { sql } from '../../shared/sql/sql';
import { historyOf } from '../../shared/history/history.collection';
import { compileFilter } from '../../shared/list-query/compile-filter';
import { specParts } from '../../shared/fields/spec';
import { pagedByForeignKey, pagedThroughLink } from '../../shared/list-query/spec-helpers';
import { actorFields } from './actor.fields';
import type { ActorNode } from './actor.type';

const parts = specParts(actorFields);

/** Actors as the list-query compiler sees them: the declared fields (actor.fields.ts), relations and the partyTo filter. */
export const actorCollection: CollectionSpec<ActorNode> = {
  name: 'Actor',
  table: 'actor',
  columns: parts.columns,
  fields: {
    ...parts.fields,
    partyTo: {
      kind: 'custom',
      build: (value, t, context) => {
        const party = context.nextAlias();
        const agreement = context.nextAlias();
        return sql`EXISTS (SELECT 1 FROM ${context.table('agreement_party')} ${party} JOIN ${context.table('agreement')} ${agreement} ON ${agreement}.id = ${party}.agreement_id WHERE ${party}.actor_id = ${t}.id AND ${compileFilter(collectionNamed('Agreement'), value, agreement, context)})`;
      },
    },
  },
  orders: parts.orders,
  defaultOrder: ['CODE_ASC'],
  relations: {
    history: historyOf('actor'),
  },
  connections: {
    agreements: pagedThroughLink('Actor.agreements', collectionRef('Agreement'), {
      table: 'agreement_party',
      targetColumn: 'agreement_id',
      parentColumn: 'actor_id',
    }),
    commitments: pagedByForeignKey('Actor.commitments', collectionRef('Commitment'), 'provider_id'),
  },
};
registerCollection('Actor', actorCollection);
