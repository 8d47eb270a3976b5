import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { Connection } from '../../shared/connection/connection';
import { parseId } from '../../shared/connection/ids';
import { fetchRows, loadChildConnection, loadConnection, resolveRelation, ResolveInfo } from '../../shared/connection/load-list';
import { ListArgs } from '../../shared/list-query/list-query';
import { AgreementNode } from '../agreement/agreement.type';
import { AgreementTextNode } from '../agreement-text/agreement-text.type';
import { CommitmentConnection, CommitmentListArgs, CommitmentNode } from '../commitment/commitment.type';
import { ConstraintConnection, ConstraintListArgs, ConstraintNode } from '../constraint/constraint.type';
import { provisionCollection } from './provision.collection';
import { ProvisionConnection, ProvisionListArgs, ProvisionNode } from './provision.type';
import { sql } from '../../shared/sql/sql';

@Resolver(() => ProvisionNode)
export class ProvisionResolver {
  @Query(() => ProvisionNode, { nullable: true })
  async provision(@Ctx() ctx: RequestContext, @Info() info: ResolveInfo, @Arg('id', () => ID) id: string): Promise<ProvisionNode | null> {
    const [row] = await fetchRows(ctx, provisionCollection, (t) => sql`${t}.id = ${sql.value(parseId(id), 'int')}`, info);
    return row ?? null;
  }

  @Query(() => ProvisionConnection, { description: "Provisions of the agreements' texts, filtered, ordered and paged (reading order by default)." })
  provisions(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => ProvisionListArgs) args: ListArgs,
  ): Promise<Connection<ProvisionNode>> {
    return loadConnection(ctx, provisionCollection, args, info);
  }

  @FieldResolver(() => AgreementNode)
  agreement(@Root() provision: ProvisionNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<AgreementNode>(ctx, provisionCollection, 'agreement', provision, info);
  }

  @FieldResolver(() => AgreementTextNode)
  text(@Root() provision: ProvisionNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<AgreementTextNode>(ctx, provisionCollection, 'text', provision, info);
  }

  @FieldResolver(() => ProvisionNode, { nullable: true, description: 'The provision it stands in; null at the top.' })
  parent(@Root() provision: ProvisionNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<ProvisionNode>(ctx, provisionCollection, 'parent', provision, info);
  }

  @FieldResolver(() => [ProvisionNode], { description: 'The provisions directly under it, in reading order.' })
  children(@Root() provision: ProvisionNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<ProvisionNode>(ctx, provisionCollection, 'children', provision, info);
  }

  @FieldResolver(() => CommitmentConnection, { description: "The commitments coded in it: their quote's first span starts inside it." })
  commitments(
    @Root() provision: ProvisionNode,
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => CommitmentListArgs) args: ListArgs,
  ): Promise<Connection<CommitmentNode>> {
    return loadChildConnection(ctx, provisionCollection.connections!.commitments, provision, args, info);
  }

  @FieldResolver(() => ConstraintConnection, { description: "The constraints coded in it: their quote's first span starts inside it." })
  constraints(
    @Root() provision: ProvisionNode,
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => ConstraintListArgs) args: ListArgs,
  ): Promise<Connection<ConstraintNode>> {
    return loadChildConnection(ctx, provisionCollection.connections!.constraints, provision, args, info);
  }
}
