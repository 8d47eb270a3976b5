import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({
  simpleResolvers: true,
  description: 'The term a domain corresponds to in another vocabulary (G7 Joint Declaration, EU nine priorities, OPORA, ...).',
})
export class DomainMapping {
  @Field() taxonomy!: string;
  @Field() term!: string;
}

@ObjectType('CooperationDomain', { simpleResolvers: true, description: 'A node of the cooperation-domain tree.' })
export class CooperationDomainNode {
  @Field(() => ID) id!: number;
  @Field(() => Int, { description: 'Bumped on every change; updates name the version they expect.' }) version!: number;
  @Field() slug!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => [DomainMapping]) mappings!: DomainMapping[];
  parentId!: number | null;
}
