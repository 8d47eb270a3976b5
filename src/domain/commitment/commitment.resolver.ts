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
import { ConstraintNode } from '../constraint/constraint.type';
import { CooperationDomainNode } from '../cooperation-domain/cooperation-domain.type';
import { MechanismNode } from '../mechanism/mechanism.type';
import { SourceNode } from '../source/source.type';
import { commitmentCollection } from './commitment.collection';
import { CommitmentConnection, CommitmentListArgs, CommitmentNode } from './commitment.type';
import { TextSpanNode } from '../agreement-text/agreement-text.type';
import { ProvisionNode } from '../provision/provision.type';
import { loadQuoteContext } from '../agreement-text/quote-context';
import { sql } from '../../shared/sql/sql';

@Resolver(() => CommitmentNode)
export class CommitmentResolver {
  @Query(() => CommitmentNode, { nullable: true })
  async commitment(@Ctx() ctx: RequestContext, @Info() info: ResolveInfo, @Arg('id', () => ID) id: string): Promise<CommitmentNode | null> {
    const [row] = await fetchRows(ctx, commitmentCollection, (t) => sql`${t}.id = ${sql.value(parseId(id), 'int')}`, info);
    return row ?? null;
  }

  @Query(() => CommitmentConnection, { description: 'Commitments across all agreements, filtered, ordered and paged.' })
  commitments(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => CommitmentListArgs) args: ListArgs,
    @Arg('asOf', () => DateTimeScalar, { nullable: true, description: AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<Connection<CommitmentNode>> {
    return loadConnection(ctx, commitmentCollection, { ...args, asOf }, info);
  }

  @FieldResolver(() => AgreementNode)
  agreement(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<AgreementNode>(ctx, commitmentCollection, 'agreement', commitment, info);
  }

  @FieldResolver(() => ActorNode, { nullable: true, description: 'Who commits.' })
  provider(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<ActorNode>(ctx, commitmentCollection, 'provider', commitment, info);
  }

  @FieldResolver(() => ActorNode, { nullable: true, description: 'To whom.' })
  beneficiary(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<ActorNode>(ctx, commitmentCollection, 'beneficiary', commitment, info);
  }

  @FieldResolver(() => CommitmentNode, {
    nullable: true,
    description: "The commitment whose amount already contains this one's: sums count the money once.",
  })
  includedIn(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<CommitmentNode>(ctx, commitmentCollection, 'includedIn', commitment, info);
  }

  @FieldResolver(() => SourceNode, { description: 'The document that carries the quote.' })
  source(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<SourceNode>(ctx, commitmentCollection, 'source', commitment, info);
  }

  @FieldResolver(() => [SourceNode], {
    description: "Other sources that report the same undertaking (not the quote's words): the commitment rests on `source` and on these.",
  })
  corroboratedBy(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<SourceNode>(ctx, commitmentCollection, 'corroboratedBy', commitment, info);
  }

  @FieldResolver(() => [CooperationDomainNode])
  domains(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<CooperationDomainNode>(ctx, commitmentCollection, 'domains', commitment, info);
  }

  @FieldResolver(() => [MechanismNode])
  mechanisms(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<MechanismNode>(ctx, commitmentCollection, 'mechanisms', commitment, info);
  }

  @FieldResolver(() => [ConstraintNode], { description: 'The constraints that limit this commitment.' })
  restrictedBy(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<ConstraintNode>(ctx, commitmentCollection, 'restrictedBy', commitment, info);
  }

  @FieldResolver(() => [TextSpanNode], {
    nullable: true,
    description:
      'Where the quote stands in an agreement text: one span, or several where the quote skips words (joined by " … " in `quote`). Empty when the quote is not from a text.',
  })
  quoteSpans(@Root() row: CommitmentNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<TextSpanNode>(ctx, commitmentCollection, 'quoteSpans', row, info);
  }

  @FieldResolver(() => ProvisionNode, { nullable: true, description: "The provision of the agreement text the quote's first span starts in." })
  provision(@Root() row: CommitmentNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<ProvisionNode>(ctx, commitmentCollection, 'provision', row, info);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The words around the quote in its agreement text, whole words, with the quote marked <mark>…</mark>; null when the quote has no span or the text is not loaded.',
  })
  context(
    @Root() row: CommitmentNode,
    @Ctx() ctx: RequestContext,
    @Arg('chars', () => Int, { nullable: true, description: 'Characters of text on each side of the quote (default 200, at most 2000).' })
    chars?: number | null,
  ): Promise<string | null> {
    return loadQuoteContext(ctx, 'commitment', row.id, chars);
  }
}
