import { Arg, Args, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { DateTimeScalar } from '../../shared/scalars/scalars';
import { AS_OF_DESCRIPTION } from '../../shared/read-view/read-view';
import { Connection } from '../../shared/connection/connection';
import { parseId } from '../../shared/connection/ids';
import { fetchRows, loadConnection, resolveRelation, ResolveInfo } from '../../shared/connection/load-list';
import { ListArgs } from '../../shared/list-query/list-query';
import { ActorNode } from '../actor/actor.type';
import { AgreementNode } from '../agreement/agreement.type';
import { CommitmentNode } from '../commitment/commitment.type';
import { SourceNode } from '../source/source.type';
import { constraintCollection } from './constraint.collection';
import { ConstraintConnection, ConstraintListArgs, ConstraintNode } from './constraint.type';
import { TextSpanNode } from '../agreement-text/agreement-text.type';
import { ProvisionNode } from '../provision/provision.type';
import { loadQuoteContext } from '../agreement-text/quote-context';
import { sql } from '../../shared/sql/sql';

@Resolver(() => ConstraintNode)
export class ConstraintResolver {
  @Query(() => ConstraintNode, { nullable: true })
  async constraint(@Ctx() ctx: RequestContext, @Info() info: ResolveInfo, @Arg('id', () => ID) id: string): Promise<ConstraintNode | null> {
    const [row] = await fetchRows(ctx, constraintCollection, (t) => sql`${t}.id = ${sql.value(parseId(id), 'int')}`, info);
    return row ?? null;
  }

  @Query(() => ConstraintConnection, { description: 'Constraints across all agreements, filtered, ordered and paged.' })
  constraints(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => ConstraintListArgs) args: ListArgs,
    @Arg('asOf', () => DateTimeScalar, { nullable: true, description: AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<Connection<ConstraintNode>> {
    return loadConnection(ctx, constraintCollection, { ...args, asOf }, info);
  }

  @FieldResolver(() => AgreementNode)
  agreement(@Root() constraint: ConstraintNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<AgreementNode>(ctx, constraintCollection, 'agreement', constraint, info);
  }

  @FieldResolver(() => ActorNode, { nullable: true, description: 'The party whose commitments it limits.' })
  actor(@Root() constraint: ConstraintNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<ActorNode>(ctx, constraintCollection, 'actor', constraint, info);
  }

  @FieldResolver(() => SourceNode)
  source(@Root() constraint: ConstraintNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<SourceNode>(ctx, constraintCollection, 'source', constraint, info);
  }

  @FieldResolver(() => [SourceNode], {
    description: "Other sources that report the same limit (not the quote's words): the constraint rests on `source` and on these.",
  })
  corroboratedBy(@Root() constraint: ConstraintNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<SourceNode>(ctx, constraintCollection, 'corroboratedBy', constraint, info);
  }

  @FieldResolver(() => [CommitmentNode], { description: 'The commitments it limits.' })
  restricts(@Root() constraint: ConstraintNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<CommitmentNode>(ctx, constraintCollection, 'restricts', constraint, info);
  }

  @FieldResolver(() => [TextSpanNode], {
    nullable: true,
    description:
      'Where the quote stands in an agreement text: one span, or several where the quote skips words (joined by " … " in `quote`). Empty when the quote is not from a text.',
  })
  quoteSpans(@Root() row: ConstraintNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<TextSpanNode>(ctx, constraintCollection, 'quoteSpans', row, info);
  }

  @FieldResolver(() => ProvisionNode, { nullable: true, description: "The provision of the agreement text the quote's first span starts in." })
  provision(@Root() row: ConstraintNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<ProvisionNode>(ctx, constraintCollection, 'provision', row, info);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The words around the quote in its agreement text, whole words, with the quote marked <mark>…</mark>; null when the quote has no span or the text is not loaded.',
  })
  context(
    @Root() row: ConstraintNode,
    @Ctx() ctx: RequestContext,
    @Arg('chars', () => Int, { nullable: true, description: 'Characters of text on each side of the quote (default 200, at most 2000).' })
    chars?: number | null,
  ): Promise<string | null> {
    return loadQuoteContext(ctx, 'constraint', row.id, chars);
  }
}
