import { Arg, Args, ClassType, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { Connection } from '../connection/connection';
import { loadConnection, resolveRelation, ResolveInfo } from '../connection/load-list';
import { RequestContext } from '../context/request-context';
import { CollectionSpec } from '../list-query/collection-spec';
import { ListArgs } from '../list-query/list-query';
import { DateTimeScalar } from '../scalars/scalars';
import { ChangeListArgs, historyCollection, HistoryEntryConnection, HistoryEntryNode } from './history.type';
import { actorAsSeenBy, checkActorFilter } from '../auth/actor-visibility';

@Resolver()
export class ChangesResolver {
  @Query(() => HistoryEntryConnection, { description: 'Every change to the corpus, oldest first (ID_DESC for newest first), since a moment.' })
  changes(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => ChangeListArgs) args: ListArgs,
    @Arg('since', () => DateTimeScalar, { nullable: true, description: 'Only changes made at or after this moment.' }) since?: Date | null,
  ): Promise<Connection<HistoryEntryNode>> {
    checkActorFilter(ctx, args.filter);
    const filter = since ? { and: [args.filter ?? {}, { at: { gte: since } }] } : args.filter;
    return loadConnection(ctx, historyCollection, { ...args, filter }, info);
  }
}

/** The fields of a history entry that depend on who asks (`history`, `changes` and `corpusChanged` alike). */
@Resolver(() => HistoryEntryNode)
export class HistoryEntryResolver {
  @FieldResolver(() => String, { nullable: true })
  actor(@Root() entry: HistoryEntryNode, @Ctx() ctx: RequestContext): string | null {
    return actorAsSeenBy(ctx.principal, entry.actor);
  }
}

/**
 * The resolver of `history` on a curated type: its row's changes (and those of the links it owns), embedded in
 * the statement that reads the row like any other relation.
 */
export function historyResolver(node: ClassType, collection: CollectionSpec<any>): ClassType {
  @Resolver(() => node)
  class HistoryFieldResolver {
    @FieldResolver(() => [HistoryEntryNode], { description: 'Every change to this row, oldest first: who, when, what, before and after.' })
    history(@Root() row: object, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
      return resolveRelation<HistoryEntryNode>(ctx, collection, 'history', row, info);
    }
  }
  Object.defineProperty(HistoryFieldResolver, 'name', { value: `${collection.name}HistoryResolver` });
  return HistoryFieldResolver;
}
