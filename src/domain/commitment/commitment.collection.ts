import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { orderSpecs } from '../../shared/list-query/order-specs';
import { hasRelated, relatedScalar } from '../../shared/list-query/relation-fields';
import { agreementCollection } from '../agreement/agreement.collection';
import { constraintCollection } from '../constraint/constraint.collection';
import { actorCollection } from '../actor/actor.collection';
import { domainCollection, domainSubtree } from '../cooperation-domain/cooperation-domain.collection';
import { mechanismCollection, mechanismSubtree } from '../mechanism/mechanism.collection';
import { sourceCollection } from '../source/source.collection';
import { CommitmentNode } from './commitment.type';

const actorCode = (column: 'provider_id' | 'beneficiary_id', fieldName: string) =>
  relatedScalar({ column: 'code', type: 'string', pgType: 'text' }, (actor, c) => `actor ${actor} WHERE ${actor}.id = ${c}.${column}`, fieldName);

/** Commitments as the list-query compiler sees them. */
export const commitmentCollection: CollectionSpec<CommitmentNode> = {
  name: 'Commitment',
  table: 'commitment',
  select: (t) =>
    `${t}.id, ${t}.key, ${t}.agreement_id AS "agreementId", ${t}.provider_id AS "providerId", ${t}.beneficiary_id AS "beneficiaryId",` +
    ` ${t}.summary, ${t}.quote, ${t}.locator, ${t}.kind, ${t}.modality, ${t}.amount::text AS amount, ${t}.currency, ${t}.period_start AS "periodStart",` +
    ` ${t}.period_end AS "periodEnd", ${t}.period_label AS "periodLabel", ${t}.lethal, ${t}.stage, ${t}.source_id AS "sourceId"`,
  fields: {
    id: { kind: 'scalar', column: 'id', type: 'id', pgType: 'int' },
    key: { kind: 'scalar', column: 'key', type: 'string', pgType: 'text' },
    summary: { kind: 'scalar', column: 'summary', type: 'string', pgType: 'text' },
    quote: { kind: 'scalar', column: 'quote', type: 'string', pgType: 'text' },
    locator: { kind: 'scalar', column: 'locator', type: 'string', pgType: 'text' },
    kind: { kind: 'scalar', column: 'kind', type: 'enum', pgType: 'commitment_kind' },
    modality: { kind: 'scalar', column: 'modality', type: 'enum', pgType: 'modality' },
    amount: { kind: 'scalar', column: 'amount', type: 'decimal', pgType: 'numeric' },
    currency: { kind: 'scalar', column: 'currency', type: 'string', pgType: 'text' },
    periodStart: { kind: 'scalar', column: 'period_start', type: 'date', pgType: 'date' },
    periodEnd: { kind: 'scalar', column: 'period_end', type: 'date', pgType: 'date' },
    lethal: { kind: 'scalar', column: 'lethal', type: 'boolean', pgType: 'boolean' },
    stage: { kind: 'scalar', column: 'stage', type: 'enum', pgType: 'commitment_stage' },
    providerCode: actorCode('provider_id', 'CommitmentFilter.providerCode'),
    beneficiaryCode: actorCode('beneficiary_id', 'CommitmentFilter.beneficiaryCode'),
    domain: {
      kind: 'custom',
      build: (value, c, context) => {
        const link = context.nextAlias();
        return `EXISTS (SELECT 1 FROM commitment_domain ${link} WHERE ${link}.commitment_id = ${c}.id` +
          ` AND ${link}.domain_id IN ${domainSubtree(context.params.add(String(value), 'text'))})`;
      },
    },
    mechanism: {
      kind: 'custom',
      build: (value, c, context) => {
        const link = context.nextAlias();
        return `EXISTS (SELECT 1 FROM commitment_mechanism ${link} WHERE ${link}.commitment_id = ${c}.id` +
          ` AND ${link}.mechanism_id IN ${mechanismSubtree(context.params.add(String(value), 'text'))})`;
      },
    },
    agreement: hasRelated(() => agreementCollection, (a, c) => `${a}.id = ${c}.agreement_id`),
    source: hasRelated(() => sourceCollection, (s, c) => `${s}.id = ${c}.source_id`),
    restrictedBy: hasRelated(
      () => constraintCollection,
      (k, c) => `EXISTS (SELECT 1 FROM constraint_restriction ${k}_r WHERE ${k}_r.constraint_id = ${k}.id AND ${k}_r.commitment_id = ${c}.id)`,
    ),
  },
  orders: orderSpecs({
    id: ['id', 'id', 'int'],
    key: ['key', 'string', 'text'],
    kind: ['kind', 'enum', 'commitment_kind'],
    modality: ['modality', 'enum', 'modality'],
    amount: ['amount', 'decimal', 'numeric'],
    periodStart: ['period_start', 'date', 'date'],
  }),
  defaultOrder: ['ID_ASC'],
  searchVector: 'search_vector',
  relations: {
    agreement: { cardinality: 'one', target: () => agreementCollection, key: { column: 'agreement_id', property: 'agreementId' }, from: (x, key) => `agreement ${x} WHERE ${x}.id = ${key}` },
    provider: { cardinality: 'one', target: () => actorCollection, key: { column: 'provider_id', property: 'providerId' }, from: (x, key) => `actor ${x} WHERE ${x}.id = ${key}` },
    beneficiary: { cardinality: 'one', target: () => actorCollection, key: { column: 'beneficiary_id', property: 'beneficiaryId' }, from: (x, key) => `actor ${x} WHERE ${x}.id = ${key}` },
    source: { cardinality: 'one', target: () => sourceCollection, key: { column: 'source_id', property: 'sourceId' }, from: (x, key) => `source ${x} WHERE ${x}.id = ${key}` },
    domains: {
      cardinality: 'many',
      target: () => domainCollection,
      key: { column: 'id', property: 'id' },
      from: (x, key) => `commitment_domain ${x}_l JOIN cooperation_domain ${x} ON ${x}.id = ${x}_l.domain_id WHERE ${x}_l.commitment_id = ${key}`,
      orderBy: (x) => `${x}.slug`,
    },
    mechanisms: {
      cardinality: 'many',
      target: () => mechanismCollection,
      key: { column: 'id', property: 'id' },
      from: (x, key) => `commitment_mechanism ${x}_l JOIN mechanism ${x} ON ${x}.id = ${x}_l.mechanism_id WHERE ${x}_l.commitment_id = ${key}`,
      orderBy: (x) => `${x}.slug`,
    },
    restrictedBy: {
      cardinality: 'many',
      target: () => constraintCollection,
      key: { column: 'id', property: 'id' },
      from: (x, key) => `constraint_restriction ${x}_l JOIN agreement_constraint ${x} ON ${x}.id = ${x}_l.constraint_id WHERE ${x}_l.commitment_id = ${key}`,
      orderBy: (x) => `${x}.id`,
    },
  },
  mapRow: (row) => ({
    ...(row as unknown as CommitmentNode),
    amount: row.amount === null ? null : { amount: row.amount as string, currency: row.currency as string },
    period: row.periodStart === null && row.periodEnd === null && row.periodLabel === null
      ? null
      : { start: row.periodStart as string | null, end: row.periodEnd as string | null, label: row.periodLabel as string | null },
  }),
};
