import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../../shared/connection/connection';
import { BooleanFilter, IdFilter, IntFilter, StringFilter, listArgs } from '../../shared/list-query/filter-inputs';
import { NonOperativeReason } from '../enums';
import { NonOperativeReasonFilter, orderEnum } from '../graphql-enums';
import { AgreementFilter } from '../agreement/agreement.type';
import { AgreementTextFilter } from '../agreement-text/agreement-text.type';
import { CommitmentFilter } from '../commitment/commitment.type';
import { ConstraintFilter } from '../constraint/constraint.type';
import { provisionCollection } from './provision.collection';

@ObjectType('Provision', {
  simpleResolvers: true,
  description:
    'A provision of an agreement text (a part, article, section, numbered paragraph or point), in a tree, computed deterministically from the words when the text is attached.',
})
export class ProvisionNode {
  @Field(() => ID) id!: number;
  @Field({ description: 'Reads like a citation: "Part VIII › 2", "Article II › 3", "Annex A › (c)".' }) path!: string;
  @Field({ description: 'What the segmenter took it for (PREAMBLE, PART, ARTICLE, SECTION, PARAGRAPH, POINT, ...).' }) kind!: string;
  @Field(() => String, { nullable: true, description: 'Its number or letter as printed ("VIII", "2", "(c)").' }) number!: string | null;
  @Field(() => String, { nullable: true, description: 'Its heading as printed, where it has one.' }) heading!: string | null;
  @Field(() => Int, { description: 'Offset of its first character in the text.' }) start!: number;
  @Field(() => Int, { description: 'Offset just past its last character: its words are the text from `start` to `end`.' }) end!: number;
  @Field({ description: "Its words: the text's characters from `start` to `end` (those of the provisions under it included)." }) body!: string;
  @Field({ description: 'No provision under it.' }) leaf!: boolean;
  @Field({ description: "Whether it commits anyone to anything: the segmenter's guess unless a coder's note says otherwise." })
  operative!: boolean;
  @Field(() => NonOperativeReason, { nullable: true, description: 'Why it is not operative; null when it is.' })
  nonOperativeReason!: NonOperativeReason | null;
  @Field(() => String, { nullable: true, description: "A coder's note on it." }) note!: string | null;
  agreementId!: number;
  textId!: number;
  parentId!: number | null;
  ordinal!: number;
}

@InputType({ description: 'Filter on provisions. Fields are ANDed; combine with and/or/not.' })
export class ProvisionFilter {
  @Field(() => [ProvisionFilter], { nullable: true }) and?: ProvisionFilter[];
  @Field(() => [ProvisionFilter], { nullable: true }) or?: ProvisionFilter[];
  @Field(() => ProvisionFilter, { nullable: true }) not?: ProvisionFilter;
  @Field(() => IdFilter, { nullable: true }) id?: object;
  @Field(() => StringFilter, { nullable: true }) path?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) kind?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) number?: StringFilter;
  @Field(() => IntFilter, { nullable: true, description: 'Document order within its text, from 0.' }) ordinal?: object;
  @Field(() => BooleanFilter, { nullable: true }) leaf?: BooleanFilter;
  @Field(() => BooleanFilter, { nullable: true }) operative?: BooleanFilter;
  @Field(() => NonOperativeReasonFilter, { nullable: true }) nonOperativeReason?: object;
  @Field(() => AgreementFilter, { nullable: true }) agreement?: AgreementFilter;
  @Field(() => AgreementTextFilter, { nullable: true }) text?: AgreementTextFilter;
  @Field(() => CommitmentFilter, {
    nullable: true,
    description: "At least one commitment matching this filter is coded in it (its quote's first span starts inside).",
  })
  hasCommitment?: CommitmentFilter;
  @Field(() => ConstraintFilter, {
    nullable: true,
    description: "At least one constraint matching this filter is coded in it (its quote's first span starts inside).",
  })
  hasConstraint?: ConstraintFilter;
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: operative leaf provisions in which no commitment or constraint is coded (the coding left to do); false: the others.',
  })
  uncoded?: boolean;
  @Field(() => String, { nullable: true, description: 'Full-text search over its words (web-search syntax).' }) search?: string;
}

export const ProvisionOrder = orderEnum('ProvisionOrder', provisionCollection.orders);
export const ProvisionConnection = connectionType(ProvisionNode, 'Provision');
export const ProvisionListArgs = listArgs(ProvisionFilter, ProvisionOrder, 'Provision');
