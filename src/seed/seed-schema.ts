import { z } from 'zod';
import { NonOperativeReason, PartyRole, QuoteOrigin } from '../domain/enums';
import { actorFields } from '../domain/actor/actor.fields';
import { agreementFields } from '../domain/agreement/agreement.fields';
import { commitmentFields } from '../domain/commitment/commitment.fields';
import { constraintFields } from '../domain/constraint/constraint.fields';
import { mechanismFields } from '../domain/mechanism/mechanism.fields';
import { domainFields } from '../domain/cooperation-domain/cooperation-domain.fields';
import { sourceFields } from '../domain/source/source.fields';
import { seedShape } from '../shared/fields/records';
import { isoDate, language, recordKey, slug, text } from '../shared/fields/validators';

// The shape of the JSON files under seeds/ (documented in seeds/README.md). Unknown keys are errors, so a typo
// in a field name cannot silently drop a fact.

const key = recordKey;
const nullableText = text.nullable().optional();

export const sourceSeed = z
  .strictObject({
    // The curated declared fields (key, title, publisher, url, noUrlReason, publishedOn, kind, reliability): source.fields.ts.
    ...seedShape(sourceFields),
  })
  .refine((s) => Boolean(s.url) || Boolean(s.noUrlReason), { message: 'a source needs a url or a noUrlReason', path: ['url'] });

// The curated declared fields (code, name, kind): actor.fields.ts.
export const actorSeed = z.strictObject(seedShape(actorFields));

export interface DomainSeed {
  slug: string;
  name: string;
  description?: string | null;
  mappings: { taxonomy: string; term: string }[];
  children: DomainSeed[];
}
export const domainSeed: z.ZodType<DomainSeed> = z.lazy(() =>
  z.strictObject({
    // The curated declared fields (slug, name, description): cooperation-domain.fields.ts.
    ...seedShape(domainFields),
    mappings: z.array(z.strictObject({ taxonomy: text, term: text })).default([]),
    children: z.array(domainSeed).default([]),
  }),
) as z.ZodType<DomainSeed>;

export const mechanismSeed = z.strictObject({
  // The curated declared fields (slug, name, kind, description): mechanism.fields.ts; the parent is a reference by slug.
  ...seedShape(mechanismFields),
  parent: slug.nullable().optional(),
});

