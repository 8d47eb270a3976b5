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
import { commitmentCollection } from '../commitment/commitment.collection';
import { CommitmentNode } from '../commitment/commitment.type';
import { sourceCollection } from '../source/source.collection';
import { SourceNode } from '../source/source.type';
import { constraintCollection } from './constraint.collection';
import { ConstraintConnection, ConstraintListArgs, ConstraintNode } from './constraint.type';

const RESTRICTS_SQL =
  `SELECT r.constraint_id AS "__parent", ${commitmentCollection.select('c')} FROM constraint_restriction r` +
  ` JOIN commitment c ON c.id = r.commitment_id WHERE r.constraint_id = ANY($1::int[]) ORDER BY c.id`;

@Resolver(() => ConstraintNode)
export class ConstraintResolver {
  @Query(() => ConstraintNode, { nullable: true })
  constraint(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ConstraintNode | null> {
    return loadById(ctx, constraintCollection, parseId(id));
  }

  @Query(() => ConstraintConnection, { description: 'Constraints across all agreements, filtered, ordered and paged.' })
  constraints(@Ctx() ctx: RequestContext, @Args(() => ConstraintListArgs) args: ListArgs): Promise<Connection<ConstraintNode>> {
    return loadConnection(ctx, constraintCollection, args);
  }

  @FieldResolver(() => AgreementNode)
  async agreement(@Root() constraint: ConstraintNode, @Ctx() ctx: RequestContext): Promise<AgreementNode> {
    return (await loadById(ctx, agreementCollection, constraint.agreementId))!;
  }

  @FieldResolver(() => ActorNode, { nullable: true, description: 'The party whose commitments it limits.' })
  actor(@Root() constraint: ConstraintNode, @Ctx() ctx: RequestContext): Promise<ActorNode | null> | null {
    return constraint.actorId === null ? null : loadById(ctx, actorCollection, constraint.actorId);
  }

  @FieldResolver(() => SourceNode)
  async source(@Root() constraint: ConstraintNode, @Ctx() ctx: RequestContext): Promise<SourceNode> {
    return (await loadById(ctx, sourceCollection, constraint.sourceId))!;
  }

  @FieldResolver(() => [CommitmentNode], { description: 'The commitments it limits.' })
  restricts(@Root() constraint: ConstraintNode, @Ctx() ctx: RequestContext): Promise<CommitmentNode[]> {
    return loadRelated(ctx, 'Constraint.restricts', RESTRICTS_SQL, constraint.id, commitmentCollection.mapRow);
  }
}
