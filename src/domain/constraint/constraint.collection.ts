import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { orderSpecs } from '../../shared/list-query/order-specs';
import { hasRelated, relatedScalar } from '../../shared/list-query/relation-fields';
import { actorCollection } from '../actor/actor.collection';
import { agreementCollection } from '../agreement/agreement.collection';
import { commitmentCollection } from '../commitment/commitment.collection';
import { sourceCollection } from '../source/source.collection';
import { ConstraintNode } from './constraint.type';

/** Constraints as the list-query compiler sees them. */
export const constraintCollection: CollectionSpec<ConstraintNode> = {
  name: 'Constraint',
  table: 'agreement_constraint',
  select: (t) =>
    `${t}.id, ${t}.key, ${t}.agreement_id AS "agreementId", ${t}.actor_id AS "actorId", ${t}.kind, ${t}.summary, ${t}.quote,` +
    ` ${t}.locator, ${t}.source_id AS "sourceId"`,
  fields: {
    id: { kind: 'scalar', column: 'id', type: 'id', pgType: 'int' },
    key: { kind: 'scalar', column: 'key', type: 'string', pgType: 'text' },
    kind: { kind: 'scalar', column: 'kind', type: 'enum', pgType: 'constraint_kind' },
    summary: { kind: 'scalar', column: 'summary', type: 'string', pgType: 'text' },
    quote: { kind: 'scalar', column: 'quote', type: 'string', pgType: 'text' },
    locator: { kind: 'scalar', column: 'locator', type: 'string', pgType: 'text' },
    actorCode: relatedScalar({ column: 'code', type: 'string', pgType: 'text' }, (actor, k) => `actor ${actor} WHERE ${actor}.id = ${k}.actor_id`, 'ConstraintFilter.actorCode'),
    agreement: hasRelated(() => agreementCollection, (a, k) => `${a}.id = ${k}.agreement_id`),
    source: hasRelated(() => sourceCollection, (s, k) => `${s}.id = ${k}.source_id`),
    restricts: hasRelated(
      () => commitmentCollection,
      (c, k) => `EXISTS (SELECT 1 FROM constraint_restriction ${c}_r WHERE ${c}_r.commitment_id = ${c}.id AND ${c}_r.constraint_id = ${k}.id)`,
    ),
  },
  orders: orderSpecs({ id: ['id', 'id', 'int'], key: ['key', 'string', 'text'], kind: ['kind', 'enum', 'constraint_kind'] }),
  defaultOrder: ['ID_ASC'],
  searchVector: 'search_vector',
  relations: {
    agreement: { cardinality: 'one', target: () => agreementCollection, key: { column: 'agreement_id', property: 'agreementId' }, from: (x, key) => `agreement ${x} WHERE ${x}.id = ${key}` },
    actor: { cardinality: 'one', target: () => actorCollection, key: { column: 'actor_id', property: 'actorId' }, from: (x, key) => `actor ${x} WHERE ${x}.id = ${key}` },
    source: { cardinality: 'one', target: () => sourceCollection, key: { column: 'source_id', property: 'sourceId' }, from: (x, key) => `source ${x} WHERE ${x}.id = ${key}` },
    restricts: {
      cardinality: 'many',
      target: () => commitmentCollection,
      key: { column: 'id', property: 'id' },
      from: (x, key) => `constraint_restriction ${x}_l JOIN commitment ${x} ON ${x}.id = ${x}_l.commitment_id WHERE ${x}_l.constraint_id = ${key}`,
      orderBy: (x) => `${x}.id`,
    },
  },
};
