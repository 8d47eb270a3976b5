import { Field, InputType, ObjectType } from 'type-graphql';
import { connectionType } from '../../shared/connection/connection';
import { StringFilter, listArgs } from '../../shared/list-query/filter-inputs';
import { rowClass } from '../../shared/fields/fields';
import { filterFields, objectFields } from '../../shared/fields/graphql';
import { orderEnum } from '../graphql-enums';
import { namedType } from '../../shared/schema-types/named-type';
import { SourceFilter } from '../source/source.type';
import { constraintCollection } from './constraint.collection';
import { constraintFields } from './constraint.fields';

// The fields come from constraintFields (constraint.fields.ts).
@ObjectType('Constraint', {
  simpleResolvers: true,
  description: "A limit on a party's commitments: constitutional or legal limits, approvals, conditions, non-binding nature.",
})
export class ConstraintNode extends rowClass(constraintFields) {}
objectFields(ConstraintNode, constraintFields);

@InputType({ description: 'Filter on constraints. Fields are ANDed; combine with and/or/not.' })
export class ConstraintFilter {
  @Field(() => [ConstraintFilter], { nullable: true }) and?: ConstraintFilter[];
  @Field(() => [ConstraintFilter], { nullable: true }) or?: ConstraintFilter[];
  @Field(() => ConstraintFilter, { nullable: true }) not?: ConstraintFilter;
}
filterFields(ConstraintFilter, constraintFields, {
  actorCode: { type: () => StringFilter, nullable: true },
  agreement: { type: () => namedType('AgreementFilter'), nullable: true },
  source: { type: () => SourceFilter, nullable: true },
  restricts: { type: () => namedType('CommitmentFilter'), nullable: true, description: 'At least one restricted commitment matches.' },
  search: { type: () => String, nullable: true, description: 'Full-text search over summary and quote (web-search syntax).' },
});

export const ConstraintOrder = orderEnum('ConstraintOrder', constraintCollection.orders);
export const ConstraintConnection = connectionType(ConstraintNode, 'Constraint');
export const ConstraintListArgs = listArgs(ConstraintFilter, ConstraintOrder, 'Constraint');