const money = z.strictObject({
  // What numeric(20,2) holds: at most 18 digits before the point.
  amount: z.string().regex(/^0*\d{1,18}(\.\d{1,2})?$/, 'a non-negative decimal string, at most 18 digits before the point'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
});

const period = z
  .strictObject({ start: isoDate.nullable().optional(), end: isoDate.nullable().optional(), label: nullableText })
  .refine((p) => !p.start || !p.end || p.start <= p.end, 'period end before its start');

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 as 64 lowercase hex digits');

/** Where a quote stands in an agreement text: `[start, end)` in characters (see seeds/README.md, "Texts and spans"). */
const quoteSpan = z
  .strictObject({ start: z.number().int().nonnegative(), end: z.number().int().positive() })
  .refine((s) => s.end > s.start, { message: 'a span ends after it starts', path: ['end'] });

/** Where a record's quote stands in the agreement text in its `quoteLanguage` (the language and translation are declared fields). */
const quoteSpans = z.array(quoteSpan).min(1).nullable().optional();

/** Spans need a text quote with a language, in reading order without overlap. */
function spansCoherent(record: { quoteOrigin: QuoteOrigin; quoteLanguage?: string | null; quoteSpans?: { start: number; end: number }[] | null }) {
  const spans = record.quoteSpans ?? [];
  if (spans.length === 0) return true;
  if (record.quoteOrigin !== QuoteOrigin.AGREEMENT_TEXT || !record.quoteLanguage) return false;
  return spans.every((span, i) => i === 0 || span.start >= spans[i - 1].end);
}
const SPANS_MESSAGE = 'quoteSpans need quoteOrigin AGREEMENT_TEXT and a quoteLanguage, and come in reading order without overlap';

/**
 * Sources besides the quote's that report the same fact (seeds/README.md, `corroboratedBy`): each named once, and never
 * the quote's own source (refined on the record).
 */
const corroboratingSources = z
  .array(slug)
  .refine((keys) => new Set(keys).size === keys.length, 'each corroborating source once')
  .optional();
const notItsOwnSource = (record: { source: string; corroboratedBy?: string[] }) => !(record.corroboratedBy ?? []).includes(record.source);
const NOT_ITS_OWN_SOURCE = "corroboratedBy names other sources than the quote's own (source)";

export const commitmentSeed = z
  .strictObject({
    // The curated declared fields (key, summary, quote, quoteOrigin, quoteLanguage, quoteTranslation, locator, kind,
    // modality, amountBound, amountBasis, overlapNote, lethal, stage): commitment.fields.ts.
    ...seedShape(commitmentFields),
    provider: z.string().nullable().optional(),
    beneficiary: z.string().nullable().optional(),
    quoteSpans,
    amount: money.nullable().optional(),
    /** Key of the commitment whose amount already contains this one's (same agreement or another). */
    includedIn: key.nullable().optional(),
    period: period.nullable().optional(),
    domains: z.array(slug).min(1),
    mechanisms: z.array(slug).default([]),
    source: slug,
    /** Keys of other sources that report the same undertaking (the passage is in the evidence file). */
    corroboratedBy: corroboratingSources,
  })
  .refine((c) => !c.amount || (c.amountBound && c.amountBasis), { message: 'an amount needs amountBound and amountBasis', path: ['amountBound'] })
  .refine((c) => c.amount || (!c.amountBound && !c.amountBasis && !c.includedIn), {
    message: 'amountBound, amountBasis and includedIn need an amount',
    path: ['amount'],
  })
  .refine((c) => c.includedIn !== c.key, { message: 'a commitment cannot be included in itself', path: ['includedIn'] })
  .refine((c) => c.amount || !c.overlapNote, { message: 'overlapNote needs an amount', path: ['overlapNote'] })
  .refine(spansCoherent, { message: SPANS_MESSAGE, path: ['quoteSpans'] })
  .refine(notItsOwnSource, { message: NOT_ITS_OWN_SOURCE, path: ['corroboratedBy'] });

export const constraintSeed = z
  .strictObject({
    // The curated declared fields (key, kind, summary, quote, quoteOrigin, quoteLanguage, quoteTranslation, locator):
    // constraint.fields.ts.
    ...seedShape(constraintFields),
    actor: z.string().nullable().optional(),
    quoteSpans,
    restricts: z.array(key).default([]),
    source: slug,
    corroboratedBy: corroboratingSources,
  })
  .refine(spansCoherent, { message: SPANS_MESSAGE, path: ['quoteSpans'] })
  .refine(notItsOwnSource, { message: NOT_ITS_OWN_SOURCE, path: ['corroboratedBy'] });

/** A language version of the agreement's own text, named by its sha256 (the words are never in the seed). */
export const textSeed = z.strictObject({
  language,
  sha256,
  chars: z.number().int().positive(),
  /** Key of the official publisher's source. */
  source: slug,
  reference: z.boolean().optional(),
});

/** A coder's decision on a provision of the agreement's text, by path. */
export const provisionNoteSeed = z
  .strictObject({
    path: text,
    operative: z.boolean(),
    reason: z.enum(NonOperativeReason).nullable().optional(),
    note: nullableText,
  })
  .refine((n) => n.operative || Boolean(n.reason), { message: 'a non-operative provision needs a reason', path: ['reason'] })
  .refine((n) => !n.operative || !n.reason, { message: 'an operative provision has no reason', path: ['reason'] });

export const agreementSeed = z
  .strictObject({
    // The curated declared fields (slug, title, shortTitle, kind, legalNature, status, signedOn, signedPlace,
    // entryIntoForce, durationYears, expiresOn, terminationNoticeMonths, summary): agreement.fields.ts.
    ...seedShape(agreementFields),
    framework: slug.nullable().optional(),
    parties: z.array(z.strictObject({ actor: z.string(), role: z.enum(PartyRole) })).min(1),
    sources: z.array(z.strictObject({ source: slug, supports: nullableText })).min(1),
    commitments: z.array(commitmentSeed).default([]),
    constraints: z.array(constraintSeed).default([]),
    /** Optional (not defaulted) so that records built in code need not name them. */
    texts: z.array(textSeed).optional(),
    provisionNotes: z.array(provisionNoteSeed).optional(),
  })
  .refine((a) => new Set((a.texts ?? []).map((t) => t.language)).size === (a.texts ?? []).length, {
    message: 'one text per language',
    path: ['texts'],
  })
  .refine((a) => (a.texts ?? []).filter((t) => t.reference).length <= 1, { message: 'at most one reference text', path: ['texts'] })
  .refine((a) => new Set((a.provisionNotes ?? []).map((n) => n.path)).size === (a.provisionNotes ?? []).length, {
    message: 'one note per provision path',
    path: ['provisionNotes'],
  })
  .refine((a) => !a.expiresOn || !a.signedOn || a.expiresOn > a.signedOn, 'expiresOn must follow signedOn')
  .refine((a) => !a.entryIntoForce || !a.signedOn || a.entryIntoForce >= a.signedOn, 'entryIntoForce before signedOn')
  // The expiry PostgreSQL computes (entry into force, else signature, plus the duration) must be a date the API can write.
  .refine((a) => !a.durationYears || Number((a.entryIntoForce ?? a.signedOn ?? '0001').slice(0, 4)) + a.durationYears <= 9999, {
    message: 'durationYears takes the expiry past the year 9999',
    path: ['durationYears'],
  });

export type SourceSeed = z.infer<typeof sourceSeed>;
export type ActorSeed = z.infer<typeof actorSeed>;
export type MechanismSeed = z.infer<typeof mechanismSeed>;
export type AgreementSeed = z.infer<typeof agreementSeed>;
export type CommitmentSeed = z.infer<typeof commitmentSeed>;
export type ConstraintSeed = z.infer<typeof constraintSeed>;
export type TextSeed = z.infer<typeof textSeed>;
export type ProvisionNoteSeed = z.infer<typeof provisionNoteSeed>;

/** The whole corpus as read from disk. */
export interface SeedCorpus {
  sources: SourceSeed[];
  actors: ActorSeed[];
  domains: DomainSeed[];
  mechanisms: MechanismSeed[];
  agreements: AgreementSeed[];
}
