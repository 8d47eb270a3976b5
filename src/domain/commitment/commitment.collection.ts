import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { collectionRef, registerCollection } from '../../shared/list-query/collection-registry';
import { sql } from '../../shared/sql/sql';
import { historyOf } from '../../shared/history/history.collection';
import { specParts } from '../../shared/fields/spec';
import { commitmentFields } from './commitment.fields';
import { text, belongsTo, linkedToSubtree, hasManyThroughLink } from '../../shared/list-query/spec-helpers';
import { hasRelated, relatedScalar } from '../../shared/list-query/relation-fields';
import { commitmentSpanCollection, quoteProvisionRelation, quoteSpansRelation } from '../agreement-text/agreement-text.collection';
import type { CommitmentNode } from './commitment.type';

const actorCode = (column: 'provider_id' | 'beneficiary_id', fieldName: string) =>
  relatedScalar(text('code'), (actor, c, context) => sql`${context.table('actor')} ${actor} WHERE ${actor}.id = ${c}.${sql.raw(column)}`, fieldName);

const parts = specParts(commitmentFields);

/** Commitments as the list-query compiler sees them: the declared fields (commitment.fields.ts), relations and custom filters. */
export const commitmentCollection: CollectionSpec<CommitmentNode> = {
  name: 'Commitment',
  table: 'commitment',
  columns: parts.columns,
  fieldColumns: { amount: ['amount', 'currency'], period: ['periodStart', 'periodEnd', 'periodLabel'] },
  fields: {
    ...parts.fields,
    includedIn: hasRelated(
      () => commitmentCollection,
      (p, c) => sql`${p}.id = ${c}.included_in_id`,
    ),
    providerCode: actorCode('provider_id', 'CommitmentFilter.providerCode'),
    beneficiaryCode: actorCode('beneficiary_id', 'CommitmentFilter.beneficiaryCode'),
    domain: linkedToSubtree({ table: 'commitment_domain', owner: 'commitment_id', target: 'domain_id' }, 'cooperation_domain'),
    mechanism: linkedToSubtree({ table: 'commitment_mechanism', owner: 'commitment_id', target: 'mechanism_id' }, 'mechanism'),
    agreement: hasRelated(collectionRef('Agreement'), (a, c) => sql`${a}.id = ${c}.agreement_id`),
    source: hasRelated(collectionRef('Source'), (s, c) => sql`${s}.id = ${c}.source_id`),
    restrictedBy: hasRelated(
      collectionRef('Constraint'),
      (k, c, context) =>
        sql`EXISTS (SELECT 1 FROM ${context.table('constraint_restriction')} ${k}_r WHERE ${k}_r.constraint_id = ${k}.id AND ${k}_r.commitment_id = ${c}.id)`,
    ),
  },
  orders: parts.orders,
  defaultOrder: ['ID_ASC'],
  searchVector: 'search_vector',
  relations: {
    quoteSpans: quoteSpansRelation(commitmentSpanCollection, 'commitment_id'),
    provision: quoteProvisionRelation('commitment_quote_span', 'commitment_id'),
    history: historyOf('commitment', ['commitment_domain', 'commitment_mechanism', 'commitment_source']),
    agreement: belongsTo(collectionRef('Agreement'), 'agreement_id', 'agreementId'),
    provider: belongsTo(collectionRef('Actor'), 'provider_id', 'providerId'),
    beneficiary: belongsTo(collectionRef('Actor'), 'beneficiary_id', 'beneficiaryId'),
    source: belongsTo(collectionRef('Source'), 'source_id', 'sourceId'),
    includedIn: belongsTo(() => commitmentCollection, 'included_in_id', 'includedInId'),
    domains: hasManyThroughLink(
      collectionRef('CooperationDomain'),
      { table: 'commitment_domain', targetColumn: 'domain_id', parentColumn: 'commitment_id' },
      ['slug'],
    ),
    mechanisms: hasManyThroughLink(
      collectionRef('Mechanism'),
      { table: 'commitment_mechanism', targetColumn: 'mechanism_id', parentColumn: 'commitment_id' },
      ['slug'],
    ),
    corroboratedBy: hasManyThroughLink(
      collectionRef('Source'),
      { table: 'commitment_source', targetColumn: 'source_id', parentColumn: 'commitment_id' },
      ['key'],
    ),
    restrictedBy: hasManyThroughLink(
      collectionRef('Constraint'),
      { table: 'constraint_restriction', targetColumn: 'constraint_id', parentColumn: 'commitment_id' },
      ['id'],
    ),
  },
  mapRow: (row) => ({
    ...(row as unknown as CommitmentNode),
    amount: row.amount === null ? null : { amount: row.amount as string, currency: row.currency as string },
    period:
      row.periodStart === null && row.periodEnd === null && row.periodLabel === null
        ? null
        : { start: row.periodStart as string | null, end: row.periodEnd as string | null, label: row.periodLabel as string | null },
  }),
};
registerCollection('Commitment', commitmentCollection);
