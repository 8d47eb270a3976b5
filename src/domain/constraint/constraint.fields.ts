import { ConstraintKind } from '../enums';
import { enumField, idField, recordIdentity, textField } from '../../shared/fields/fields';
import { recordKey } from '../../shared/fields/validators';
import { quoteFields } from '../quote.fields';

/**
 * Every column of a constraint, declared once, in the order the API shows them (docs/FIELDS.md); relations and
 * references by key (`agreement`, `actor`, `restricts`, `source`) are added where they are used.
 */
export const constraintFields = {
  ...recordIdentity(),
  key: textField({ order: true, seed: recordKey, entity: { unique: true } }),
  agreementId: idField({ column: 'agreement_id', graphql: false, filter: false, curated: false }),
  actorId: idField({ column: 'actor_id', nullable: true, graphql: false, filter: false, curated: false, entity: { index: true } }),
  kind: enumField(ConstraintKind, 'constraint_kind', { order: true, entity: { index: true } }),
  summary: textField(),
  ...quoteFields(),
  locator: textField({ nullable: true }),
  sourceId: idField({ column: 'source_id', graphql: false, filter: false, curated: false, entity: { index: true } }),
};
