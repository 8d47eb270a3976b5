import { registerEnumType } from 'type-graphql';
import { enumFilterInput } from '../shared/fields/graphql';
import {
  ActorKind,
  AgreementKind,
  AgreementStatus,
  AmountBasis,
  AmountBound,
  CommitmentKind,
  CommitmentStage,
  ConstraintKind,
  LegalNature,
  MechanismKind,
  Modality,
  NonOperativeReason,
  PartyRole,
  QuoteOrigin,
  Reliability,
  SourceKind,
} from './enums';

registerEnumType(ActorKind, { name: 'ActorKind' });
registerEnumType(AgreementKind, { name: 'AgreementKind' });
registerEnumType(LegalNature, { name: 'LegalNature', description: 'Whether the text binds in law, is political, or no source says.' });
registerEnumType(AgreementStatus, { name: 'AgreementStatus' });
registerEnumType(PartyRole, { name: 'PartyRole' });
registerEnumType(CommitmentKind, { name: 'CommitmentKind' });
registerEnumType(Modality, { name: 'Modality', description: 'How firmly a commitment is worded ("will", "intend to", "seek to", "consider").' });
registerEnumType(CommitmentStage, { name: 'CommitmentStage' });
registerEnumType(ConstraintKind, { name: 'ConstraintKind' });
registerEnumType(SourceKind, { name: 'SourceKind' });
registerEnumType(Reliability, { name: 'Reliability' });
registerEnumType(MechanismKind, { name: 'MechanismKind' });
registerEnumType(AmountBound, { name: 'AmountBound', description: 'How the source bounds an amount: exactly, "at least", "up to" or "about".' });
registerEnumType(AmountBasis, {
  name: 'AmountBasis',
  description: 'Whether an amount is for the whole period (`TOTAL`) or for each year of it (`PER_YEAR`). Sums never add the two.',
});
registerEnumType(QuoteOrigin, {
  name: 'QuoteOrigin',
  description: "Whose words a quote is: the agreement's own text, an official statement, a press report, or an analyst's note.",
});

registerEnumType(NonOperativeReason, {
  name: 'NonOperativeReason',
  description: 'Why a provision pledges nothing: a recital, a definition, a final clause, a record of past aid, a statement, or a heading.',
});

export const ActorKindFilter = enumFilterInput(ActorKind, 'ActorKind');
export const AgreementKindFilter = enumFilterInput(AgreementKind, 'AgreementKind');
export const LegalNatureFilter = enumFilterInput(LegalNature, 'LegalNature');
export const AgreementStatusFilter = enumFilterInput(AgreementStatus, 'AgreementStatus');
export const CommitmentKindFilter = enumFilterInput(CommitmentKind, 'CommitmentKind');
export const ModalityFilter = enumFilterInput(Modality, 'Modality');
export const CommitmentStageFilter = enumFilterInput(CommitmentStage, 'CommitmentStage');
export const ConstraintKindFilter = enumFilterInput(ConstraintKind, 'ConstraintKind');
export const SourceKindFilter = enumFilterInput(SourceKind, 'SourceKind');
export const ReliabilityFilter = enumFilterInput(Reliability, 'Reliability');
export const MechanismKindFilter = enumFilterInput(MechanismKind, 'MechanismKind');
export const AmountBoundFilter = enumFilterInput(AmountBound, 'AmountBound');
export const AmountBasisFilter = enumFilterInput(AmountBasis, 'AmountBasis');
export const QuoteOriginFilter = enumFilterInput(QuoteOrigin, 'QuoteOrigin');
export const NonOperativeReasonFilter = enumFilterInput(NonOperativeReason, 'NonOperativeReason');

/** Registers the `orderBy` enum of a collection from the orders its collection spec allows. */
export function orderEnum(name: string, orders: Record<string, unknown>): Record<string, string> {
  const values = Object.fromEntries(Object.keys(orders).map((value) => [value, value]));
  registerEnumType(values, { name });
  return values;
}
