import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { Connection } from '../../shared/connection/connection';
import { loadById, loadChildConnection, loadConnection, loadRelated } from '../../shared/connection/load-list';
import { ListArgs } from '../../shared/list-query/list-query';
import { commitmentCollection } from '../commitment/commitment.collection';
import { CommitmentConnection, CommitmentListArgs, CommitmentNode } from '../commitment/commitment.type';
import { relations } from '../relations';
import { mechanismCollection } from './mechanism.collection';
import { MechanismConnection, MechanismListArgs, MechanismNode } from './mechanism.type';

const CHILDREN_SQL = `SELECT t0.parent_id AS "__parent", ${mechanismCollection.select('t0')} FROM mechanism t0 WHERE t0.parent_id = ANY($1::int[]) ORDER BY t0.slug`;

@Resolver(() => MechanismNode)
export class MechanismResolver {
  @Query(() => MechanismNode, { nullable: true })
  async mechanism(@Ctx() ctx: RequestContext, @Arg('slug') slug: string): Promise<MechanismNode | null> {
    const rows = await ctx.sql<MechanismNode>(`SELECT ${mechanismCollection.select('t0')} FROM mechanism t0 WHERE t0.slug = $1`, [slug]);
    return rows[0] ?? null;
  }

  @Query(() => MechanismConnection)
  mechanisms(@Ctx() ctx: RequestContext, @Args(() => MechanismListArgs) args: ListArgs): Promise<Connection<MechanismNode>> {
    return loadConnection(ctx, mechanismCollection, args);
  }

  @FieldResolver(() => MechanismNode, { nullable: true })
  parent(@Root() mechanism: MechanismNode, @Ctx() ctx: RequestContext): Promise<MechanismNode | null> | null {
    return mechanism.parentId === null ? null : loadById(ctx, mechanismCollection, mechanism.parentId);
  }

  @FieldResolver(() => [MechanismNode])
  children(@Root() mechanism: MechanismNode, @Ctx() ctx: RequestContext): Promise<MechanismNode[]> {
    return loadRelated(ctx, 'Mechanism.children', CHILDREN_SQL, mechanism.id);
  }

  @FieldResolver(() => CommitmentConnection, { description: 'Commitments that work through this mechanism.' })
  commitments(@Root() mechanism: MechanismNode, @Ctx() ctx: RequestContext, @Args(() => CommitmentListArgs) args: ListArgs): Promise<Connection<CommitmentNode>> {
    return loadChildConnection(ctx, commitmentCollection, relations.mechanismCommitments, mechanism.id, args);
  }
}
