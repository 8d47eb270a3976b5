import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { Connection } from '../../shared/connection/connection';
import { parseId } from '../../shared/connection/ids';
import { loadById, loadConnection, loadRelated } from '../../shared/connection/load-list';
import { ListArgs } from '../../shared/list-query/list-query';
import { actorCollection } from '../actor/actor.collection';
import { ActorNode } from '../actor/actor.type';
import { agreementCollection } from '../agreement/agreement.collection';
import { AgreementNode } from '../agreement/agreement.type';
import { constraintCollection } from '../constraint/constraint.collection';
import { ConstraintNode } from '../constraint/constraint.type';
import { domainCollection } from '../cooperation-domain/cooperation-domain.collection';
import { CooperationDomainNode } from '../cooperation-domain/cooperation-domain.type';
import { mechanismCollection } from '../mechanism/mechanism.collection';
import { MechanismNode } from '../mechanism/mechanism.type';
import { sourceCollection } from '../source/source.collection';
import { SourceNode } from '../source/source.type';
import { commitmentCollection } from './commitment.collection';
import { CommitmentConnection, CommitmentListArgs, CommitmentNode } from './commitment.type';

const DOMAINS_SQL =
  `SELECT cd.commitment_id AS "__parent", ${domainCollection.select('d')} FROM commitment_domain cd` +
  ` JOIN cooperation_domain d ON d.id = cd.domain_id WHERE cd.commitment_id = ANY($1::int[]) ORDER BY d.slug`;
const MECHANISMS_SQL =
  `SELECT cm.commitment_id AS "__parent", ${mechanismCollection.select('m')} FROM commitment_mechanism cm` +
  ` JOIN mechanism m ON m.id = cm.mechanism_id WHERE cm.commitment_id = ANY($1::int[]) ORDER BY m.slug`;
const RESTRICTED_BY_SQL =
  `SELECT r.commitment_id AS "__parent", ${constraintCollection.select('k')} FROM constraint_restriction r` +
  ` JOIN agreement_constraint k ON k.id = r.constraint_id WHERE r.commitment_id = ANY($1::int[]) ORDER BY k.id`;

@Resolver(() => CommitmentNode)
export class CommitmentResolver {
  @Query(() => CommitmentNode, { nullable: true })
  commitment(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<CommitmentNode | null> {
    return loadById(ctx, commitmentCollection, parseId(id));
  }

  @Query(() => CommitmentConnection, { description: 'Commitments across all agreements, filtered, ordered and paged.' })
  commitments(@Ctx() ctx: RequestContext, @Args(() => CommitmentListArgs) args: ListArgs): Promise<Connection<CommitmentNode>> {
    return loadConnection(ctx, commitmentCollection, args);
  }

  @FieldResolver(() => AgreementNode)
  async agreement(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext): Promise<AgreementNode> {
    return (await loadById(ctx, agreementCollection, commitment.agreementId))!;
  }

  @FieldResolver(() => ActorNode, { nullable: true, description: 'Who commits.' })
  provider(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext): Promise<ActorNode | null> | null {
    return commitment.providerId === null ? null : loadById(ctx, actorCollection, commitment.providerId);
  }

  @FieldResolver(() => ActorNode, { nullable: true, description: 'To whom.' })
  beneficiary(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext): Promise<ActorNode | null> | null {
    return commitment.beneficiaryId === null ? null : loadById(ctx, actorCollection, commitment.beneficiaryId);
  }

  @FieldResolver(() => SourceNode)
  async source(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext): Promise<SourceNode> {
    return (await loadById(ctx, sourceCollection, commitment.sourceId))!;
  }

  @FieldResolver(() => [CooperationDomainNode])
  domains(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext): Promise<CooperationDomainNode[]> {
    return loadRelated(ctx, 'Commitment.domains', DOMAINS_SQL, commitment.id);
  }

  @FieldResolver(() => [MechanismNode])
  mechanisms(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext): Promise<MechanismNode[]> {
    return loadRelated(ctx, 'Commitment.mechanisms', MECHANISMS_SQL, commitment.id);
  }

  @FieldResolver(() => [ConstraintNode], { description: 'The constraints that limit this commitment.' })
  restrictedBy(@Root() commitment: CommitmentNode, @Ctx() ctx: RequestContext): Promise<ConstraintNode[]> {
    return loadRelated(ctx, 'Commitment.restrictedBy', RESTRICTED_BY_SQL, commitment.id);
  }
}
