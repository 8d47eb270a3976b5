import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { Connection } from '../../shared/connection/connection';
import { parseId } from '../../shared/connection/ids';
import { loadById, loadChildConnection, loadConnection, loadRelated } from '../../shared/connection/load-list';
import { BadUserInputError } from '../../shared/errors/errors';
import { ListArgs } from '../../shared/list-query/list-query';
import { commitmentCollection } from '../commitment/commitment.collection';
import { CommitmentConnection, CommitmentListArgs, CommitmentNode } from '../commitment/commitment.type';
import { constraintCollection } from '../constraint/constraint.collection';
import { ConstraintConnection, ConstraintListArgs, ConstraintNode } from '../constraint/constraint.type';
import { domainCollection } from '../cooperation-domain/cooperation-domain.collection';
import { CooperationDomainNode } from '../cooperation-domain/cooperation-domain.type';
import { sourceCollection } from '../source/source.collection';
import { SourceNode } from '../source/source.type';
import { relations } from '../relations';
import { agreementCollection } from './agreement.collection';
import { AgreementConnection, AgreementListArgs, AgreementNode, Party } from './agreement.type';

const PARTIES_SQL =
  `SELECT p.agreement_id AS "__parent", p.role, a.id, a.code, a.name, a.kind FROM agreement_party p` +
  ` JOIN actor a ON a.id = p.actor_id WHERE p.agreement_id = ANY($1::int[]) ORDER BY p.role, a.code`;

const DOMAINS_SQL =
  `SELECT DISTINCT c.agreement_id AS "__parent", ${domainCollection.select('d')} FROM commitment c` +
  ` JOIN commitment_domain cd ON cd.commitment_id = c.id JOIN cooperation_domain d ON d.id = cd.domain_id` +
  ` WHERE c.agreement_id = ANY($1::int[]) ORDER BY d.slug`;

// Every source the agreement's facts are traced to: its own, and those of its commitments and constraints.
const SOURCES_SQL =
  `SELECT DISTINCT x.parent AS "__parent", ${sourceCollection.select('s')} FROM (` +
  ` SELECT agreement_id AS parent, source_id FROM agreement_source WHERE agreement_id = ANY($1::int[])` +
  ` UNION SELECT agreement_id, source_id FROM commitment WHERE agreement_id = ANY($1::int[])` +
  ` UNION SELECT agreement_id, source_id FROM agreement_constraint WHERE agreement_id = ANY($1::int[])` +
  `) x JOIN source s ON s.id = x.source_id ORDER BY s.id`;

@Resolver(() => AgreementNode)
export class AgreementResolver {
  @Query(() => AgreementNode, { nullable: true, description: 'One agreement by slug or id; null when there is none.' })
  async agreement(
    @Ctx() ctx: RequestContext,
    @Arg('slug', () => String, { nullable: true }) slug?: string | null,
    @Arg('id', () => ID, { nullable: true }) id?: string | null,
  ): Promise<AgreementNode | null> {
    if ((slug == null) === (id == null)) throw new BadUserInputError('pass exactly one of slug or id');
    if (id != null) return loadById(ctx, agreementCollection, parseId(id));
    const rows = await ctx.sql(`SELECT ${agreementCollection.select('t0')} FROM agreement t0 WHERE t0.slug = $1`, [slug]);
    return (rows[0] as AgreementNode | undefined) ?? null;
  }

  @Query(() => AgreementConnection, { description: 'Agreements, filtered, ordered and paged.' })
  agreements(@Ctx() ctx: RequestContext, @Args(() => AgreementListArgs) args: ListArgs): Promise<Connection<AgreementNode>> {
    return loadConnection(ctx, agreementCollection, args);
  }

  @FieldResolver(() => AgreementNode, { nullable: true, description: 'The framework this agreement rests on (the G7 Joint Declaration for the 2024 agreements).' })
  framework(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext): Promise<AgreementNode | null> | null {
    return agreement.frameworkId === null ? null : loadById(ctx, agreementCollection, agreement.frameworkId);
  }

  @FieldResolver(() => AgreementConnection, { description: 'Agreements that rest on this one as their framework.' })
  basedOnIt(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext, @Args(() => AgreementListArgs) args: ListArgs): Promise<Connection<AgreementNode>> {
    return loadChildConnection(ctx, agreementCollection, relations.frameworkAgreements, agreement.id, args);
  }

  @FieldResolver(() => [Party])
  parties(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext): Promise<Party[]> {
    return loadRelated(ctx, 'Agreement.parties', PARTIES_SQL, agreement.id, (row) => ({
      role: row.role,
      actor: { id: row.id, code: row.code, name: row.name, kind: row.kind },
    }) as Party);
  }

  @FieldResolver(() => CommitmentConnection)
  commitments(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext, @Args(() => CommitmentListArgs) args: ListArgs): Promise<Connection<CommitmentNode>> {
    return loadChildConnection(ctx, commitmentCollection, relations.agreementCommitments, agreement.id, args);
  }

  @FieldResolver(() => ConstraintConnection)
  constraints(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext, @Args(() => ConstraintListArgs) args: ListArgs): Promise<Connection<ConstraintNode>> {
    return loadChildConnection(ctx, constraintCollection, relations.agreementConstraints, agreement.id, args);
  }

  @FieldResolver(() => [CooperationDomainNode], { description: 'The domains its commitments serve.' })
  domains(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext): Promise<CooperationDomainNode[]> {
    return loadRelated(ctx, 'Agreement.domains', DOMAINS_SQL, agreement.id);
  }

  @FieldResolver(() => [SourceNode], { description: 'Every source its facts, commitments and constraints are traced to.' })
  sources(@Root() agreement: AgreementNode, @Ctx() ctx: RequestContext): Promise<SourceNode[]> {
    return loadRelated(ctx, 'Agreement.sources', SOURCES_SQL, agreement.id);
  }
}
