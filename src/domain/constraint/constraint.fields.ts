import { ConstraintKind, QuoteOrigin } from '../enums';
import { enumField, idField, intField, textField } from '../../shared/fields/fields';
import { language, recordKey } from '../../shared/fields/validators';

/**
 * Every column of a constraint, declared once, in the order the API shows them (docs/FIELDS.md); relations and
 * references by key (`agreement`, `actor`, `restricts`, `source`) are added where they are used.
 */
export const constraintFields = {
  id: idField({ curated: false, order: true, entity: { primary: true } }),
  version: intField({
    description: 'Bumped on every change; updates name the version they expect.',
    filter: false,
    curated: false,
    entity: { default: 1 },
  }),
  key: textField({ order: true, seed: recordKey, entity: { unique: true } }),
  agreementId: idField({ column: 'agreement_id', graphql: false, filter: false, curated: false }),
  actorId: idField({ column: 'actor_id', nullable: true, graphql: false, filter: false, curated: false, entity: { index: true } }),
  kind: enumField(ConstraintKind, 'constraint_kind', { order: true, entity: { index: true } }),
  summary: textField(),
  quote: textField({ description: 'The operative words (about 40 at most), as the source gives them.' }),
  quoteOrigin: enumField(QuoteOrigin, 'quote_origin', { description: 'Whose words `quote` is.' }),
  quoteLanguage: textField({
    nullable: true,
    description: 'ISO 639-1 code of the language `quote` is in; for a quote from an agreement text, that of the text its spans are in.',
    inputDescription: 'ISO 639-1 code of the language of `quote`.',
    seed: language,
  }),
  quoteTranslation: textField({
    nullable: true,
    description: "OUR translation of `quote` into English, where the quote is in another language: the analysts' words, not the source's.",
    inputDescription: "Our English translation of a quote in another language (not the source's words).",
  }),
  locator: textField({ nullable: true }),
  sourceId: idField({ column: 'source_id', graphql: false, filter: false, curated: false, entity: { index: true } }),
};
