import { MechanismKind } from '../enums';
import { enumField, idField, recordIdentity, textField } from '../../shared/fields/fields';
import { slug } from '../../shared/fields/validators';

/** Every column of a mechanism, declared once, in the order the API shows them (docs/FIELDS.md). */
export const mechanismFields = {
  ...recordIdentity(),
  slug: textField({ order: true, seed: slug, entity: { unique: true } }),
  name: textField({ order: true }),
  kind: enumField(MechanismKind, 'mechanism_kind'),
  // Lists have never filtered on the description (free prose); the search does not cover mechanisms.
  description: textField({ nullable: true, filter: false }),
  // Kept for the parent and children relations; records name the parent by slug (`parent`), written apart.
  parentId: idField({ column: 'parent_id', nullable: true, graphql: false, filter: false, curated: false, entity: { index: true } }),
};
