import { CommitmentKind, Modality } from '../enums';
import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { historyOf } from '../../shared/history/history.collection';
import { orderSpecs } from '../../shared/list-query/order-specs';
import {
  idColumn,
  text,
  decimal,
  date,
  boolean,
  enumColumn,
  belongsTo,
  linkedToSubtree,
  hasManyThroughLink,
} from '../../shared/list-query/spec-helpers';
import { hasRelated, relatedScalar } from '../../shared/list-query/relation-fields';
import { agreementCollection } from '../agreement/agreement.collection';
import { constraintCollection } from '../constraint/constraint.collection';
import { actorCollection } from '../actor/actor.collection';
import { domainCollection } from '../cooperation-domain/cooperation-domain.collection';
import { mechanismCollection } from '../mechanism/mechanism.collection';
import { sourceCollection } from '../source/source.collection';
import { commitmentSpanCollection, quoteProvisionRelation, quoteSpansRelation } from '../agreement-text/agreement-text.collection';
import type { CommitmentNode } from './commitment.type';

const actorCode = (column: 'provider_id' | 'beneficiary_id', fieldName: string) =>
  relatedScalar(text('code'), (actor, c, context) => `${context.table('actor')} ${actor} WHERE ${actor}.id = ${c}.${column}`, fieldName);

/** Commitments as the list-query compiler sees them. */
export const commitmentCollection: CollectionSpec<CommitmentNode> = {
  name: 'Commitment',
  table: 'commitment',
  columns: {
    id: 'id',
    version: 'version',
    key: 'key',
    agreementId: 'agreement_id',
    providerId: 'provider_id',
    beneficiaryId: 'beneficiary_id',
    summary: 'summary',
    quote: 'quote',
    quoteOrigin: 'quote_origin',
    quoteLanguage: 'quote_language',
    quoteTranslation: 'quote_translation',
    locator: 'locator',
    kind: 'kind',
    modality: 'modality',
    amount: 'amount::text',
    currency: 'currency',
    amountBound: 'amount_bound',
    amountBasis: 'amount_basis',
    overlapNote: 'overlap_note',
    includedInId: 'included_in_id',
    periodStart: 'period_start',
    periodEnd: 'period_end',
    periodLabel: 'period_label',
    lethal: 'lethal',
    stage: 'stage',
    sourceId: 'source_id',
  },
  fieldColumns: { amount: ['amount', 'currency'], period: ['periodStart', 'periodEnd', 'periodLabel'] },
  fields: {
    id: idColumn(),
    key: text('key'),
    summary: text('summary'),
    quote: text('quote'),
    quoteOrigin: enumColumn('quote_origin', 'quote_origin'),
    quoteLanguage: text('quote_language'),
    quoteTranslation: text('quote_translation'),
    locator: text('locator'),
    kind: enumColumn('kind', 'commitment_kind'),
    modality: enumColumn('modality', 'modality'),
    amount: decimal('amount'),
    currency: text('currency'),
    amountBound: enumColumn('amount_bound', 'amount_bound'),
    amountBasis: enumColumn('amount_basis', 'amount_basis'),
    overlapNote: text('overlap_note'),
    includedIn: hasRelated(
      () => commitmentCollection,
      (p, c) => `${p}.id = ${c}.included_in_id`,
    ),
    periodStart: date('period_start'),
    periodEnd: date('period_end'),
    lethal: boolean('lethal'),
    stage: enumColumn('stage', 'commitment_stage'),
    providerCode: actorCode('provider_id', 'CommitmentFilter.providerCode'),
    beneficiaryCode: actorCode('beneficiary_id', 'CommitmentFilter.beneficiaryCode'),
    domain: linkedToSubtree({ table: 'commitment_domain', owner: 'commitment_id', target: 'domain_id' }, 'cooperation_domain'),
    mechanism: linkedToSubtree({ table: 'commitment_mechanism', owner: 'commitment_id', target: 'mechanism_id' }, 'mechanism'),
    agreement: hasRelated(
      () => agreementCollection,
      (a, c) => `${a}.id = ${c}.agreement_id`,
    ),
    source: hasRelated(
      () => sourceCollection,
      (s, c) => `${s}.id = ${c}.source_id`,
    ),
    restrictedBy: hasRelated(
      () => constraintCollection,
      (k, c, context) =>
        `EXISTS (SELECT 1 FROM ${context.table('constraint_restriction')} ${k}_r WHERE ${k}_r.constraint_id = ${k}.id AND ${k}_r.commitment_id = ${c}.id)`,
    ),
  },
  orders: orderSpecs({
    id: idColumn(),
    key: text('key'),
    kind: enumColumn('kind', 'commitment_kind', CommitmentKind),
    modality: enumColumn('modality', 'modality', Modality),
    amount: decimal('amount'),
    periodStart: date('period_start'),
  }),
  defaultOrder: ['ID_ASC'],
  searchVector: 'search_vector',
  relations: {
    quoteSpans: quoteSpansRelation(commitmentSpanCollection, 'commitment_id'),
    provision: quoteProvisionRelation('commitment_quote_span', 'commitment_id'),
    history: historyOf('commitment', ['commitment_domain', 'commitment_mechanism', 'commitment_source']),
    agreement: belongsTo(() => agreementCollection, 'agreement_id', 'agreementId'),
    provider: belongsTo(() => actorCollection, 'provider_id', 'providerId'),
    beneficiary: belongsTo(() => actorCollection, 'beneficiary_id', 'beneficiaryId'),
    source: belongsTo(() => sourceCollection, 'source_id', 'sourceId'),
    includedIn: belongsTo(() => commitmentCollection, 'included_in_id', 'includedInId'),
    domains: hasManyThroughLink(() => domainCollection, { table: 'commitment_domain', targetColumn: 'domain_id', parentColumn: 'commitment_id' }, [
      'slug',
    ]),
    mechanisms: hasManyThroughLink(
      () => mechanismCollection,
      { table: 'commitment_mechanism', targetColumn: 'mechanism_id', parentColumn: 'commitment_id' },
      ['slug'],
    ),
    corroboratedBy: hasManyThroughLink(
      () => sourceCollection,
      { table: 'commitment_source', targetColumn: 'source_id', parentColumn: 'commitment_id' },
      ['key'],
    ),
    restrictedBy: hasManyThroughLink(
      () => constraintCollection,
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
