import { agreementCollection } from '../../src/domain/agreement/agreement.collection';
import '../../src/domain/collections';
import {
  COLLECTION_NAMES,
  collectionNamed,
  collectionRef,
  registerCollection,
  unregisteredCollections,
} from '../../src/shared/list-query/collection-registry';

// Collection specs name the collections their relations reach (collection-registry.ts) instead of importing them.
describe('collection registry', () => {
  it('holds every named collection once domain/collections.ts is loaded, each under its GraphQL type name', () => {
    expect(unregisteredCollections()).toEqual([]);
    for (const name of COLLECTION_NAMES) expect(collectionNamed(name).name).toBe(name);
  });

  it('resolves a relation target by name when called', () => {
    const target = collectionRef('Agreement');
    expect(target()).toBe(agreementCollection);
    expect(agreementCollection.relations!.framework.target()).toBe(agreementCollection);
    expect(collectionNamed('Commitment').relations!.agreement.target()).toBe(agreementCollection);
  });

  it('refuses a spec under another name, or a second spec under a taken name', () => {
    expect(() => registerCollection('Source', agreementCollection)).toThrow('collection Agreement registered as Source');
    expect(() => registerCollection('Agreement', { ...agreementCollection })).toThrow('collection Agreement registered twice');
    // Registering the same spec again changes nothing.
    expect(() => registerCollection('Agreement', agreementCollection)).not.toThrow();
  });
});
