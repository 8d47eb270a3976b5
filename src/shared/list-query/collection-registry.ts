import { CollectionSpec } from './collection-spec';

/**
 * The collections that relations and relation filters reach, by their GraphQL type name (the spec's `name`). The
 * collections of `domain/` refer to each other (an agreement's commitments, a commitment's agreement): were each to
 * import the others, their modules would form an import cycle. Instead each spec registers itself under its name
 * when declared, and a relation names its target (`collectionRef('Commitment')`), looked up only when a query is
 * compiled, once every module is loaded. Names are a closed union, like `TableName`, so a misspelt target does not
 * compile.
 */
export const COLLECTION_NAMES = [
  'Actor',
  'Agreement',
  'AgreementText',
  'Commitment',
  'Constraint',
  'CooperationDomain',
  'Mechanism',
  'Provision',
  'Source',
] as const;

export type CollectionName = (typeof COLLECTION_NAMES)[number];

const registered = new Map<CollectionName, CollectionSpec<any>>();

/**
 * Registers `spec` under `name` (its GraphQL type name): called once, beside the spec's declaration. Registering
 * another spec under a taken name, or a spec whose `name` differs, is a programming error and throws.
 *
 * @example registerCollection('Source', sourceCollection);
 */
export function registerCollection(name: CollectionName, spec: CollectionSpec<any>): void {
  if (spec.name !== name) throw new Error(`collection ${spec.name} registered as ${name}`);
  const existing = registered.get(name);
  if (existing && existing !== spec) throw new Error(`collection ${name} registered twice`);
  registered.set(name, spec);
}

/**
 * The registered collection named `name`. Throws when its module was never loaded: `domain/collections.ts` loads
 * every collection module (the schema's assembly imports it).
 */
export function collectionNamed(name: CollectionName): CollectionSpec<any> {
  const spec = registered.get(name);
  if (!spec) throw new Error(`collection ${name} is not loaded: import src/domain/collections.ts (every collection spec) first`);
  return spec;
}

/**
 * A relation target by name: a function looked up when called (when a query is compiled), not when the relation is
 * declared, so specs may name collections whose modules load later.
 *
 * @example belongsTo(collectionRef('Agreement'), 'agreement_id', 'agreementId')
 */
export function collectionRef(name: CollectionName): () => CollectionSpec<any> {
  return () => collectionNamed(name);
}

/** The names of `COLLECTION_NAMES` no spec was registered under (empty once every collection module is loaded). */
export function unregisteredCollections(): CollectionName[] {
  return COLLECTION_NAMES.filter((name) => !registered.has(name));
}
