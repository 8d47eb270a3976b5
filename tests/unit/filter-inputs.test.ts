import { GraphQLInputObjectType } from 'graphql';
import { buildAppSchema } from '../../src/schema/build-schema';
import { CollectionSpec } from '../../src/shared/list-query/collection-spec';
import { actorCollection } from '../../src/domain/actor/actor.collection';
import { agreementCollection } from '../../src/domain/agreement/agreement.collection';
import { commitmentCollection } from '../../src/domain/commitment/commitment.collection';
import { constraintCollection } from '../../src/domain/constraint/constraint.collection';
import { mechanismCollection } from '../../src/domain/mechanism/mechanism.collection';
import { sourceCollection } from '../../src/domain/source/source.collection';
import { historyCollection } from '../../src/shared/history/history.collection';

// A filterable field is declared twice: in its collection spec (what the compiler accepts) and in the GraphQL
// filter input (what clients can send). This keeps the two the same, field for field, so adding a field to one
// and not the other fails here rather than at a client.
describe('filter inputs and collection specs', () => {
  const schema = buildAppSchema();
  const pairs: [string, CollectionSpec<any>][] = [
    ['AgreementFilter', agreementCollection],
    ['CommitmentFilter', commitmentCollection],
    ['ConstraintFilter', constraintCollection],
    ['ActorFilter', actorCollection],
    ['SourceFilter', sourceCollection],
    ['MechanismFilter', mechanismCollection],
    ['ChangeFilter', historyCollection],
  ];

  it.each(pairs)('%s declares exactly the fields its collection spec compiles', (inputName, spec) => {
    const input = schema.getType(inputName) as GraphQLInputObjectType;
    expect(input).toBeInstanceOf(GraphQLInputObjectType);
    const declared = Object.keys(input.getFields()).filter((name) => !['and', 'or', 'not'].includes(name));
    const compiled = [...Object.keys(spec.fields), ...(spec.searchVector ? ['search'] : [])];
    expect(declared.sort()).toEqual(compiled.sort());
  });
});
