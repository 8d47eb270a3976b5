import { Field, Float, Int, ObjectType } from 'type-graphql';
import { AmountBasis, AmountBound, Modality } from '../enums';
import '../graphql-enums';

@ObjectType('DraftSpan', { description: 'A [start, end) range of the drafted text; `text` is exactly its characters.' })
export class DraftSpanNode {
  @Field(() => Int) start!: number;
  @Field(() => Int) end!: number;
  @Field({ description: 'The characters of the text from `start` to `end`.' }) text!: string;
}

@ObjectType('DraftDomain', { description: 'A cooperation domain proposed for a commitment, with its share of the precedents’ similarity.' })
export class DraftDomainNode {
  @Field({ description: 'Slug of the cooperation domain.' }) domain!: string;
  @Field(() => Float) score!: number;
}

@ObjectType('DraftAmount', { description: 'A sum of money found in a proposal’s words.' })
export class DraftAmountNode {
  @Field({ description: 'The whole amount as a decimal string ("13500000000").' }) amount!: string;
  @Field({ description: 'ISO 4217 code, as written (never converted).' }) currency!: string;
  @Field(() => AmountBound) bound!: AmountBound;
  @Field(() => AmountBasis) basis!: AmountBasis;
  @Field(() => Int) start!: number;
  @Field(() => Int) end!: number;
}

@ObjectType('DraftPrecedent', { description: 'A hand-coded commitment whose quote resembles the proposal’s words.' })
export class DraftPrecedentNode {
  @Field({ description: 'Key of the hand-coded commitment.' }) commitment!: string;
  @Field(() => Float, { description: 'Cosine similarity of the words (0 to 1).' }) score!: number;
}

@ObjectType('DraftProposal', { description: 'A commitment the drafter proposes for a provision, for an analyst to review.' })
export class DraftProposalNode {
  @Field({ description: 'What is proposed: COMMITMENT.' }) record!: string;
  @Field({ description: 'The commitment kind (CommitmentKind), from the most similar precedents.' }) kind!: string;
  @Field(() => Modality) modality!: Modality;
  @Field(() => DraftSpanNode, {
    nullable: true,
    description: 'The words that decide the modality (a list item’s may be its chapeau’s); null for NOT_STATED.',
  })
  modalityWords!: DraftSpanNode | null;
  @Field(() => [DraftDomainNode], { description: 'Proposed domains, best first.' }) domains!: DraftDomainNode[];
  @Field(() => [DraftAmountNode]) amounts!: DraftAmountNode[];
  @Field(() => String, { nullable: true, description: 'Actor code of who undertakes.' }) provider!: string | null;
  @Field(() => String, { nullable: true, description: 'Actor code of whom it is for.' }) beneficiary!: string | null;
  @Field(() => [DraftSpanNode], { description: 'Where the proposed quote stands in the text.' }) quoteSpans!: DraftSpanNode[];
  @Field(() => Float, { description: 'How sure the drafter is (0 to 1).' }) confidence!: number;
  @Field(() => [DraftPrecedentNode], { description: 'The most similar hand-coded commitments, best first.' }) precedents!: DraftPrecedentNode[];
}

@ObjectType('DraftProvision', { description: 'A provision of the drafted text, as the segmenter reads attached texts.' })
export class DraftProvisionNode {
  @Field() path!: string;
  @Field() kind!: string;
  @Field(() => Int) start!: number;
  @Field(() => Int) end!: number;
  @Field({ description: 'No provision under it.' }) leaf!: boolean;
  @Field({ description: 'Whether the drafter takes it to commit anyone to anything.' }) operative!: boolean;
  @Field(() => Float) confidence!: number;
  @Field(() => [DraftProposalNode], { description: 'Proposed commitments (only on operative leaves).' }) proposals!: DraftProposalNode[];
}

@ObjectType('Draft', { description: 'A machine-proposed coding of an agreement’s text (nothing is written).' })
export class DraftNode {
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => String, { nullable: true }) language!: string | null;
  @Field(() => String, { nullable: true, description: 'Actor code of the partner of Ukraine the text names most.' }) partner!: string | null;
  @Field(() => [DraftProvisionNode]) provisions!: DraftProvisionNode[];
}
