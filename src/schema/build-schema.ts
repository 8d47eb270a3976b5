import 'reflect-metadata';
import { GraphQLSchema, printSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { ActorResolver } from '../domain/actor/actor.resolver';
import { AgreementResolver } from '../domain/agreement/agreement.resolver';
import { CommitmentResolver } from '../domain/commitment/commitment.resolver';
import { ConstraintResolver } from '../domain/constraint/constraint.resolver';
import { CooperationDomainResolver } from '../domain/cooperation-domain/cooperation-domain.resolver';
import { MechanismResolver } from '../domain/mechanism/mechanism.resolver';
import { SourceResolver } from '../domain/source/source.resolver';
import { SearchResolver } from '../domain/search/search.resolver';

export const RESOLVERS = [
  AgreementResolver,
  CommitmentResolver,
  ConstraintResolver,
  ActorResolver,
  SourceResolver,
  MechanismResolver,
  CooperationDomainResolver,
  SearchResolver,
] as const;

let schema: GraphQLSchema | undefined;

/** The GraphQL schema, built once per process. */
export function buildAppSchema(): GraphQLSchema {
  schema ??= buildSchemaSync({
    resolvers: RESOLVERS as unknown as [Function, ...Function[]],
    // Inputs are checked by the list-query compiler; object types use `simpleResolvers` (no middleware to run).
    validate: false,
  });
  return schema;
}

/** The schema in SDL, as committed in `schema.graphql`. */
export function printAppSchema(): string {
  return `${printSchema(buildAppSchema())}\n`;
}
