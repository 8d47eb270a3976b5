import { Field, ID, Int, InputType, ObjectType } from 'type-graphql';
import { connectionType } from '../../shared/connection/connection';
import { IdFilter, StringFilter, listArgs } from '../../shared/list-query/filter-inputs';
import { MechanismKind } from '../enums';
import { MechanismKindFilter, orderEnum } from '../graphql-enums';
import { mechanismCollection } from './mechanism.collection';

@ObjectType('Mechanism', { simpleResolvers: true, description: 'A forum or instrument commitments run through (UDCG coalitions, NATO CAP, ...).' })
export class MechanismNode {
  @Field(() => ID) id!: number;
  @Field(() => Int, { description: 'Bumped on every change; updates name the version they expect.' }) version!: number;
  @Field() slug!: string;
  @Field() name!: string;
  @Field(() => MechanismKind) kind!: MechanismKind;
  @Field(() => String, { nullable: true }) description!: string | null;
  parentId!: number | null;
}

@InputType()
export class MechanismFilter {
  @Field(() => [MechanismFilter], { nullable: true }) and?: MechanismFilter[];
  @Field(() => [MechanismFilter], { nullable: true }) or?: MechanismFilter[];
  @Field(() => MechanismFilter, { nullable: true }) not?: MechanismFilter;
  @Field(() => IdFilter, { nullable: true }) id?: object;
  @Field(() => StringFilter, { nullable: true }) slug?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) name?: StringFilter;
  @Field(() => MechanismKindFilter, { nullable: true }) kind?: object;
  @Field(() => StringFilter, { nullable: true, description: 'Slug of the parent mechanism.' }) parentSlug?: StringFilter;
}

export const MechanismOrder = orderEnum('MechanismOrder', mechanismCollection.orders);
export const MechanismConnection = connectionType(MechanismNode, 'Mechanism');
export const MechanismListArgs = listArgs(MechanismFilter, MechanismOrder, 'Mechanism');
