import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CurrencyScalar, DateScalar, DecimalScalar } from '../../shared/scalars/scalars';
import { AmountBasis, AmountBound, CommitmentKind, CommitmentStage, ConstraintKind, Modality } from '../enums';
import { ActorNode } from '../actor/actor.type';
import { AgreementNode } from '../agreement/agreement.type';
import { CommitmentNode } from '../commitment/commitment.type';
import { ConstraintNode } from '../constraint/constraint.type';
import { CooperationDomainNode } from '../cooperation-domain/cooperation-domain.type';

/** What `commitmentStats` can group by. */
export enum CommitmentDimension {
  PROVIDER = 'PROVIDER',
  BENEFICIARY = 'BENEFICIARY',
  DOMAIN = 'DOMAIN',
  KIND = 'KIND',
  MODALITY = 'MODALITY',
  STAGE = 'STAGE',
  YEAR = 'YEAR',
  AGREEMENT = 'AGREEMENT',
}
registerEnumType(CommitmentDimension, {
  name: 'CommitmentDimension',
  description:
    'A dimension `commitmentStats` groups by. `YEAR` is the year the period starts (null without a period); `DOMAIN` puts a commitment in each of its domains.',
});

export enum TimelineEventKind {
  SIGNED = 'SIGNED',
  ENTERED_INTO_FORCE = 'ENTERED_INTO_FORCE',
  EXPIRES = 'EXPIRES',
}
registerEnumType(TimelineEventKind, { name: 'TimelineEventKind' });

@ObjectType({
  simpleResolvers: true,
  description:
    'Money summed honestly: one entry per currency and basis (never added across either), counting a commitment ' +
    'once even when another commitment of the same group already contains its amount (`includedIn`).',
})
export class MoneySum {
  @Field(() => CurrencyScalar) currency!: string;
  @Field(() => AmountBasis) basis!: AmountBasis;
  @Field(() => DecimalScalar, { description: 'The exact sum, as a decimal string.' }) amount!: string;
  @Field(() => [AmountBound], { description: 'The bounds of the amounts summed: a sum of "at least" figures is itself "at least".' })
  bounds!: AmountBound[];
  @Field(() => Int, { description: 'How many amounts were added (after leaving out those already included in another).' }) commitmentCount!: number;
}

@ObjectType({ simpleResolvers: true, description: 'One agreement in one domain of a comparison.' })
export class ComparisonCell {
  @Field(() => AgreementNode) agreement!: AgreementNode;
  @Field({ description: 'True exactly when `commitments` is not empty.' }) covered!: boolean;
  @Field(() => [CommitmentNode], { description: "The agreement's commitments coded with the row's domain (or under it, when rolled up)." })
  commitments!: CommitmentNode[];
  @Field(() => Modality, { nullable: true, description: 'The firmest wording among `commitments`; null when not covered.' })
  strongestModality!: Modality | null;
  @Field(() => [MoneySum]) amounts!: MoneySum[];
}

@ObjectType({ simpleResolvers: true, description: 'One domain across the compared agreements, a cell per agreement in the order asked.' })
export class ComparisonRow {
  @Field(() => CooperationDomainNode) domain!: CooperationDomainNode;
  @Field(() => [ComparisonCell]) cells!: ComparisonCell[];
}

@ObjectType({ simpleResolvers: true, description: 'The domains only this agreement covers among those compared.' })
export class DistinctiveDomains {
  @Field(() => AgreementNode) agreement!: AgreementNode;
  @Field(() => [CooperationDomainNode]) domains!: CooperationDomainNode[];
}

@ObjectType({ simpleResolvers: true })
export class ConstraintComparisonCell {
  @Field(() => AgreementNode) agreement!: AgreementNode;
  @Field(() => [ConstraintNode]) constraints!: ConstraintNode[];
}

@ObjectType({ simpleResolvers: true, description: 'One kind of constraint across the compared agreements.' })
export class ConstraintComparisonRow {
  @Field(() => ConstraintKind) kind!: ConstraintKind;
  @Field(() => [ConstraintComparisonCell]) cells!: ConstraintComparisonCell[];
}

