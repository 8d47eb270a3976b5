import { AmountBasis, AmountBound, CommitmentKind, CommitmentStage, Modality } from '../enums';
import { booleanField, dateField, decimalField, enumField, idField, recordIdentity, textField } from '../../shared/fields/fields';
import { recordKey } from '../../shared/fields/validators';
import { quoteFields } from '../quote.fields';

/**
 * Every column of a commitment, declared once, in the order the API shows them (docs/FIELDS.md). The entity, the
 * GraphQL type, filter, order and input, the list-query spec, the seed schema, the record reader and writer of
 * imports and updates, and the export are derived from it. Relations, composites (`amount`, `period`) and
 * references by key (`agreement`, `source`, ...) are added where they are used.
 */
export const commitmentFields = {
  ...recordIdentity(),
  key: textField({
    description: 'Stable key, `<agreement slug>/<name>`.',
    inputDescription: '`<agreement slug>/<short name>`.',
    order: true,
    seed: recordKey,
    entity: { unique: true },
  }),
  agreementId: idField({ column: 'agreement_id', graphql: false, filter: false, curated: false }),
  providerId: idField({ column: 'provider_id', nullable: true, graphql: false, filter: false, curated: false, entity: { index: true } }),
  beneficiaryId: idField({ column: 'beneficiary_id', nullable: true, graphql: false, filter: false, curated: false, entity: { index: true } }),
  summary: textField(),
  ...quoteFields(),
  locator: textField({ nullable: true, description: 'Where in the source the quote stands.' }),
  kind: enumField(CommitmentKind, 'commitment_kind', { order: true, entity: { index: true } }),
  modality: enumField(Modality, 'modality', { order: true }),
  // `amount` and `currency` are shown, written and read as one `Money` (commitment.type.ts, write-corpus.ts).
  amount: decimalField({ nullable: true, graphql: false, order: true, curated: false, entity: { precision: 20, scale: 2 } }),
  currency: textField({ nullable: true, graphql: false, curated: false, entity: { type: 'character', length: 3 } }),
  amountBound: enumField(AmountBound, 'amount_bound', {
    nullable: true,
    description: 'How the source bounds `amount`; null without an amount.',
  }),
  amountBasis: enumField(AmountBasis, 'amount_basis', {
    nullable: true,
    description: 'Whether `amount` is for the whole period or per year; null without an amount.',
  }),
  overlapNote: textField({
    nullable: true,
    description:
      "Where the texts leave open whether this amount overlaps another commitment's (neither text puts one within the other, as `includedIn` would): OUR sentence saying so, naming the other commitment's key. Null where no overlap is open. Filter with `overlapNote: { isNull: false }`.",
    filterDescription: 'The note on an open overlap of money; `{ isNull: false }` lists the amounts that may overlap another.',
    inputDescription: "Where the texts leave open whether this amount overlaps another commitment's: our sentence, naming that commitment's key.",
  }),
  includedInId: idField({ column: 'included_in_id', nullable: true, graphql: false, filter: false, curated: false, entity: { index: true } }),
  // The period is shown, written and read as one `Period` (start, end, label).
  periodStart: dateField({ nullable: true, graphql: false, order: true, curated: false }),
  periodEnd: dateField({ nullable: true, graphql: false, curated: false }),
  periodLabel: textField({ nullable: true, graphql: false, filter: false, curated: false }),
  lethal: booleanField({ nullable: true, description: 'For equipment: lethal or not, where a source says.' }),
  stage: enumField(CommitmentStage, 'commitment_stage'),
  sourceId: idField({ column: 'source_id', graphql: false, filter: false, curated: false, entity: { index: true } }),
};
