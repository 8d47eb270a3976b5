import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../../shared/connection/connection';
import { BooleanFilter, IdFilter, IntFilter, StringFilter, listArgs } from '../../shared/list-query/filter-inputs';
import { DateTimeScalar } from '../../shared/scalars/scalars';
import { orderEnum } from '../graphql-enums';
import { AgreementFilter } from '../agreement/agreement.type';
import { agreementTextCollection } from './agreement-text.collection';

@ObjectType('AgreementText', {
  simpleResolvers: true,
  description:
    "One language version of an agreement's own text, as its official publisher gives it. Immutable: a new version is a new text with a new sha256.",
})
export class AgreementTextNode {
  @Field(() => ID) id!: number;
  @Field({ description: 'ISO 639-1 code of the language version (`en`, `it`).' }) language!: string;
  @Field({ description: "Hex sha256 of the text's UTF-8 bytes: what quote spans name the text by." }) sha256!: string;
  @Field(() => Int, { description: 'Length in characters; span offsets count the same characters.' }) chars!: number;
  @Field({ description: 'The version `Agreement.text` returns.' }) reference!: boolean;
  @Field({
    description:
      'Whether the words are loaded. A text the seed declares (sha256, length) but whose file was not loaded has no provisions, and the spans in it are unverified.',
  })
  loaded!: boolean;
  @Field(() => DateTimeScalar, { description: 'When the text was declared or attached.' }) createdAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true, description: 'When its words were attached; null while not loaded.' }) attachedAt!: Date | null;
  agreementId!: number;
  sourceId!: number | null;
}

@ObjectType('TextSpan', {
  simpleResolvers: true,
  description: "A span `[start, end)` of an agreement text, in characters: the words of a quote are `text`'s characters from `start` to `end`.",
})
export class TextSpanNode {
  @Field(() => Int) start!: number;
  @Field(() => Int) end!: number;
  id!: number;
  textId!: number;
  ordinal!: number;
  /** Which spec the row came from (the spans of commitments or of constraints). */
  owner!: 'commitment' | 'constraint';
}

@InputType({ description: 'Filter on agreement texts. Fields are ANDed; combine with and/or/not.' })
export class AgreementTextFilter {
  @Field(() => [AgreementTextFilter], { nullable: true }) and?: AgreementTextFilter[];
  @Field(() => [AgreementTextFilter], { nullable: true }) or?: AgreementTextFilter[];
  @Field(() => AgreementTextFilter, { nullable: true }) not?: AgreementTextFilter;
  @Field(() => IdFilter, { nullable: true }) id?: object;
  @Field(() => StringFilter, { nullable: true }) language?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) sha256?: StringFilter;
  @Field(() => IntFilter, { nullable: true }) chars?: object;
  @Field(() => BooleanFilter, { nullable: true }) reference?: BooleanFilter;
  @Field(() => AgreementFilter, { nullable: true }) agreement?: AgreementFilter;
}

export const AgreementTextOrder = orderEnum('AgreementTextOrder', agreementTextCollection.orders);
export const AgreementTextConnection = connectionType(AgreementTextNode, 'AgreementText');
export const AgreementTextListArgs = listArgs(AgreementTextFilter, AgreementTextOrder, 'AgreementText');
