import { z } from 'zod';
import { Reliability, SourceKind } from '../enums';
import { dateField, enumField, recordIdentity, textField } from '../../shared/fields/fields';
import { slug } from '../../shared/fields/validators';

/** Every column of a source, declared once, in the order the API shows them (docs/FIELDS.md). */
export const sourceFields = {
  ...recordIdentity(),
  key: textField({ description: 'Stable key of the seed corpus.', order: true, seed: slug, entity: { unique: true } }),
  title: textField({ order: true }),
  publisher: textField({ nullable: true }),
  url: textField({ nullable: true, seed: z.url() }),
  /** Why a source has no URL (a paper-only text, a copy in shared/sources); required when `url` is empty. */
  noUrlReason: textField({
    nullable: true,
    description: 'Why there is no URL (every source has one or the other).',
    inputDescription: 'Required when url is empty.',
  }),
  publishedOn: dateField({ nullable: true, order: true }),
  kind: enumField(SourceKind, 'source_kind'),
  reliability: enumField(Reliability, 'reliability'),
};
