import { Field, InputType, ObjectType } from 'type-graphql';
import { connectionType } from '../../shared/connection/connection';
import { StringFilter, listArgs } from '../../shared/list-query/filter-inputs';
import { rowClass } from '../../shared/fields/fields';
import { filterFields, objectFields } from '../../shared/fields/graphql';
import { PartyRole } from '../enums';
import { orderEnum } from '../graphql-enums';
import type { ActorNode } from '../actor/actor.type';
import { namedType } from '../../shared/schema-types/named-type';
import { agreementCollection } from './agreement.collection';
import { agreementFields } from './agreement.fields';

// The fields come from agreementFields (agreement.fields.ts).
@ObjectType('Agreement', {
  simpleResolvers: true,
  description: 'An agreement, declaration or compact, broken down into commitments and constraints.',
})
export class AgreementNode extends rowClass(agreementFields) {}
objectFields(AgreementNode, agreementFields);

@ObjectType({ simpleResolvers: true, description: 'A party to an agreement, in one role.' })
export class Party {
  @Field(() => PartyRole) role!: PartyRole;
  @Field(() => namedType('Actor')) actor!: ActorNode;
  actorId!: number;
}

@InputType({ description: 'Filter on agreements. Fields are ANDed; combine with and/or/not.' })
export class AgreementFilter {
  @Field(() => [AgreementFilter], { nullable: true }) and?: AgreementFilter[];
  @Field(() => [AgreementFilter], { nullable: true }) or?: AgreementFilter[];
  @Field(() => AgreementFilter, { nullable: true }) not?: AgreementFilter;
}
filterFields(AgreementFilter, agreementFields, {
  partyCode: { type: () => StringFilter, nullable: true, description: 'Code of any party (JP, UA, EU, G7, ...).' },
  domain: {
    type: () => String,
    nullable: true,
    description: 'Slug of a cooperation domain; matches agreements with a commitment in it or in any domain under it.',
  },
  framework: { type: () => AgreementFilter, nullable: true, description: 'The framework the agreement rests on matches this filter.' },
  hasCommitment: { type: () => namedType('CommitmentFilter'), nullable: true, description: 'At least one commitment matches this filter.' },
  hasConstraint: { type: () => namedType('ConstraintFilter'), nullable: true, description: 'At least one constraint matches this filter.' },
  search: {
    type: () => String,
    nullable: true,
    description: 'Full-text search over titles, summary and place (web-search syntax: "quoted phrase", or, -word).',
  },
});

export const AgreementOrder = orderEnum('AgreementOrder', agreementCollection.orders);
export const AgreementConnection = connectionType(AgreementNode, 'Agreement');
export const AgreementListArgs = listArgs(AgreementFilter, AgreementOrder, 'Agreement');
