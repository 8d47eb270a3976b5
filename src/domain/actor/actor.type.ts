import { Field, InputType, ObjectType } from 'type-graphql';
import { connectionType } from '../../shared/connection/connection';
import { listArgs } from '../../shared/list-query/filter-inputs';
import { rowClass } from '../../shared/fields/fields';
import { filterFields, objectFields } from '../../shared/fields/graphql';
import { orderEnum } from '../graphql-enums';
import { namedType } from '../../shared/schema-types/named-type';
import { actorCollection } from './actor.collection';
import { actorFields } from './actor.fields';

// The fields come from actorFields (actor.fields.ts).
@ObjectType('Actor', {
  simpleResolvers: true,
  description: 'A state (ISO 3166-1 alpha-2 code), an international organisation or a group (EU, G7, NATO).',
})
export class ActorNode extends rowClass(actorFields) {}
objectFields(ActorNode, actorFields);

@InputType()
export class ActorFilter {
  @Field(() => [ActorFilter], { nullable: true }) and?: ActorFilter[];
  @Field(() => [ActorFilter], { nullable: true }) or?: ActorFilter[];
  @Field(() => ActorFilter, { nullable: true }) not?: ActorFilter;
}
filterFields(ActorFilter, actorFields, {
  partyTo: { type: () => namedType('AgreementFilter'), nullable: true, description: 'Actors that are a party to an agreement matching this filter.' },
});

export const ActorOrder = orderEnum('ActorOrder', actorCollection.orders);
export const ActorConnection = connectionType(ActorNode, 'Actor');
export const ActorListArgs = listArgs(ActorFilter, ActorOrder, 'Actor');
