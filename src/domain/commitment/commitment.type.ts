import { Field, InputType, ObjectType } from 'type-graphql';
import { connectionType } from '../../shared/connection/connection';
import { StringFilter, listArgs } from '../../shared/list-query/filter-inputs';
import { rowClass } from '../../shared/fields/fields';
import { filterFields, objectFields } from '../../shared/fields/graphql';
import { CurrencyScalar, DateScalar, DecimalScalar } from '../../shared/scalars/scalars';
import { orderEnum } from '../graphql-enums';
import { namedType } from '../../shared/schema-types/named-type';
import { SourceFilter } from '../source/source.type';
import { commitmentCollection } from './commitment.collection';
import { commitmentFields } from './commitment.fields';

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

// The fields come from commitmentFields (commitment.fields.ts); `amount` and `period` group several of its columns.
@ObjectType('Commitment', { simpleResolvers: true, description: 'One pledge inside an agreement, with the words it is quoted from.' })
export class CommitmentNode extends rowClass(commitmentFields, ['amount']) {
  amount!: Money | null;
  period!: Period | null;
}
objectFields(CommitmentNode, commitmentFields, {
  amount: { after: 'modality', type: () => Money, nullable: true },
  period: { before: 'lethal', type: () => Period, nullable: true },
});

@InputType({ description: 'Filter on commitments. Fields are ANDed; combine with and/or/not.' })
export class CommitmentFilter {
  @Field(() => [CommitmentFilter], { nullable: true }) and?: CommitmentFilter[];
  @Field(() => [CommitmentFilter], { nullable: true }) or?: CommitmentFilter[];
  @Field(() => CommitmentFilter, { nullable: true }) not?: CommitmentFilter;
}
filterFields(CommitmentFilter, commitmentFields, {
  includedIn: {
    before: 'periodStart',
    type: () => CommitmentFilter,
    nullable: true,
    description: "The commitment whose amount already contains this one's matches this filter.",
  },
  providerCode: { type: () => StringFilter, nullable: true },
  beneficiaryCode: { type: () => StringFilter, nullable: true },
  domain: { type: () => String, nullable: true, description: 'Slug of a cooperation domain; matches it and every domain under it.' },
  mechanism: { type: () => String, nullable: true, description: 'Slug of a mechanism; matches it and every mechanism under it.' },
  agreement: { type: () => namedType('AgreementFilter'), nullable: true },
  source: { type: () => SourceFilter, nullable: true },
  restrictedBy: {
    type: () => namedType('ConstraintFilter'),
    nullable: true,
    description: 'At least one constraint restricting the commitment matches.',
  },
  search: { type: () => String, nullable: true, description: 'Full-text search over summary and quote (web-search syntax).' },
});

export const CommitmentOrder = orderEnum('CommitmentOrder', commitmentCollection.orders);
export const CommitmentConnection = connectionType(CommitmentNode, 'Commitment');
export const CommitmentListArgs = listArgs(CommitmentFilter, CommitmentOrder, 'Commitment');
