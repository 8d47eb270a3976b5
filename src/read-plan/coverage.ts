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

/**
 * A top-level one-row field: its collection, the arguments naming the row (exactly one is given; an `id` is a global
 * id, parsed to the row's id), and whether it takes `asOf`. Its resolver is `fetchRows` on that column.
 */
export interface RootRow {
  spec: CollectionSpec<any>;
  keys: Record<string, { column: string; type: 'int' | 'text' }>;
  asOf: boolean;
}

const ID = { column: 'id', type: 'int' } as const;
const byText = (column: string) => ({ column, type: 'text' }) as const;

const ROOT_ROWS: Record<string, RootRow> = {
  agreement: { spec: agreementCollection, keys: { slug: byText('slug'), id: ID }, asOf: true },
  provision: { spec: provisionCollection, keys: { id: ID }, asOf: false },
  commitment: { spec: commitmentCollection, keys: { id: ID }, asOf: false },
  constraint: { spec: constraintCollection, keys: { id: ID }, asOf: false },
  actor: { spec: actorCollection, keys: { code: byText('code') }, asOf: false },
  source: { spec: sourceCollection, keys: { key: byText('key') }, asOf: false },
  mechanism: { spec: mechanismCollection, keys: { slug: byText('slug') }, asOf: false },
  domain: { spec: domainCollection, keys: { slug: byText('slug') }, asOf: false },
};

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

/** What a top-level one-row field (`agreement(slug:)`, `actor(code:)`) reads, if the plan covers it. */
export const rootRowOf = (field: string): RootRow | undefined => (Object.hasOwn(ROOT_ROWS, field) ? ROOT_ROWS[field] : undefined);

/** The covered collection of a GraphQL object type. */
export const specOf = (typeName: string): CollectionSpec<any> | undefined => SPECS.find((spec) => spec.name === typeName);

/** The composite objects of a collection whose `mapRow` the plan knows, or undefined. */
export const compositeOf = (spec: CollectionSpec<any>): Record<string, CompositeRule> | undefined => COMPOSITES.get(spec);
