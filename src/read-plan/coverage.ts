import { CollectionSpec } from '../shared/list-query/collection-spec';
import { actorCollection } from '../domain/actor/actor.collection';
import { agreementCollection, partyCollection } from '../domain/agreement/agreement.collection';
import { commitmentCollection } from '../domain/commitment/commitment.collection';
import { constraintCollection } from '../domain/constraint/constraint.collection';
import { domainCollection } from '../domain/cooperation-domain/cooperation-domain.collection';
import { mechanismCollection } from '../domain/mechanism/mechanism.collection';
import { provisionCollection } from '../domain/provision/provision.collection';
import { sourceCollection } from '../domain/source/source.collection';

// What the read plan covers: the top-level fields whose resolver is the list machinery with nothing added (a
// `loadConnection` of the collection with the field's own arguments and `asOf`, or one row by slug or id), the
// collections whose rows reach GraphQL as their columns, and the GraphQL objects Node builds from several columns
// (`Commitment.amount`), with the rule their `mapRow` follows. Anything else runs the current way.

/** An object a collection's `mapRow` builds from several columns, and when it is null. */
export interface CompositeRule {
  typeName: string;
  /** GraphQL field → the row property it comes from. */
  properties: Record<string, string>;
  /** The object is null when every one of these properties is null. */
  nullWhenAllNull: string[];
}

const COMPOSITES = new Map<CollectionSpec<any>, Record<string, CompositeRule>>([
  [
    commitmentCollection,
    {
      amount: { typeName: 'Money', properties: { amount: 'amount', currency: 'currency' }, nullWhenAllNull: ['amount'] },
      period: {
        typeName: 'Period',
        properties: { start: 'periodStart', end: 'periodEnd', label: 'periodLabel' },
        nullWhenAllNull: ['periodStart', 'periodEnd', 'periodLabel'],
      },
    },
  ],
]);

const ROOT_LISTS: Record<string, CollectionSpec<any>> = {
  agreements: agreementCollection,
  commitments: commitmentCollection,
  constraints: constraintCollection,
  actors: actorCollection,
  sources: sourceCollection,
  mechanisms: mechanismCollection,
  provisions: provisionCollection,
};

const ROOT_ROWS: Record<string, CollectionSpec<any>> = { agreement: agreementCollection, provision: provisionCollection };

const SPECS = [
  agreementCollection,
  partyCollection,
  commitmentCollection,
  constraintCollection,
  actorCollection,
  sourceCollection,
  mechanismCollection,
  domainCollection,
  provisionCollection,
];

/**
 * The collection of each kind of search hit (`SearchHit.kind`), whose rows are the hits' nodes: the top-level
 * `search` is covered with its hits' nodes planned as rows of these (src/read-plan/search-sql.ts searches them).
 */
export const SEARCH_HIT_KINDS: Record<string, CollectionSpec<any>> = {
  AGREEMENT: agreementCollection,
  COMMITMENT: commitmentCollection,
  CONSTRAINT: constraintCollection,
  PROVISION: provisionCollection,
};

/** The collection a top-level list field reads, if the plan covers it. */
export const rootListOf = (field: string): CollectionSpec<any> | undefined => (Object.hasOwn(ROOT_LISTS, field) ? ROOT_LISTS[field] : undefined);

/** The collection a top-level one-row field (`agreement(slug:)`) reads, if the plan covers it. */
export const rootRowOf = (field: string): CollectionSpec<any> | undefined => (Object.hasOwn(ROOT_ROWS, field) ? ROOT_ROWS[field] : undefined);

/** The covered collection of a GraphQL object type. */
export const specOf = (typeName: string): CollectionSpec<any> | undefined => SPECS.find((spec) => spec.name === typeName);

/** The composite objects of a collection whose `mapRow` the plan knows, or undefined. */
export const compositeOf = (spec: CollectionSpec<any>): Record<string, CompositeRule> | undefined => COMPOSITES.get(spec);
