import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { collectionRef, registerCollection } from '../../shared/list-query/collection-registry';
import { sql } from '../../shared/sql/sql';
import { historyOf } from '../../shared/history/history.collection';
import { specParts } from '../../shared/fields/spec';
import { constraintFields } from './constraint.fields';
import { text, belongsTo, hasManyThroughLink } from '../../shared/list-query/spec-helpers';
import { hasRelated, relatedScalar } from '../../shared/list-query/relation-fields';
import { constraintSpanCollection, quoteProvisionRelation, quoteSpansRelation } from '../agreement-text/agreement-text.collection';
import type { ConstraintNode } from './constraint.type';

const parts = specParts(constraintFields);

/** Constraints as the list-query compiler sees them: the declared fields (constraint.fields.ts), relations and custom filters. */
export const constraintCollection: CollectionSpec<ConstraintNode> = {
  name: 'Constraint',
  table: 'agreement_constraint',
  columns: parts.columns,
  fields: {
    ...parts.fields,
    actorCode: relatedScalar(
      text('code'),
      (actor, k, context) => sql`${context.table('actor')} ${actor} WHERE ${actor}.id = ${k}.actor_id`,
      'ConstraintFilter.actorCode',
    ),
    agreement: hasRelated(collectionRef('Agreement'), (a, k) => sql`${a}.id = ${k}.agreement_id`),
    source: hasRelated(collectionRef('Source'), (s, k) => sql`${s}.id = ${k}.source_id`),
    restricts: hasRelated(
      collectionRef('Commitment'),
      (c, k, context) =>
        sql`EXISTS (SELECT 1 FROM ${context.table('constraint_restriction')} ${c}_r WHERE ${c}_r.commitment_id = ${c}.id AND ${c}_r.constraint_id = ${k}.id)`,
    ),
  },
  orders: parts.orders,
  defaultOrder: ['ID_ASC'],
  searchVector: 'search_vector',
  relations: {
    quoteSpans: quoteSpansRelation(constraintSpanCollection, 'constraint_id'),
    provision: quoteProvisionRelation('constraint_quote_span', 'constraint_id'),
    history: historyOf('agreement_constraint', ['constraint_restriction', 'constraint_source']),
    agreement: belongsTo(collectionRef('Agreement'), 'agreement_id', 'agreementId'),
    actor: belongsTo(collectionRef('Actor'), 'actor_id', 'actorId'),
    source: belongsTo(collectionRef('Source'), 'source_id', 'sourceId'),
    restricts: hasManyThroughLink(
      collectionRef('Commitment'),
      { table: 'constraint_restriction', targetColumn: 'commitment_id', parentColumn: 'constraint_id' },
      ['id'],
    ),
    corroboratedBy: hasManyThroughLink(
      collectionRef('Source'),
      { table: 'constraint_source', targetColumn: 'source_id', parentColumn: 'constraint_id' },
      ['key'],
    ),
  },
};
registerCollection('Constraint', constraintCollection);
