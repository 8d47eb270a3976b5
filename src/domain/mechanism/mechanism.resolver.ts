import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { DateTimeScalar } from '../../shared/scalars/scalars';
import { AS_OF_DESCRIPTION } from '../../shared/read-view/read-view';
import { Connection } from '../../shared/connection/connection';
import { fetchRows, loadChildConnection, loadConnection, resolveRelation, ResolveInfo } from '../../shared/connection/load-list';
import { ListArgs } from '../../shared/list-query/list-query';
import { CommitmentConnection, CommitmentListArgs, CommitmentNode } from '../commitment/commitment.type';
import { mechanismCollection } from './mechanism.collection';
import { MechanismConnection, MechanismListArgs, MechanismNode } from './mechanism.type';
import { sql } from '../../shared/sql/sql';

@Resolver(() => MechanismNode)
export class MechanismResolver {
  @Query(() => MechanismNode, { nullable: true })
  async mechanism(@Ctx() ctx: RequestContext, @Info() info: ResolveInfo, @Arg('slug') slug: string): Promise<MechanismNode | null> {
    const [row] = await fetchRows(ctx, mechanismCollection, (t) => sql`${t}.slug = ${sql.value(slug, 'text')}`, info);
    return row ?? null;
  }

  @Query(() => MechanismConnection)
  mechanisms(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => MechanismListArgs) args: ListArgs,
    @Arg('asOf', () => DateTimeScalar, { nullable: true, description: AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<Connection<MechanismNode>> {
    return loadConnection(ctx, mechanismCollection, { ...args, asOf }, info);
  }

  @FieldResolver(() => MechanismNode, { nullable: true })
  parent(@Root() mechanism: MechanismNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<MechanismNode>(ctx, mechanismCollection, 'parent', mechanism, info);
  }

  @FieldResolver(() => [MechanismNode])
  children(@Root() mechanism: MechanismNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<MechanismNode>(ctx, mechanismCollection, 'children', mechanism, info);
  }

  @FieldResolver(() => CommitmentConnection, { description: 'Commitments that work through this mechanism.' })
  commitments(
    @Root() mechanism: MechanismNode,
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => CommitmentListArgs) args: ListArgs,
  ): Promise<Connection<CommitmentNode>> {
    return loadChildConnection(ctx, mechanismCollection.connections!.commitments, mechanism, args, info);
  }
}
