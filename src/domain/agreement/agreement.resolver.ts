import { Arg, Args, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { DateTimeScalar } from '../../shared/scalars/scalars';
import { AS_OF_DESCRIPTION } from '../../shared/read-view/read-view';
import { Connection } from '../../shared/connection/connection';
import { parseId } from '../../shared/connection/ids';
import { fetchRows, loadChildConnection, loadConnection, resolveRelation, ResolveInfo } from '../../shared/connection/load-list';
import { BadUserInputError } from '../../shared/errors/errors';
import { ListArgs, viewOf } from '../../shared/list-query/list-query';
import { ActorNode } from '../actor/actor.type';
import { CommitmentConnection, CommitmentListArgs, CommitmentNode } from '../commitment/commitment.type';
import { ConstraintConnection, ConstraintListArgs, ConstraintNode } from '../constraint/constraint.type';
import { CooperationDomainNode } from '../cooperation-domain/cooperation-domain.type';
import { SourceNode } from '../source/source.type';
import { AgreementTextNode } from '../agreement-text/agreement-text.type';
import { agreementCollection, partyCollection } from './agreement.collection';
import { AgreementConnection, AgreementListArgs, AgreementNode, Party } from './agreement.type';
import { sql } from '../../shared/sql/sql';

@Resolver(() => AgreementNode)
export class AgreementResolver {
  @Query(() => AgreementNode, { nullable: true, description: 'One agreement by slug or id; null when there is none.' })
  async agreement(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Arg('slug', () => String, { nullable: true }) slug?: string | null,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
    @Arg('asOf', () => DateTimeScalar, { nullable: true, description: AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<AgreementNode | null> {
    if ((slug == null) === (id == null)) throw new BadUserInputError('pass exactly one of slug or id');
    const [row] = await fetchRows(
      ctx,
      agreementCollection,
      (t) => (id != null ? sql`${t}.id = ${sql.value(parseId(id), 'int')}` : sql`${t}.slug = ${sql.value(slug, 'text')}`),
      info,
      undefined,
      viewOf({ asOf }),
    );
    return row ?? null;
  }

  @Query(() => AgreementConnection, { description: 'Agreements, filtered, ordered and paged.' })
  agreements(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => AgreementListArgs) args: ListArgs,
    @Arg('asOf', () => DateTimeScalar, { nullable: true, description: AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<Connection<AgreementNode>> {
    return loadConnection(ctx, agreementCollection, { ...args, asOf }, info);
  }

  @FieldResolver(() => AgreementNode, {
    nullable: true,
    description: 'The framework this agreement rests on (the G7 Joint Declaration for the 2024 agreements).',
  })
  framework(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<AgreementNode>(ctx, agreementCollection, 'framework', agreement, info);
  }

  @FieldResolver(() => AgreementConnection, { description: 'Agreements that rest on this one as their framework.' })
  basedOnIt(
    @Root() agreement: AgreementNode,
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => AgreementListArgs) args: ListArgs,
  ): Promise<Connection<AgreementNode>> {
    return loadChildConnection(ctx, agreementCollection.connections!.basedOnIt, agreement, args, info);
  }

  @FieldResolver(() => AgreementTextNode, {
    nullable: true,
    description: 'The reference version of its own text; null where no text is attached (see README: where the official texts are published).',
  })
  text(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<AgreementTextNode>(ctx, agreementCollection, 'text', agreement, info);
  }

  @FieldResolver(() => [AgreementTextNode], { description: 'Every version of its text: the reference first, then by language, newest first.' })
  texts(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<AgreementTextNode>(ctx, agreementCollection, 'texts', agreement, info);
  }

  @FieldResolver(() => [Party])
  parties(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<Party>(ctx, agreementCollection, 'parties', agreement, info);
  }

  @FieldResolver(() => CommitmentConnection)
  commitments(
    @Root() agreement: AgreementNode,
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => CommitmentListArgs) args: ListArgs,
  ): Promise<Connection<CommitmentNode>> {
    return loadChildConnection(ctx, agreementCollection.connections!.commitments, agreement, args, info);
  }

  @FieldResolver(() => ConstraintConnection)
  constraints(
    @Root() agreement: AgreementNode,
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => ConstraintListArgs) args: ListArgs,
  ): Promise<Connection<ConstraintNode>> {
    return loadChildConnection(ctx, agreementCollection.connections!.constraints, agreement, args, info);
  }

  @FieldResolver(() => [CooperationDomainNode], { description: 'The domains its commitments serve.' })
  domains(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<CooperationDomainNode>(ctx, agreementCollection, 'domains', agreement, info);
  }

  @FieldResolver(() => [SourceNode], { description: 'Every source its facts, commitments and constraints are traced to.' })
  sources(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<SourceNode>(ctx, agreementCollection, 'sources', agreement, info);
  }
}

@Resolver(() => Party)
export class PartyResolver {
  @FieldResolver(() => ActorNode)
  actor(@Root() party: Party, @Ctx() ctx: RequestContext, @Info() info: ResolveInfo) {
    return resolveRelation<ActorNode>(ctx, partyCollection, 'actor', party, info);
  }
}
