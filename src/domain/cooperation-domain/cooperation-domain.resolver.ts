import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { Connection } from '../../shared/connection/connection';
import { loadById, loadChildConnection, loadRelated } from '../../shared/connection/load-list';
import { NotFoundError } from '../../shared/errors/errors';
import { ListArgs } from '../../shared/list-query/list-query';
import { commitmentCollection } from '../commitment/commitment.collection';
import { CommitmentConnection, CommitmentListArgs, CommitmentNode } from '../commitment/commitment.type';
import { relations } from '../relations';
import { domainCollection } from './cooperation-domain.collection';
import { CooperationDomainNode } from './cooperation-domain.type';

const CHILDREN_SQL = `SELECT t0.parent_id AS "__parent", ${domainCollection.select('t0')} FROM cooperation_domain t0 WHERE t0.parent_id = ANY($1::int[]) ORDER BY t0.id`;

@Resolver(() => CooperationDomainNode)
export class CooperationDomainResolver {
  @Query(() => [CooperationDomainNode], {
    description: 'The cooperation-domain tree: its roots (or the children of `under`), each with `children` to descend.',
  })
  async domains(@Ctx() ctx: RequestContext, @Arg('under', () => String, { nullable: true }) under?: string | null): Promise<CooperationDomainNode[]> {
    if (under == null) {
      return ctx.sql(`SELECT ${domainCollection.select('t0')} FROM cooperation_domain t0 WHERE t0.parent_id IS NULL ORDER BY t0.id`);
    }
    const [parent] = await ctx.sql<{ id: number }>('SELECT id FROM cooperation_domain WHERE slug = $1', [under]);
    if (!parent) throw new NotFoundError(`no cooperation domain with slug "${under}"`);
    return ctx.sql(`SELECT ${domainCollection.select('t0')} FROM cooperation_domain t0 WHERE t0.parent_id = $1 ORDER BY t0.id`, [parent.id]);
  }

  @Query(() => CooperationDomainNode, { nullable: true })
  async domain(@Ctx() ctx: RequestContext, @Arg('slug') slug: string): Promise<CooperationDomainNode | null> {
    const rows = await ctx.sql<CooperationDomainNode>(`SELECT ${domainCollection.select('t0')} FROM cooperation_domain t0 WHERE t0.slug = $1`, [slug]);
    return rows[0] ?? null;
  }

  @FieldResolver(() => CooperationDomainNode, { nullable: true })
  parent(@Root() domain: CooperationDomainNode, @Ctx() ctx: RequestContext): Promise<CooperationDomainNode | null> | null {
    return domain.parentId === null ? null : loadById(ctx, domainCollection, domain.parentId);
  }

  @FieldResolver(() => [CooperationDomainNode])
  children(@Root() domain: CooperationDomainNode, @Ctx() ctx: RequestContext): Promise<CooperationDomainNode[]> {
    return loadRelated(ctx, 'CooperationDomain.children', CHILDREN_SQL, domain.id);
  }

  @FieldResolver(() => CommitmentConnection, { description: 'Commitments in this domain or any domain under it.' })
  commitments(@Root() domain: CooperationDomainNode, @Ctx() ctx: RequestContext, @Args(() => CommitmentListArgs) args: ListArgs): Promise<Connection<CommitmentNode>> {
    return loadChildConnection(ctx, commitmentCollection, relations.domainCommitments, domain.id, args);
  }
}
