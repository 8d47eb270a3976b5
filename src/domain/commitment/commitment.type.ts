import { Field, ID, Int, InputType, ObjectType } from 'type-graphql';
import { connectionType } from '../../shared/connection/connection';
import { BooleanFilter, DateFilter, DecimalFilter, IdFilter, StringFilter, listArgs } from '../../shared/list-query/filter-inputs';
import { CurrencyScalar, DateScalar, DecimalScalar } from '../../shared/scalars/scalars';
import { AmountBasis, AmountBound, CommitmentKind, CommitmentStage, Modality, QuoteOrigin } from '../enums';
import {
  AmountBasisFilter,
  AmountBoundFilter,
  CommitmentKindFilter,
  CommitmentStageFilter,
  ModalityFilter,
  orderEnum,
  QuoteOriginFilter,
} from '../graphql-enums';
import type { AgreementFilter } from '../agreement/agreement.type';
import type { ConstraintFilter } from '../constraint/constraint.type';
import { namedType } from '../../shared/schema-types/named-type';
import { SourceFilter } from '../source/source.type';
import { commitmentCollection } from './commitment.collection';

@ObjectType({ simpleResolvers: true, description: 'An amount of money: the amount as an exact decimal string, and its currency.' })
export class Money {
  @Field(() => DecimalScalar) amount!: string;
  @Field(() => CurrencyScalar) currency!: string;
}

@ObjectType({ simpleResolvers: true, description: 'The period a commitment covers; `label` keeps the source\'s own wording ("2024/25").' })
export class Period {
  @Field(() => DateScalar, { nullable: true }) start!: string | null;
  @Field(() => DateScalar, { nullable: true }) end!: string | null;
  @Field(() => String, { nullable: true }) label!: string | null;
}

@ObjectType('Commitment', { simpleResolvers: true, description: 'One pledge inside an agreement, with the words it is quoted from.' })
export class CommitmentNode {
  @Field(() => ID) id!: number;
  @Field(() => Int, { description: 'Bumped on every change; updates name the version they expect.' }) version!: number;
  @Field({ description: 'Stable key, `<agreement slug>/<name>`.' }) key!: string;
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
  @Field(() => String, { nullable: true, description: 'Where in the source the quote stands.' }) locator!: string | null;
  @Field(() => CommitmentKind) kind!: CommitmentKind;
  @Field(() => Modality) modality!: Modality;
  @Field(() => Money, { nullable: true }) amount!: Money | null;
  @Field(() => AmountBound, { nullable: true, description: 'How the source bounds `amount`; null without an amount.' })
  amountBound!: AmountBound | null;
  @Field(() => AmountBasis, { nullable: true, description: 'Whether `amount` is for the whole period or per year; null without an amount.' })
  amountBasis!: AmountBasis | null;
  @Field(() => String, {
    nullable: true,
    description:
      "Where the texts leave open whether this amount overlaps another commitment's (neither text puts one within the other, as `includedIn` would): OUR sentence saying so, naming the other commitment's key. Null where no overlap is open. Filter with `overlapNote: { isNull: false }`.",
  })
  overlapNote!: string | null;
  @Field(() => Period, { nullable: true }) period!: Period | null;
  @Field(() => Boolean, { nullable: true, description: 'For equipment: lethal or not, where a source says.' }) lethal!: boolean | null;
  @Field(() => CommitmentStage) stage!: CommitmentStage;
  agreementId!: number;
  providerId!: number | null;
  beneficiaryId!: number | null;
  sourceId!: number;
  includedInId!: number | null;
}

@InputType({ description: 'Filter on commitments. Fields are ANDed; combine with and/or/not.' })
export class CommitmentFilter {
  @Field(() => [CommitmentFilter], { nullable: true }) and?: CommitmentFilter[];
  @Field(() => [CommitmentFilter], { nullable: true }) or?: CommitmentFilter[];
  @Field(() => CommitmentFilter, { nullable: true }) not?: CommitmentFilter;
  @Field(() => IdFilter, { nullable: true }) id?: object;
  @Field(() => StringFilter, { nullable: true }) key?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) summary?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) quote?: StringFilter;
  @Field(() => QuoteOriginFilter, { nullable: true }) quoteOrigin?: object;
  @Field(() => StringFilter, { nullable: true }) quoteLanguage?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) quoteTranslation?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) locator?: StringFilter;
  @Field(() => CommitmentKindFilter, { nullable: true }) kind?: object;
  @Field(() => ModalityFilter, { nullable: true }) modality?: object;
  @Field(() => DecimalFilter, { nullable: true }) amount?: object;
  @Field(() => StringFilter, { nullable: true }) currency?: StringFilter;
  @Field(() => AmountBoundFilter, { nullable: true }) amountBound?: object;
  @Field(() => AmountBasisFilter, { nullable: true }) amountBasis?: object;
  @Field(() => StringFilter, {
    nullable: true,
    description: 'The note on an open overlap of money; `{ isNull: false }` lists the amounts that may overlap another.',
  })
  overlapNote?: StringFilter;
  @Field(() => CommitmentFilter, { nullable: true, description: "The commitment whose amount already contains this one's matches this filter." })
  includedIn?: CommitmentFilter;
  @Field(() => DateFilter, { nullable: true }) periodStart?: object;
  @Field(() => DateFilter, { nullable: true }) periodEnd?: object;
  @Field(() => BooleanFilter, { nullable: true }) lethal?: BooleanFilter;
  @Field(() => CommitmentStageFilter, { nullable: true }) stage?: object;
  @Field(() => StringFilter, { nullable: true }) providerCode?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) beneficiaryCode?: StringFilter;
  @Field(() => String, { nullable: true, description: 'Slug of a cooperation domain; matches it and every domain under it.' }) domain?: string;
  @Field(() => String, { nullable: true, description: 'Slug of a mechanism; matches it and every mechanism under it.' }) mechanism?: string;
  @Field(() => namedType('AgreementFilter'), { nullable: true }) agreement?: AgreementFilter;
  @Field(() => SourceFilter, { nullable: true }) source?: SourceFilter;
  @Field(() => namedType('ConstraintFilter'), { nullable: true, description: 'At least one constraint restricting the commitment matches.' })
  restrictedBy?: ConstraintFilter;
  @Field(() => String, { nullable: true, description: 'Full-text search over summary and quote (web-search syntax).' }) search?: string;
}

export const CommitmentOrder = orderEnum('CommitmentOrder', commitmentCollection.orders);
export const CommitmentConnection = connectionType(CommitmentNode, 'Commitment');
export const CommitmentListArgs = listArgs(CommitmentFilter, CommitmentOrder, 'Commitment');
