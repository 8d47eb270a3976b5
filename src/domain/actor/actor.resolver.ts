import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { Connection } from '../../shared/connection/connection';
import { loadChildConnection, loadConnection } from '../../shared/connection/load-list';
import { ListArgs } from '../../shared/list-query/list-query';
import { agreementCollection } from '../agreement/agreement.collection';
import { AgreementConnection, AgreementListArgs, AgreementNode } from '../agreement/agreement.type';
import { commitmentCollection } from '../commitment/commitment.collection';
import { CommitmentConnection, CommitmentListArgs, CommitmentNode } from '../commitment/commitment.type';
import { relations } from '../relations';
import { actorCollection } from './actor.collection';
import { ActorConnection, ActorListArgs, ActorNode } from './actor.type';

@Resolver(() => ActorNode)
export class ActorResolver {
  @Query(() => ActorNode, { nullable: true, description: 'One actor by code (JP, UA, EU, G7, ...).' })
  async actor(@Ctx() ctx: RequestContext, @Arg('code') code: string): Promise<ActorNode | null> {
    const rows = await ctx.sql<ActorNode>(`SELECT ${actorCollection.select('t0')} FROM actor t0 WHERE t0.code = $1`, [code]);
    return rows[0] ?? null;
  }

  @Query(() => ActorConnection)
  actors(@Ctx() ctx: RequestContext, @Args(() => ActorListArgs) args: ListArgs): Promise<Connection<ActorNode>> {
    return loadConnection(ctx, actorCollection, args);
  }

  @FieldResolver(() => AgreementConnection, { description: 'Agreements it is a party to.' })
  agreements(@Root() actor: ActorNode, @Ctx() ctx: RequestContext, @Args(() => AgreementListArgs) args: ListArgs): Promise<Connection<AgreementNode>> {
    return loadChildConnection(ctx, agreementCollection, relations.actorAgreements, actor.id, args);
  }

  @FieldResolver(() => CommitmentConnection, { description: 'Commitments it makes (as provider).' })
  commitments(@Root() actor: ActorNode, @Ctx() ctx: RequestContext, @Args(() => CommitmentListArgs) args: ListArgs): Promise<Connection<CommitmentNode>> {
    return loadChildConnection(ctx, commitmentCollection, relations.actorCommitments, actor.id, args);
  }
}
