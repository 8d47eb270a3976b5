import { Field, InputType, ObjectType } from 'type-graphql';
import { connectionType } from '../../shared/connection/connection';
import { StringFilter, listArgs } from '../../shared/list-query/filter-inputs';
import { rowClass } from '../../shared/fields/fields';
import { filterFields, objectFields } from '../../shared/fields/graphql';
import { orderEnum } from '../graphql-enums';
import { mechanismCollection } from './mechanism.collection';
import { mechanismFields } from './mechanism.fields';

// The fields come from mechanismFields (mechanism.fields.ts).
@ObjectType('Mechanism', { simpleResolvers: true, description: 'A forum or instrument commitments run through (UDCG coalitions, NATO CAP, ...).' })
export class MechanismNode extends rowClass(mechanismFields) {}
objectFields(MechanismNode, mechanismFields);

@InputType()
export class MechanismFilter {
  @Field(() => [MechanismFilter], { nullable: true }) and?: MechanismFilter[];
  @Field(() => [MechanismFilter], { nullable: true }) or?: MechanismFilter[];
  @Field(() => MechanismFilter, { nullable: true }) not?: MechanismFilter;
}
filterFields(MechanismFilter, mechanismFields, {
  parentSlug: { type: () => StringFilter, nullable: true, description: 'Slug of the parent mechanism.' },
});

export const MechanismOrder = orderEnum('MechanismOrder', mechanismCollection.orders);
export const MechanismConnection = connectionType(MechanismNode, 'Mechanism');
export const MechanismListArgs = listArgs(MechanismFilter, MechanismOrder, 'Mechanism');
