import { QuoteOrigin } from './enums';
import { enumField, textField } from '../shared/fields/fields';
import { language } from '../shared/fields/validators';

/**
 * The quote of a coded fact, the same for commitments and constraints (the codebook's quote rules apply to both):
 * the operative words, whose words they are, their language and our translation. Spread where the API shows them.
 */
export const quoteFields = () => ({
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
});
