import { Field, InputType, Int } from 'type-graphql';
import { CurrencyScalar, DateScalar, DecimalScalar } from '../shared/scalars/scalars';
import { PartyRole } from '../domain/enums';
import '../domain/graphql-enums';
import { inputFields } from '../shared/fields/graphql';
import { actorFields } from '../domain/actor/actor.fields';
import { agreementFields } from '../domain/agreement/agreement.fields';
import { commitmentFields } from '../domain/commitment/commitment.fields';
import { constraintFields } from '../domain/constraint/constraint.fields';
import { mechanismFields } from '../domain/mechanism/mechanism.fields';
import { domainFields } from '../domain/cooperation-domain/cooperation-domain.fields';
import { sourceFields } from '../domain/source/source.fields';

// The inputs of the curation mutations: the fields of the seed files (seeds/README.md is their codebook), with
// references by natural key (slug, code, key). Every field is optional so that one input serves create (where the
// seed schema then requires what it requires) and update (which changes only the fields given).

@InputType({ description: 'An amount: an exact decimal string and an ISO 4217 currency.' })
export class MoneyInput {
  @Field(() => DecimalScalar) amount!: string;
  @Field(() => CurrencyScalar) currency!: string;
}

@InputType()
export class PeriodInput {
  @Field(() => DateScalar, { nullable: true }) start?: string | null;
  @Field(() => DateScalar, { nullable: true }) end?: string | null;
  @Field(() => String, { nullable: true }) label?: string | null;
}

@InputType()
export class PartyInput {
  @Field({ description: 'Actor code.' }) actor!: string;
  @Field(() => PartyRole) role!: PartyRole;
}

@InputType()
export class AgreementSourceInput {
  @Field({ description: 'Source key.' }) source!: string;
  @Field(() => String, { nullable: true, description: 'Which facts of the agreement it backs.' }) supports?: string | null;
}

/** An agreement in the seed format: its curated declared fields (agreement.fields.ts) and these references and links. */
@InputType({ description: 'An agreement without its commitments and constraints (they have mutations of their own).' })
export class AgreementInput {}
inputFields(AgreementInput, agreementFields, {
  framework: { after: 'terminationNoticeMonths', type: () => String, nullable: true, description: 'Slug of the agreement it rests on.' },
  parties: { type: () => [PartyInput], nullable: true },
  sources: { type: () => [AgreementSourceInput], nullable: true },
});

@InputType({ description: 'A span `[start, end)` of an agreement text, in characters.' })
export class TextSpanInput {
  @Field(() => Int) start!: number;
  @Field(() => Int) end!: number;
}

const CORROBORATED_BY_INPUT = "Keys of other sources that report the same undertaking (never the quote's own source).";

/** A commitment in the seed format: its curated declared fields (commitment.fields.ts) and these references and composites. */
@InputType()
export class CommitmentInput {}
inputFields(CommitmentInput, commitmentFields, {
  agreement: { before: 'key', type: () => String, nullable: true, description: 'Slug of its agreement.' },
  provider: { after: 'key', type: () => String, nullable: true, description: 'Actor code.' },
  beneficiary: { after: 'provider', type: () => String, nullable: true, description: 'Actor code.' },
  quoteSpans: {
    after: 'quoteTranslation',
    type: () => [TextSpanInput],
    nullable: true,
    description: 'Where the quote stands in the agreement text in `quoteLanguage`; checked against the text.',
  },
  amount: { after: 'modality', type: () => MoneyInput, nullable: true },
  includedIn: { after: 'amountBasis', type: () => String, nullable: true, description: 'Key of the commitment whose amount contains this one.' },
  period: { before: 'lethal', type: () => PeriodInput, nullable: true },
  domains: { type: () => [String], nullable: true, description: 'Slugs of leaf domains.' },
  mechanisms: { type: () => [String], nullable: true, description: 'Mechanism slugs.' },
  source: { type: () => String, nullable: true, description: 'Key of the source that carries the quote.' },
  corroboratedBy: { type: () => [String], nullable: true, description: CORROBORATED_BY_INPUT },
});

/** A constraint in the seed format: its curated declared fields (constraint.fields.ts) and these references. */
@InputType()
export class ConstraintInput {}
inputFields(ConstraintInput, constraintFields, {
  agreement: { before: 'key', type: () => String, nullable: true, description: 'Slug of its agreement.' },
  actor: { after: 'key', type: () => String, nullable: true, description: 'Actor code.' },
  quoteSpans: {
    after: 'quoteTranslation',
    type: () => [TextSpanInput],
    nullable: true,
    description: 'Where the quote stands in the agreement text in `quoteLanguage`; checked against the text.',
  },
  restricts: { type: () => [String], nullable: true, description: 'Keys of the commitments of the same agreement it limits.' },
  source: { type: () => String, nullable: true },
  corroboratedBy: { type: () => [String], nullable: true, description: CORROBORATED_BY_INPUT },
});

/** An actor in the seed format: its curated declared fields (actor.fields.ts). */
@InputType()
export class ActorInput {}
inputFields(ActorInput, actorFields);

/** A source in the seed format: its curated declared fields (source.fields.ts). */
@InputType()
export class SourceInput {}
// The input has always listed noUrlReason last.
inputFields(SourceInput, sourceFields, { noUrlReason: { after: 'reliability' } });

/** A mechanism in the seed format: its curated declared fields (mechanism.fields.ts) and its parent by slug. */
@InputType()
export class MechanismInput {}
inputFields(MechanismInput, mechanismFields, {
  parent: { after: 'kind', type: () => String, nullable: true, description: 'Slug of the parent mechanism.' },
});

@InputType()
export class DomainMappingInput {
  @Field() taxonomy!: string;
  @Field() term!: string;
}

/** A domain as a flat record: its curated declared fields (cooperation-domain.fields.ts), its parent by slug and its mappings. */
@InputType()
export class CooperationDomainInput {}
inputFields(CooperationDomainInput, domainFields, {
  parent: { type: () => String, nullable: true, description: 'Slug of the parent domain (a cycle is refused).' },
  mappings: { type: () => [DomainMappingInput], nullable: true },
});
