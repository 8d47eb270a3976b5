import { CollectionSpec, RowRelation } from '../../shared/list-query/collection-spec';
import { collectionRef, registerCollection } from '../../shared/list-query/collection-registry';
import { sql } from '../../shared/sql/sql';
import { historyOf } from '../../shared/history/history.collection';
import { orderSpecs } from '../../shared/list-query/order-specs';
import { belongsTo, boolean, hasManyByForeignKey, idColumn, int, pagedByForeignKey, text } from '../../shared/list-query/spec-helpers';
import { hasRelated } from '../../shared/list-query/relation-fields';
import type { AgreementTextNode, TextSpanNode } from './agreement-text.type';

/** Agreement texts as the list-query compiler sees them (never their words: those stay in PostgreSQL). */
export const agreementTextCollection: CollectionSpec<AgreementTextNode> = {
  name: 'AgreementText',
  table: 'agreement_text',
  columns: {
    id: 'id',
    agreementId: 'agreement_id',
    language: 'language',
    sha256: 'sha256',
    chars: 'chars',
    sourceId: 'source_id',
    reference: 'reference',
    createdAt: 'created_at',
    attachedAt: 'attached_at',
  },
  expressions: { loaded: (alias) => sql`(${alias}.content IS NOT NULL)` },
  fields: {
    id: idColumn(),
    language: text('language'),
    sha256: text('sha256'),
    chars: int('chars'),
    reference: boolean('reference'),
    agreement: hasRelated(collectionRef('Agreement'), (a, x) => sql`${a}.id = ${x}.agreement_id`),
  },
  orders: orderSpecs({ id: idColumn(), language: text('language') }),
  defaultOrder: ['ID_ASC'],
  relations: {
    history: historyOf('agreement_text'),
    agreement: belongsTo(collectionRef('Agreement'), 'agreement_id', 'agreementId'),
    source: belongsTo(collectionRef('Source'), 'source_id', 'sourceId'),
  },
  connections: {
    provisions: pagedByForeignKey('AgreementText.provisions', collectionRef('Provision'), 'text_id'),
  },
};
registerCollection('AgreementText', agreementTextCollection);

/**
 * The spans of one kind of quote (`commitment_quote_span`, `constraint_quote_span`) as the compiler sees them. Both
 * resolve as `TextSpan`; `owner` tells its resolvers which spec a span row came from.
 */
function quoteSpanCollection(
  table: 'commitment_quote_span' | 'constraint_quote_span',
  owner: 'commitment' | 'constraint',
): CollectionSpec<TextSpanNode> {
  return {
    name: 'TextSpan',
    table,
    columns: { id: 'id', textId: 'text_id', ordinal: 'ordinal', start: 'start_offset', end: 'end_offset' },
    fields: {},
    orders: {},
    defaultOrder: [],
    relations: {
      text: belongsTo(() => agreementTextCollection, 'text_id', 'textId'),
      provision: {
        cardinality: 'one',
        target: collectionRef('Provision'),
        key: { column: 'id', property: 'id' },
        // The innermost provision the span starts in.
        from: (alias, key, context) =>
          sql`${context.table(table)} ${alias}_s JOIN ${context.table('provision')} ${alias} ON ${alias}.text_id = ${alias}_s.text_id AND ${alias}.start_offset <= ${alias}_s.start_offset AND ${alias}_s.start_offset < ${alias}.end_offset WHERE ${alias}_s.id = ${key} ORDER BY ${alias}.end_offset - ${alias}.start_offset, ${alias}.ordinal DESC`,
      },
    },
    mapRow: (row) => ({ ...(row as unknown as TextSpanNode), owner }),
  };
}

export const commitmentSpanCollection = quoteSpanCollection('commitment_quote_span', 'commitment');
export const constraintSpanCollection = quoteSpanCollection('constraint_quote_span', 'constraint');

/** The provision a quote's first span starts in (`Commitment.provision`, `Constraint.provision`). */
export function quoteProvisionRelation(table: 'commitment_quote_span' | 'constraint_quote_span', ownerColumn: string): RowRelation {
  return {
    cardinality: 'one',
    target: collectionRef('Provision'),
    key: { column: 'id', property: 'id' },
    from: (alias, key, context) =>
      sql`${context.table(table)} ${alias}_s JOIN ${context.table('provision')} ${alias} ON ${alias}.text_id = ${alias}_s.text_id AND ${alias}.start_offset <= ${alias}_s.start_offset AND ${alias}_s.start_offset < ${alias}.end_offset WHERE ${alias}_s.${sql.raw(ownerColumn)} = ${key} AND ${alias}_s.ordinal = 0 ORDER BY ${alias}.end_offset - ${alias}.start_offset, ${alias}.ordinal DESC`,
  };
}

/** The spans of a quote, in order (`Commitment.quoteSpans`). */
export function quoteSpansRelation(spans: CollectionSpec<TextSpanNode>, ownerColumn: string): RowRelation {
  return hasManyByForeignKey(() => spans, ownerColumn, ['ordinal']);
}