@ObjectType({ simpleResolvers: true, description: 'Agreements side by side, domain by domain and constraint kind by constraint kind.' })
export class AgreementComparison {
  @Field(() => [AgreementNode], { description: 'The agreements, in the order of `slugs`.' }) agreements!: AgreementNode[];
  @Field(() => Int, { nullable: true, description: 'The depth rows are rolled up to; null when rows are the coded domains.' }) depth!: number | null;
  @Field(() => [ComparisonRow], { description: 'One row per domain any of the agreements covers, in tree order.' }) rows!: ComparisonRow[];
  @Field(() => [CooperationDomainNode], { description: 'The domains every agreement covers.' }) shared!: CooperationDomainNode[];
  @Field(() => [DistinctiveDomains], { description: 'For each agreement (in the order of `slugs`), the domains only it covers.' })
  distinctive!: DistinctiveDomains[];
  @Field(() => [ConstraintComparisonRow], { description: 'Constraint kinds any of the agreements has, side by side.' })
  constraintRows!: ConstraintComparisonRow[];
}

@ObjectType({ simpleResolvers: true })
export class CoverageCell {
  @Field(() => AgreementNode) agreement!: AgreementNode;
  @Field(() => CooperationDomainNode) domain!: CooperationDomainNode;
  @Field(() => Int, { description: "The agreement's commitments coded with the domain (or under it, when rolled up)." }) count!: number;
  @Field(() => Modality) strongestModality!: Modality;
}

@ObjectType({ simpleResolvers: true, description: 'Which agreements cover which domains: a cell for every covered pair.' })
export class DomainCoverage {
  @Field(() => [AgreementNode], { description: 'Every agreement the filter matches, by signing date.' }) agreements!: AgreementNode[];
  @Field(() => [CooperationDomainNode], { description: 'Every domain covered by one of them, in tree order.' }) domains!: CooperationDomainNode[];
  @Field(() => [CoverageCell]) cells!: CoverageCell[];
}

@ObjectType({ simpleResolvers: true, description: 'The values of the grouped dimensions; the others are null.' })
export class CommitmentGroupKey {
  @Field(() => ActorNode, { nullable: true }) provider!: ActorNode | null;
  @Field(() => ActorNode, { nullable: true }) beneficiary!: ActorNode | null;
  @Field(() => CooperationDomainNode, { nullable: true }) domain!: CooperationDomainNode | null;
  @Field(() => CommitmentKind, { nullable: true }) kind!: CommitmentKind | null;
  @Field(() => Modality, { nullable: true }) modality!: Modality | null;
  @Field(() => CommitmentStage, { nullable: true }) stage!: CommitmentStage | null;
  @Field(() => Int, { nullable: true }) year!: number | null;
  @Field(() => AgreementNode, { nullable: true }) agreement!: AgreementNode | null;
}

@ObjectType({ simpleResolvers: true })
export class CommitmentGroup {
  @Field(() => CommitmentGroupKey) key!: CommitmentGroupKey;
  @Field(() => Int, { description: 'Commitments in the group.' }) count!: number;
  @Field(() => [MoneySum]) sums!: MoneySum[];
}

@ObjectType({ simpleResolvers: true })
export class SimilarAgreement {
  @Field(() => AgreementNode) agreement!: AgreementNode;
  @Field(() => Float, { description: 'Jaccard similarity of the covered leaf domains: shared / (shared + only here + only there), from 0 to 1.' })
  score!: number;
  @Field(() => Float, { description: 'Jaccard similarity of the constraint kinds: the tie-breaker.' }) constraintOverlap!: number;
  @Field(() => [CooperationDomainNode]) sharedDomains!: CooperationDomainNode[];
  @Field(() => [CooperationDomainNode], { description: 'Leaf domains of the agreement asked about that this one lacks.' })
  onlyHere!: CooperationDomainNode[];
  @Field(() => [CooperationDomainNode], { description: 'Leaf domains of this one that the agreement asked about lacks.' })
  onlyThere!: CooperationDomainNode[];
}

@ObjectType({ simpleResolvers: true })
export class TimelineEvent {
  @Field(() => DateScalar) on!: string;
  @Field(() => TimelineEventKind) kind!: TimelineEventKind;
  @Field(() => AgreementNode) agreement!: AgreementNode;
}
