import { Field, ID, Int, InputType, ObjectType } from 'type-graphql';
import { connectionType } from '../../shared/connection/connection';
import { IdFilter, StringFilter, listArgs } from '../../shared/list-query/filter-inputs';
import { ConstraintKind, QuoteOrigin } from '../enums';
import { ConstraintKindFilter, orderEnum, QuoteOriginFilter } from '../graphql-enums';
import type { AgreementFilter } from '../agreement/agreement.type';
import type { CommitmentFilter } from '../commitment/commitment.type';
import { namedType } from '../../shared/schema-types/named-type';
import { SourceFilter } from '../source/source.type';
import { constraintCollection } from './constraint.collection';

@ObjectType('Constraint', {
  simpleResolvers: true,
  description: "A limit on a party's commitments: constitutional or legal limits, approvals, conditions, non-binding nature.",
})
export class ConstraintNode {
  @Field(() => ID) id!: number;
  @Field(() => Int, { description: 'Bumped on every change; updates name the version they expect.' }) version!: number;
  @Field() key!: string;
  @Field(() => ConstraintKind) kind!: ConstraintKind;
  @Field() summary!: string;
  @Field({ description: 'The operative words (about 40 at most), as the source gives them.' }) quote!: string;
  @Field(() => QuoteOrigin, { description: 'Whose words `quote` is.' }) quoteOrigin!: QuoteOrigin;
  @Field(() => String, {
    nullable: true,
    description: 'ISO 639-1 code of the language `quote` is in; for a quote from an agreement text, that of the text its spans are in.',
  })
  quoteLanguage!: string | null;
  @Field(() => String, {
    nullable: true,
    description: "OUR translation of `quote` into English, where the quote is in another language: the analysts' words, not the source's.",
  })
  quoteTranslation!: string | null;
  @Field(() => String, { nullable: true }) locator!: string | null;
  agreementId!: number;
  actorId!: number | null;
  sourceId!: number;
}

@InputType({ description: 'Filter on constraints. Fields are ANDed; combine with and/or/not.' })
export class ConstraintFilter {
  @Field(() => [ConstraintFilter], { nullable: true }) and?: ConstraintFilter[];
  @Field(() => [ConstraintFilter], { nullable: true }) or?: ConstraintFilter[];
  @Field(() => ConstraintFilter, { nullable: true }) not?: ConstraintFilter;
  @Field(() => IdFilter, { nullable: true }) id?: object;
  @Field(() => StringFilter, { nullable: true }) key?: StringFilter;
  @Field(() => ConstraintKindFilter, { nullable: true }) kind?: object;
  @Field(() => StringFilter, { nullable: true }) summary?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) quote?: StringFilter;
  @Field(() => QuoteOriginFilter, { nullable: true }) quoteOrigin?: object;
  @Field(() => StringFilter, { nullable: true }) quoteLanguage?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) quoteTranslation?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) locator?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) actorCode?: StringFilter;
  @Field(() => namedType('AgreementFilter'), { nullable: true }) agreement?: AgreementFilter;
  @Field(() => SourceFilter, { nullable: true }) source?: SourceFilter;
  @Field(() => namedType('CommitmentFilter'), { nullable: true, description: 'At least one restricted commitment matches.' })
  restricts?: CommitmentFilter;
  @Field(() => String, { nullable: true, description: 'Full-text search over summary and quote (web-search syntax).' }) search?: string;
}

export const ConstraintOrder = orderEnum('ConstraintOrder', constraintCollection.orders);
export const ConstraintConnection = connectionType(ConstraintNode, 'Constraint');
export const ConstraintListArgs = listArgs(ConstraintFilter, ConstraintOrder, 'Constraint');
