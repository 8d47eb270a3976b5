import 'reflect-metadata';
import { GraphQLSchema, GraphQLUnionType, isObjectType, printSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
// Every collection spec registered under its name before a relation looks one up (shared/list-query/collection-registry.ts).
import '../domain/collections';
import { ActorResolver } from '../domain/actor/actor.resolver';
import { AgreementResolver, PartyResolver } from '../domain/agreement/agreement.resolver';
import { CommitmentResolver } from '../domain/commitment/commitment.resolver';
import { ConstraintResolver } from '../domain/constraint/constraint.resolver';
import { CooperationDomainResolver } from '../domain/cooperation-domain/cooperation-domain.resolver';
import { MechanismResolver } from '../domain/mechanism/mechanism.resolver';
import { SourceResolver } from '../domain/source/source.resolver';
import { SearchResolver } from '../domain/search/search.resolver';
import { AgreementTextResolver, TextSpanResolver } from '../domain/agreement-text/agreement-text.resolver';
import { ProvisionResolver } from '../domain/provision/provision.resolver';
import { TextReuseResolver } from '../domain/text-reuse/text-reuse.resolver';
import { AttachTextResolver } from '../domain/agreement-text/attach-text.resolver';
import { AgreementTextNode } from '../domain/agreement-text/agreement-text.type';
import { agreementTextCollection } from '../domain/agreement-text/agreement-text.collection';
import { AnalysisResolver } from '../domain/analysis/analysis.resolver';
import { DraftResolver } from '../domain/drafting/draft.resolver';
import { ChangesResolver, HistoryEntryResolver, historyResolver } from '../shared/history/history.resolver';
import { curationResolver } from '../curation/curation.resolver';
import { ImportResolver } from '../curation/import.resolver';
import { ReportResolver } from '../reports/report.resolver';
import {
  ActorInput,
  AgreementInput,
  CommitmentInput,
  ConstraintInput,
  CooperationDomainInput,
  MechanismInput,
  SourceInput,
} from '../curation/curation.inputs';
import { ActorNode } from '../domain/actor/actor.type';
import { actorCollection } from '../domain/actor/actor.collection';
import { AgreementNode } from '../domain/agreement/agreement.type';
import { agreementCollection } from '../domain/agreement/agreement.collection';
import { CommitmentNode } from '../domain/commitment/commitment.type';
import { commitmentCollection } from '../domain/commitment/commitment.collection';
import { ConstraintNode } from '../domain/constraint/constraint.type';
import { constraintCollection } from '../domain/constraint/constraint.collection';
import { CooperationDomainNode } from '../domain/cooperation-domain/cooperation-domain.type';
import { domainCollection } from '../domain/cooperation-domain/cooperation-domain.collection';
import { MechanismNode } from '../domain/mechanism/mechanism.type';
import { mechanismCollection } from '../domain/mechanism/mechanism.collection';
import { SourceNode } from '../domain/source/source.type';
import { sourceCollection } from '../domain/source/source.collection';
import { searchResultTypeName } from '../domain/search/search.type';
import { TokenResolver } from '../shared/auth/token.resolver';
import { LiveResolver, UNUSED_PUB_SUB } from '../live/live.resolver';

export const RESOLVERS = [
  AgreementResolver,
  PartyResolver,
  CommitmentResolver,
  ConstraintResolver,
  ActorResolver,
  SourceResolver,
  MechanismResolver,
  CooperationDomainResolver,
  SearchResolver,
  AgreementTextResolver,
  TextSpanResolver,
  ProvisionResolver,
  TextReuseResolver,
  AttachTextResolver,
  AnalysisResolver,
  DraftResolver,
  TokenResolver,
  ChangesResolver,
  HistoryEntryResolver,
  ImportResolver,
  ReportResolver,
  LiveResolver,
  historyResolver(AgreementNode, agreementCollection),
  historyResolver(CommitmentNode, commitmentCollection),
  historyResolver(ConstraintNode, constraintCollection),
  historyResolver(ActorNode, actorCollection),
  historyResolver(SourceNode, sourceCollection),
  historyResolver(MechanismNode, mechanismCollection),
  historyResolver(CooperationDomainNode, domainCollection),
  historyResolver(AgreementTextNode, agreementTextCollection),
  curationResolver('agreement', AgreementNode, AgreementInput, agreementCollection),
  curationResolver('commitment', CommitmentNode, CommitmentInput, commitmentCollection),
  curationResolver('constraint', ConstraintNode, ConstraintInput, constraintCollection),
  curationResolver('actor', ActorNode, ActorInput, actorCollection),
  curationResolver('source', SourceNode, SourceInput, sourceCollection),
  curationResolver('mechanism', MechanismNode, MechanismInput, mechanismCollection),
  curationResolver('domain', CooperationDomainNode, CooperationDomainInput, domainCollection),
] as const;

let schema: GraphQLSchema | undefined;

/**
 * Two adjustments for graphql-jit, which executes the schema (see jit-gateway.ts):
 * - connections resolve their page and count lazily, so those fields hold promises (getters); graphql-jit reads a
 *   field without a resolver as a plain value, so these fields get an explicit resolver, which it awaits;
 * - graphql-jit does not await `resolveType`, and type-graphql wraps it in an async function, so the search
 *   union gets its synchronous one back.
 */
function prepareForJit(built: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(built.getTypeMap())) {
    if (!isObjectType(type) || !type.name.endsWith('Connection')) continue;
    for (const field of Object.values(type.getFields())) {
      field.resolve ??= (source: Record<string, unknown>) => source[field.name];
    }
  }
  (built.getType('SearchResult') as GraphQLUnionType).resolveType = searchResultTypeName;
  return built;
}

/** The GraphQL schema, built once per process. */
export function buildAppSchema(): GraphQLSchema {
  schema ??= prepareForJit(
    buildSchemaSync({
      resolvers: RESOLVERS as unknown as [Function, ...Function[]],
      // Inputs are checked by the list-query compiler; object types use `simpleResolvers` (no middleware to run).
      validate: false,
      // Subscriptions bring their own event sources (src/live); type-graphql still asks for a PubSub.
      pubSub: UNUSED_PUB_SUB,
    }),
  );
  return schema;
}

/** The schema in SDL, as committed in `schema.graphql`. */
export function printAppSchema(): string {
  return `${printSchema(buildAppSchema())}\n`;
}
