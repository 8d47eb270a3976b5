import { idField, recordIdentity, textField } from '../../shared/fields/fields';
import { slug } from '../../shared/fields/validators';

/**
 * Every scalar column of a cooperation domain, declared once, in the order the API shows them (docs/FIELDS.md).
 * `mappings` (a JSON list of taxonomy terms) is no scalar: the entity, the type and the records carry it themselves.
 */
export const domainFields = {
  ...recordIdentity(),
  slug: textField({ order: true, seed: slug, entity: { unique: true } }),
  name: textField({ order: true }),
  // Domains have never been filtered on their description (free prose).
  description: textField({ nullable: true, filter: false }),
  // Kept for the parent and children relations; records name the parent by slug (`parent`), written apart.
  parentId: idField({ column: 'parent_id', nullable: true, graphql: false, filter: false, curated: false, entity: { index: true } }),
};
