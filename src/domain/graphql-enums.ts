import { registerEnumType } from 'type-graphql';
import { enumFilter } from '../shared/list-query/filter-inputs';
import {
  ActorKind, AgreementKind, AgreementStatus, CommitmentKind, CommitmentStage, ConstraintKind, LegalNature,
  MechanismKind, Modality, PartyRole, Reliability, SourceKind,
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

export const ActorKindFilter = enumFilter(ActorKind, 'ActorKind');
export const AgreementKindFilter = enumFilter(AgreementKind, 'AgreementKind');
export const LegalNatureFilter = enumFilter(LegalNature, 'LegalNature');
export const AgreementStatusFilter = enumFilter(AgreementStatus, 'AgreementStatus');
export const CommitmentKindFilter = enumFilter(CommitmentKind, 'CommitmentKind');
export const ModalityFilter = enumFilter(Modality, 'Modality');
export const CommitmentStageFilter = enumFilter(CommitmentStage, 'CommitmentStage');
export const ConstraintKindFilter = enumFilter(ConstraintKind, 'ConstraintKind');
export const SourceKindFilter = enumFilter(SourceKind, 'SourceKind');
export const ReliabilityFilter = enumFilter(Reliability, 'Reliability');
export const MechanismKindFilter = enumFilter(MechanismKind, 'MechanismKind');

/** Registers the `orderBy` enum of a collection from the orders its collection spec allows. */
export function orderEnum(name: string, orders: Record<string, unknown>): Record<string, string> {
  const values = Object.fromEntries(Object.keys(orders).map((value) => [value, value]));
  registerEnumType(values, { name });
  return values;
}
