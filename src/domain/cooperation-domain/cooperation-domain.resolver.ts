import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { Connection } from '../../shared/connection/connection';
import { fetchRows, loadChildConnection, resolveRelation, ResolveInfo } from '../../shared/connection/load-list';
import { NotFoundError } from '../../shared/errors/errors';
import { ListArgs } from '../../shared/list-query/list-query';
import { CommitmentConnection, CommitmentListArgs, CommitmentNode } from '../commitment/commitment.type';
import { domainCollection } from './cooperation-domain.collection';
import { CooperationDomainNode } from './cooperation-domain.type';
import { queryRows, sql } from '../../shared/sql/sql';

@Resolver(() => CooperationDomainNode)
export class CooperationDomainResolver {
  @Query(() => [CooperationDomainNode], {
    description: 'The cooperation-domain tree: its roots (or the children of `under`), each with `children` to descend.',
  })
  async domains(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Arg('under', () => String, { nullable: true }) under?: string | null,
  ): Promise<CooperationDomainNode[]> {
    if (under == null)
      return fetchRows(
        ctx,
        domainCollection,
        (t) => sql`${t}.parent_id IS NULL`,
        info,
        (t) => sql`${t}.id`,
      );
    const [parent] = await queryRows<{ id: number }>(ctx.sql, sql`SELECT id FROM cooperation_domain WHERE slug = ${sql.value(under)}`);
    if (!parent) throw new NotFoundError(`no cooperation domain with slug "${under}"`);
    return fetchRows(
      ctx,
      domainCollection,
      (t) => sql`${t}.parent_id = ${sql.value(parent.id, 'int')}`,
      info,
      (t) => sql`${t}.id`,
    );
  }

  @Query(() => CooperationDomainNode, { nullable: true })
  async domain(@Ctx() ctx: RequestContext, @Info() info: ResolveInfo, @Arg('slug') slug: string): Promise<CooperationDomainNode | null> {
    const [row] = await fetchRows(ctx, domainCollection, (t) => sql`${t}.slug = ${sql.value(slug, 'text')}`, info);
    return row ?? null;
  }

  @FieldResolver(() => CooperationDomainNode, { nullable: true })
  parent(@Root() domain: CooperationDomainNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<CooperationDomainNode>(ctx, domainCollection, 'parent', domain, info);
  }

  @FieldResolver(() => [CooperationDomainNode])
  children(@Root() domain: CooperationDomainNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<CooperationDomainNode>(ctx, domainCollection, 'children', domain, info);
  }

  @FieldResolver(() => CommitmentConnection, { description: 'Commitments in this domain or any domain under it.' })
  commitments(
    @Root() domain: CooperationDomainNode,
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => CommitmentListArgs) args: ListArgs,
  ): Promise<Connection<CommitmentNode>> {
    return loadChildConnection(ctx, domainCollection.connections!.commitments, domain, args, info);
  }
}
