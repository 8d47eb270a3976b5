import { createUnionType, Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfo } from '../../shared/connection/connection';
import { AgreementNode } from '../agreement/agreement.type';
import { CommitmentNode } from '../commitment/commitment.type';
import { ConstraintNode } from '../constraint/constraint.type';
import { ProvisionNode } from '../provision/provision.type';

export enum SearchHitKind {
  AGREEMENT = 'AGREEMENT',
  COMMITMENT = 'COMMITMENT',
  CONSTRAINT = 'CONSTRAINT',
  PROVISION = 'PROVISION',
}
registerEnumType(SearchHitKind, { name: 'SearchHitKind' });

/**
 * The GraphQL type of a search hit's node. Hits carry the table they came from (`__kind`); nothing else tells the
 * node types apart reliably. Synchronous, as graphql-jit requires of `resolveType`.
 */
export function searchResultTypeName(value: unknown): string {
  const kind = (value as { __kind?: SearchHitKind }).__kind;
  return kind === SearchHitKind.AGREEMENT
    ? 'Agreement'
    : kind === SearchHitKind.COMMITMENT
      ? 'Commitment'
      : kind === SearchHitKind.PROVISION
        ? 'Provision'
        : 'Constraint';
}

export const SearchResult = createUnionType({
  name: 'SearchResult',
  types: () => [AgreementNode, CommitmentNode, ConstraintNode, ProvisionNode] as const,
  resolveType: searchResultTypeName,
});

@ObjectType({ simpleResolvers: true, description: 'One match of a full-text search, with its relevance and the matching passage highlighted.' })
export class SearchHit {
  @Field(() => SearchHitKind) kind!: SearchHitKind;
  @Field(() => Float, { description: 'ts_rank relevance; higher is better.' }) rank!: number;
  @Field({ description: 'The best passages, matched words wrapped in <mark>...</mark>.' }) highlight!: string;
  @Field(() => SearchResult) node!: typeof SearchResult;
}

@ObjectType({ simpleResolvers: true })
export class SearchHitEdge {
  @Field() cursor!: string;
  @Field(() => SearchHit) node!: SearchHit;
}

@ObjectType({ simpleResolvers: true, description: 'A page of search hits, most relevant first.' })
export class SearchConnection {
  @Field(() => [SearchHitEdge]) edges!: SearchHitEdge[];
  @Field(() => [SearchHit]) nodes!: SearchHit[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}
