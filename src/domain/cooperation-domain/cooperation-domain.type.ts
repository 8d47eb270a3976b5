import { Field, ObjectType } from 'type-graphql';
import { rowClass } from '../../shared/fields/fields';
import { objectFields } from '../../shared/fields/graphql';
import { domainFields } from './cooperation-domain.fields';

@ObjectType({
  simpleResolvers: true,
  description: 'The term a domain corresponds to in another vocabulary (G7 Joint Declaration, EU nine priorities, OPORA, ...).',
})
export class DomainMapping {
  @Field() taxonomy!: string;
  @Field() term!: string;
}

// The scalar fields come from domainFields (cooperation-domain.fields.ts); the mappings, a list of objects, are added last.
@ObjectType('CooperationDomain', { simpleResolvers: true, description: 'A node of the cooperation-domain tree.' })
export class CooperationDomainNode extends rowClass(domainFields) {
  mappings!: DomainMapping[];
}
objectFields(CooperationDomainNode, domainFields, { mappings: { type: () => [DomainMapping] } });
