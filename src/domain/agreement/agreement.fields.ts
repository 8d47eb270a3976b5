import { z } from 'zod';
import { AgreementKind, AgreementStatus, LegalNature } from '../enums';
import { dateField, enumField, idField, intField, recordIdentity, textField } from '../../shared/fields/fields';
import { slug } from '../../shared/fields/validators';

/**
 * Every column of an agreement, declared once, in the order the API shows them (docs/FIELDS.md); its parties,
 * sources, framework, commitments and constraints are added where they are used.
 */
export const agreementFields = {
  ...recordIdentity(),
  slug: textField({ description: 'e.g. `japan-ukraine-2024`: partner, "ukraine", year.', order: true, seed: slug, entity: { unique: true } }),
  title: textField({ nullable: true, order: true, description: 'The formal title as found; null where no source gives it.' }),
  shortTitle: textField({ order: true }),
  kind: enumField(AgreementKind, 'agreement_kind'),
  legalNature: enumField(LegalNature, 'legal_nature'),
  status: enumField(AgreementStatus, 'agreement_status'),
  signedOn: dateField({ nullable: true, order: true }),
  signedPlace: textField({ nullable: true }),
  entryIntoForce: dateField({ nullable: true }),
  durationYears: intField({ nullable: true, order: true, seed: z.number().int().positive() }),
  /** The expiry a source states: written and read as the record's `expiresOn`; lists show the computed one. */
  statedExpiresOn: dateField({
    nullable: true,
    record: 'expiresOn',
    inputDescription: 'Only where a source states it.',
    graphql: false,
    listed: false,
  }),
  // The stated expiry, or else entry into force plus the duration: a generated column (agreement.entity.ts).
  expiresOn: dateField({ nullable: true, curated: false, entity: false }),
  terminationNoticeMonths: intField({ nullable: true, seed: z.number().int().nonnegative() }),
  frameworkId: idField({ column: 'framework_id', nullable: true, graphql: false, filter: false, curated: false, entity: { index: true } }),
  summary: textField({ nullable: true, filter: false }),
};
