import { Field, InputType, ObjectType } from 'type-graphql';
import { connectionType } from '../../shared/connection/connection';
import { listArgs } from '../../shared/list-query/filter-inputs';
import { rowClass } from '../../shared/fields/fields';
import { filterFields, objectFields } from '../../shared/fields/graphql';
import { orderEnum } from '../graphql-enums';
import { sourceCollection } from './source.collection';
import { sourceFields } from './source.fields';

// The fields come from sourceFields (source.fields.ts).
@ObjectType('Source', { simpleResolvers: true, description: 'A document that facts are traced to.' })
export class SourceNode extends rowClass(sourceFields) {}
objectFields(SourceNode, sourceFields);

@InputType()
export class SourceFilter {
  @Field(() => [SourceFilter], { nullable: true }) and?: SourceFilter[];
  @Field(() => [SourceFilter], { nullable: true }) or?: SourceFilter[];
  @Field(() => SourceFilter, { nullable: true }) not?: SourceFilter;
}
filterFields(SourceFilter, sourceFields);

export const SourceOrder = orderEnum('SourceOrder', sourceCollection.orders);
export const SourceConnection = connectionType(SourceNode, 'Source');
export const SourceListArgs = listArgs(SourceFilter, SourceOrder, 'Source');
