import { Field, ID, Int, InputType, ObjectType } from 'type-graphql';
import { connectionType } from '../../shared/connection/connection';
import { IdFilter, DateFilter, StringFilter, listArgs } from '../../shared/list-query/filter-inputs';
import { DateScalar } from '../../shared/scalars/scalars';
import { Reliability, SourceKind } from '../enums';
import { orderEnum, ReliabilityFilter, SourceKindFilter } from '../graphql-enums';
import { sourceCollection } from './source.collection';

@ObjectType('Source', { simpleResolvers: true, description: 'A document that facts are traced to.' })
export class SourceNode {
  @Field(() => ID) id!: number;
  @Field(() => Int, { description: 'Bumped on every change; updates name the version they expect.' }) version!: number;
  @Field({ description: 'Stable key of the seed corpus.' }) key!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) publisher!: string | null;
  @Field(() => String, { nullable: true }) url!: string | null;
  @Field(() => String, { nullable: true, description: 'Why there is no URL (every source has one or the other).' }) noUrlReason!: string | null;
  @Field(() => DateScalar, { nullable: true }) publishedOn!: string | null;
  @Field(() => SourceKind) kind!: SourceKind;
  @Field(() => Reliability) reliability!: Reliability;
}

@InputType()
export class SourceFilter {
  @Field(() => [SourceFilter], { nullable: true }) and?: SourceFilter[];
  @Field(() => [SourceFilter], { nullable: true }) or?: SourceFilter[];
  @Field(() => SourceFilter, { nullable: true }) not?: SourceFilter;
  @Field(() => IdFilter, { nullable: true }) id?: object;
  @Field(() => StringFilter, { nullable: true }) key?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) title?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) publisher?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) url?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) noUrlReason?: StringFilter;
  @Field(() => DateFilter, { nullable: true }) publishedOn?: object;
  @Field(() => SourceKindFilter, { nullable: true }) kind?: object;
  @Field(() => ReliabilityFilter, { nullable: true }) reliability?: object;
}

export const SourceOrder = orderEnum('SourceOrder', sourceCollection.orders);
export const SourceConnection = connectionType(SourceNode, 'Source');
export const SourceListArgs = listArgs(SourceFilter, SourceOrder, 'Source');
