import { Field, ID, Int, InputType, ObjectType } from 'type-graphql';
import { connectionType } from '../../shared/connection/connection';
import { IdFilter, StringFilter, listArgs } from '../../shared/list-query/filter-inputs';
import { ActorKind } from '../enums';
import { ActorKindFilter, orderEnum } from '../graphql-enums';
import type { AgreementFilter } from '../agreement/agreement.type';
import { namedType } from '../../shared/schema-types/named-type';
import { actorCollection } from './actor.collection';

@ObjectType('Actor', {
  simpleResolvers: true,
  description: 'A state (ISO 3166-1 alpha-2 code), an international organisation or a group (EU, G7, NATO).',
})
export class ActorNode {
  @Field(() => ID) id!: number;
  @Field(() => Int, { description: 'Bumped on every change; updates name the version they expect.' }) version!: number;
  @Field() code!: string;
  @Field() name!: string;
  @Field(() => ActorKind) kind!: ActorKind;
}

@InputType()
export class ActorFilter {
  @Field(() => [ActorFilter], { nullable: true }) and?: ActorFilter[];
  @Field(() => [ActorFilter], { nullable: true }) or?: ActorFilter[];
  @Field(() => ActorFilter, { nullable: true }) not?: ActorFilter;
  @Field(() => IdFilter, { nullable: true }) id?: object;
  @Field(() => StringFilter, { nullable: true }) code?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) name?: StringFilter;
  @Field(() => ActorKindFilter, { nullable: true }) kind?: object;
  @Field(() => namedType('AgreementFilter'), { nullable: true, description: 'Actors that are a party to an agreement matching this filter.' })
  partyTo?: AgreementFilter;
}

export const ActorOrder = orderEnum('ActorOrder', actorCollection.orders);
export const ActorConnection = connectionType(ActorNode, 'Actor');
export const ActorListArgs = listArgs(ActorFilter, ActorOrder, 'Actor');
