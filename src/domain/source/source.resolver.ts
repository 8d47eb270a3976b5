import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { DateTimeScalar } from '../../shared/scalars/scalars';
import { AS_OF_DESCRIPTION } from '../../shared/read-view/read-view';
import { Connection } from '../../shared/connection/connection';
import { fetchRows, loadChildConnection, loadConnection, ResolveInfo } from '../../shared/connection/load-list';
import { ListArgs } from '../../shared/list-query/list-query';
import { CommitmentConnection, CommitmentListArgs, CommitmentNode } from '../commitment/commitment.type';
import { ConstraintConnection, ConstraintListArgs, ConstraintNode } from '../constraint/constraint.type';
import { sourceCollection } from './source.collection';
import { SourceConnection, SourceListArgs, SourceNode } from './source.type';
import { sql } from '../../shared/sql/sql';

@Resolver(() => SourceNode)
export class SourceResolver {
  @Query(() => SourceNode, { nullable: true, description: 'One source by its key.' })
  async source(@Ctx() ctx: RequestContext, @Info() info: ResolveInfo, @Arg('key') key: string): Promise<SourceNode | null> {
    const [row] = await fetchRows(ctx, sourceCollection, (t) => sql`${t}.key = ${sql.value(key, 'text')}`, info);
    return row ?? null;
  }

  @Query(() => SourceConnection)
  sources(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => SourceListArgs) args: ListArgs,
    @Arg('asOf', () => DateTimeScalar, { nullable: true, description: AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<Connection<SourceNode>> {
    return loadConnection(ctx, sourceCollection, { ...args, asOf }, info);
  }

  @FieldResolver(() => CommitmentConnection, { description: 'Commitments traced to this source.' })
  commitments(
    @Root() source: SourceNode,
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => CommitmentListArgs) args: ListArgs,
  ): Promise<Connection<CommitmentNode>> {
    return loadChildConnection(ctx, sourceCollection.connections!.commitments, source, args, info);
  }

  @FieldResolver(() => ConstraintConnection, { description: 'Constraints traced to this source.' })
  constraints(
    @Root() source: SourceNode,
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => ConstraintListArgs) args: ListArgs,
  ): Promise<Connection<ConstraintNode>> {
    return loadChildConnection(ctx, sourceCollection.connections!.constraints, source, args, info);
  }
}
