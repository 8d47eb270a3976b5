import { ClassType, getMetadataStorage } from 'type-graphql';

/**
 * The class type-graphql holds under a GraphQL type name (an `@InputType` or `@ObjectType`), for a field whose type
 * is declared in a module that would otherwise be imported in a cycle: the filters of the corpus refer to each other
 * (an agreement filter has `hasCommitment`, a commitment filter has `agreement`). Call it inside the field's type
 * thunk, which type-graphql runs when the schema is built, once every type module is loaded (build-schema imports
 * them all); the property's own type comes from an `import type`, which leaves no import at run time.
 *
 * @example @Field(() => namedType('CommitmentFilter'), { nullable: true }) hasCommitment?: CommitmentFilter;
 */
export function namedType(name: string): ClassType {
  const storage = getMetadataStorage();
  const found = [...storage.inputTypes, ...storage.objectTypes].filter((type) => type.name === name);
  if (found.length !== 1) {
    throw new Error(
      `${found.length === 0 ? 'no' : 'more than one'} GraphQL type is declared as ${name} (is its module loaded before the schema is built?)`,
    );
  }
  return found[0].target as ClassType;
}
