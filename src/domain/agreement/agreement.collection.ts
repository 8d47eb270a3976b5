import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { collectionRef, registerCollection } from '../../shared/list-query/collection-registry';
import { sql } from '../../shared/sql/sql';
import { historyOf } from '../../shared/history/history.collection';
import { specParts } from '../../shared/fields/spec';
import { agreementFields } from './agreement.fields';
import { text, belongsTo, hasMany, inSubtree, pagedByForeignKey, hasManyByForeignKey, subtreeSlug } from '../../shared/list-query/spec-helpers';
import { hasRelated, relatedScalar } from '../../shared/list-query/relation-fields';
import type { AgreementNode, Party } from './agreement.type';

const parts = specParts(agreementFields);

/** Agreements as the list-query compiler sees them: the declared fields (agreement.fields.ts), relations and custom filters. */
export const agreementCollection: CollectionSpec<AgreementNode> = {
  name: 'Agreement',
  table: 'agreement',
  columns: parts.columns,
  fields: {
    ...parts.fields,
    partyCode: relatedScalar(
      text('code'),
      (actor, a, context) =>
        sql`${context.table('actor')} ${actor} JOIN ${context.table('agreement_party')} ${actor}_p ON ${actor}_p.actor_id = ${actor}.id WHERE ${actor}_p.agreement_id = ${a}.id`,
      'AgreementFilter.partyCode',
    ),
    domain: {
      kind: 'custom',
      build: (value, a, context) => {
        const c = context.nextAlias();
        return sql`EXISTS (SELECT 1 FROM ${context.table('commitment')} ${c} JOIN ${context.table('commitment_domain')} ${c}_d ON ${c}_d.commitment_id = ${c}.id WHERE ${c}.agreement_id = ${a}.id AND ${inSubtree(sql`${c}_d.domain_id`, 'cooperation_domain', sql`slug = ${subtreeSlug(value)}`, context)})`;
      },
    },
    framework: hasRelated(
      () => agreementCollection,
      (f, a) => sql`${f}.id = ${a}.framework_id`,
    ),
    hasCommitment: hasRelated(collectionRef('Commitment'), (c, a) => sql`${c}.agreement_id = ${a}.id`),
    hasConstraint: hasRelated(collectionRef('Constraint'), (c, a) => sql`${c}.agreement_id = ${a}.id`),
  },
  orders: parts.orders,
  defaultOrder: ['SIGNED_ON_ASC'],
  searchVector: 'search_vector',
  connections: {
    commitments: pagedByForeignKey('Agreement.commitments', collectionRef('Commitment'), 'agreement_id'),
    constraints: pagedByForeignKey('Agreement.constraints', collectionRef('Constraint'), 'agreement_id'),
    basedOnIt: pagedByForeignKey('Agreement.basedOnIt', () => agreementCollection, 'framework_id'),
  },
  relations: {
    history: historyOf('agreement', ['agreement_party', 'agreement_source']),
    framework: belongsTo(() => agreementCollection, 'framework_id', 'frameworkId'),
    // The reference version of its text.
    text: {
      cardinality: 'one',
      target: collectionRef('AgreementText'),
      key: { column: 'id', property: 'id' },
      from: (x, key, context) => sql`${context.table('agreement_text')} ${x} WHERE ${x}.agreement_id = ${key} AND ${x}.reference`,
    },
    // Every version: the reference first, then by language, the newest version of each first.
    texts: hasMany(
      collectionRef('AgreementText'),
      (x, key, context) => sql`${context.table('agreement_text')} ${x} WHERE ${x}.agreement_id = ${key}`,
      (x) => sql`${x}.reference DESC, ${x}.language, ${x}.id DESC`,
    ),
    parties: hasManyByForeignKey(() => partyCollection, 'agreement_id', ['role', 'actor_id']),
    // The domains its commitments serve.
    domains: hasMany(
      collectionRef('CooperationDomain'),
      (x, key, context) =>
        sql`${context.table('cooperation_domain')} ${x} WHERE ${x}.id IN (SELECT ${x}_l.domain_id FROM ${context.table('commitment')} ${x}_c JOIN ${context.table('commitment_domain')} ${x}_l ON ${x}_l.commitment_id = ${x}_c.id WHERE ${x}_c.agreement_id = ${key})`,
      (x) => sql`${x}.slug`,
    ),
    // Every source its facts, commitments and constraints are traced to.
    sources: hasMany(
      collectionRef('Source'),
      (x, key, context) =>
        sql`${context.table('source')} ${x} WHERE ${x}.id IN (SELECT source_id FROM ${context.table('agreement_source')} WHERE agreement_id = ${key} UNION SELECT source_id FROM ${context.table('commitment')} ${x}_c WHERE ${x}_c.agreement_id = ${key} UNION SELECT source_id FROM ${context.table('agreement_constraint')} ${x}_k WHERE ${x}_k.agreement_id = ${key})`,
      (x) => sql`${x}.id`,
    ),
  },
};
registerCollection('Agreement', agreementCollection);

/** Parties of agreements: reached only through `Agreement.parties`. */
export const partyCollection: CollectionSpec<Party> = {
  name: 'Party',
  table: 'agreement_party',
  columns: { role: 'role', actorId: 'actor_id' },
  fields: {},
  orders: {},
  defaultOrder: [],
  relations: {
    actor: belongsTo(collectionRef('Actor'), 'actor_id', 'actorId'),
  },
};
