import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { connectionType } from '../../shared/connection/connection';
import { DateFilter, IdFilter, IntFilter, StringFilter, listArgs } from '../../shared/list-query/filter-inputs';
import { DateScalar } from '../../shared/scalars/scalars';
import { AgreementKind, AgreementStatus, LegalNature, PartyRole } from '../enums';
import { AgreementKindFilter, AgreementStatusFilter, LegalNatureFilter, orderEnum } from '../graphql-enums';
import type { ActorNode } from '../actor/actor.type';
import type { CommitmentFilter } from '../commitment/commitment.type';
import type { ConstraintFilter } from '../constraint/constraint.type';
import { namedType } from '../../shared/schema-types/named-type';
import { agreementCollection } from './agreement.collection';

@ObjectType('Agreement', {
  simpleResolvers: true,
  description: 'An agreement, declaration or compact, broken down into commitments and constraints.',
})
export class AgreementNode {
  @Field(() => ID) id!: number;
  @Field(() => Int, { description: 'Bumped on every change; updates name the version they expect.' }) version!: number;
  @Field({ description: 'e.g. `japan-ukraine-2024`: partner, "ukraine", year.' }) slug!: string;
  @Field(() => String, { nullable: true, description: 'The formal title as found; null where no source gives it.' }) title!: string | null;
  @Field() shortTitle!: string;
  @Field(() => AgreementKind) kind!: AgreementKind;
  @Field(() => LegalNature) legalNature!: LegalNature;
  @Field(() => AgreementStatus) status!: AgreementStatus;
  @Field(() => DateScalar, { nullable: true }) signedOn!: string | null;
  @Field(() => String, { nullable: true }) signedPlace!: string | null;
  @Field(() => DateScalar, { nullable: true }) entryIntoForce!: string | null;
  @Field(() => Int, { nullable: true }) durationYears!: number | null;
  @Field(() => DateScalar, { nullable: true }) expiresOn!: string | null;
  @Field(() => Int, { nullable: true }) terminationNoticeMonths!: number | null;
  @Field(() => String, { nullable: true }) summary!: string | null;
  frameworkId!: number | null;
}

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
  @Field(() => IdFilter, { nullable: true }) id?: object;
  @Field(() => StringFilter, { nullable: true }) slug?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) title?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) shortTitle?: StringFilter;
  @Field(() => AgreementKindFilter, { nullable: true }) kind?: object;
  @Field(() => LegalNatureFilter, { nullable: true }) legalNature?: object;
  @Field(() => AgreementStatusFilter, { nullable: true }) status?: object;
  @Field(() => DateFilter, { nullable: true }) signedOn?: object;
  @Field(() => StringFilter, { nullable: true }) signedPlace?: StringFilter;
  @Field(() => DateFilter, { nullable: true }) entryIntoForce?: object;
  @Field(() => IntFilter, { nullable: true }) durationYears?: object;
  @Field(() => DateFilter, { nullable: true }) expiresOn?: object;
  @Field(() => IntFilter, { nullable: true }) terminationNoticeMonths?: object;
  @Field(() => StringFilter, { nullable: true, description: 'Code of any party (JP, UA, EU, G7, ...).' }) partyCode?: StringFilter;
  @Field(() => String, {
    nullable: true,
    description: 'Slug of a cooperation domain; matches agreements with a commitment in it or in any domain under it.',
  })
  domain?: string;
  @Field(() => AgreementFilter, { nullable: true, description: 'The framework the agreement rests on matches this filter.' })
  framework?: AgreementFilter;
  @Field(() => namedType('CommitmentFilter'), { nullable: true, description: 'At least one commitment matches this filter.' })
  hasCommitment?: CommitmentFilter;
  @Field(() => namedType('ConstraintFilter'), { nullable: true, description: 'At least one constraint matches this filter.' })
  hasConstraint?: ConstraintFilter;
  @Field(() => String, {
    nullable: true,
    description: 'Full-text search over titles, summary and place (web-search syntax: "quoted phrase", or, -word).',
  })
  search?: string;
}

export const AgreementOrder = orderEnum('AgreementOrder', agreementCollection.orders);
export const AgreementConnection = connectionType(AgreementNode, 'Agreement');
export const AgreementListArgs = listArgs(AgreementFilter, AgreementOrder, 'Agreement');
