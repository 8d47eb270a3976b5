import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { DateTimeScalar } from '../../shared/scalars/scalars';
import { AS_OF_DESCRIPTION } from '../../shared/read-view/read-view';
import { Connection } from '../../shared/connection/connection';
import { fetchRows, loadChildConnection, loadConnection, ResolveInfo } from '../../shared/connection/load-list';
import { ListArgs } from '../../shared/list-query/list-query';
import { AgreementConnection, AgreementListArgs, AgreementNode } from '../agreement/agreement.type';
import { CommitmentConnection, CommitmentListArgs, CommitmentNode } from '../commitment/commitment.type';
import { actorCollection } from './actor.collection';
import { ActorConnection, ActorListArgs, ActorNode } from './actor.type';
import { sql } from '../../shared/sql/sql';

@Resolver(() => ActorNode)
export class ActorResolver {
  @Query(() => ActorNode, { nullable: true, description: 'One actor by code (JP, UA, EU, G7, ...).' })
  async actor(@Ctx() ctx: RequestContext, @Info() info: ResolveInfo, @Arg('code') code: string): Promise<ActorNode | null> {
    const [row] = await fetchRows(ctx, actorCollection, (t) => sql`${t}.code = ${sql.value(code, 'text')}`, info);
    return row ?? null;
  }

  @Query(() => ActorConnection)
  actors(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => ActorListArgs) args: ListArgs,
    @Arg('asOf', () => DateTimeScalar, { nullable: true, description: AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<Connection<ActorNode>> {
    return loadConnection(ctx, actorCollection, { ...args, asOf }, info);
  }

  @FieldResolver(() => AgreementConnection, { description: 'Agreements it is a party to.' })
  agreements(
    @Root() actor: ActorNode,
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => AgreementListArgs) args: ListArgs,
  ): Promise<Connection<AgreementNode>> {
    return loadChildConnection(ctx, actorCollection.connections!.agreements, actor, args, info);
  }

  @FieldResolver(() => CommitmentConnection, { description: 'Commitments it makes (as provider).' })
  commitments(
    @Root() actor: ActorNode,
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => CommitmentListArgs) args: ListArgs,
  ): Promise<Connection<CommitmentNode>> {
    return loadChildConnection(ctx, actorCollection.connections!.commitments, actor, args, info);
  }
}
