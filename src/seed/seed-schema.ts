import { z } from 'zod';
import {
  ActorKind,
  AgreementKind,
  AgreementStatus,
  AmountBasis,
  AmountBound,
  CommitmentKind,
  CommitmentStage,
  ConstraintKind,
  LegalNature,
  MechanismKind,
  Modality,
  PartyRole,
  QuoteOrigin,
  Reliability,
  SourceKind,
} from '../domain/enums';

// The shape of the JSON files under seeds/ (documented in seeds/README.md). Unknown keys are errors, so a typo
// in a field name cannot silently drop a fact.

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  // PostgreSQL has no year 0000 (and the form stops at 9999).
  .refine((value) => !value.startsWith('0000'), 'a date from 0001-01-01')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
  }, 'a real calendar date');
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case slug');
const key = z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'a key "<agreement slug>/<name>"');
const text = z.string().trim().min(1);
const nullableText = text.nullable().optional();

export const sourceSeed = z
  .strictObject({
    key: slug,
    title: text,
    publisher: nullableText,
    url: z.url().nullable().optional(),
    publishedOn: isoDate.nullable().optional(),
    kind: z.enum(SourceKind),
    reliability: z.enum(Reliability),
    /** Why a source has no URL (a paper-only text, a copy in shared/sources); required when `url` is empty. */
    noUrlReason: nullableText,
  })
  .refine((s) => Boolean(s.url) || Boolean(s.noUrlReason), { message: 'a source needs a url or a noUrlReason', path: ['url'] });

export const actorSeed = z.strictObject({
  code: z.string().regex(/^[A-Z][A-Z0-9]{1,5}$/),
  name: text,
  kind: z.enum(ActorKind),
});

export interface DomainSeed {
  slug: string;
  name: string;
  description?: string | null;
  mappings: { taxonomy: string; term: string }[];
  children: DomainSeed[];
}
export const domainSeed: z.ZodType<DomainSeed> = z.lazy(() =>
  z.strictObject({
    slug,
    name: text,
    description: nullableText,
    mappings: z.array(z.strictObject({ taxonomy: text, term: text })).default([]),
    children: z.array(domainSeed).default([]),
  }),
) as z.ZodType<DomainSeed>;

export const mechanismSeed = z.strictObject({
  slug,
  name: text,
  kind: z.enum(MechanismKind),
  parent: slug.nullable().optional(),
  description: nullableText,
});

const money = z.strictObject({
  // What numeric(20,2) holds: at most 18 digits before the point.
  amount: z.string().regex(/^0*\d{1,18}(\.\d{1,2})?$/, 'a non-negative decimal string, at most 18 digits before the point'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
});

const period = z
  .strictObject({ start: isoDate.nullable().optional(), end: isoDate.nullable().optional(), label: nullableText })
  .refine((p) => !p.start || !p.end || p.start <= p.end, 'period end before its start');

export const commitmentSeed = z
  .strictObject({
    key,
    provider: z.string().nullable().optional(),
    beneficiary: z.string().nullable().optional(),
    summary: text,
    quote: text,
    quoteOrigin: z.enum(QuoteOrigin),
    locator: nullableText,
    kind: z.enum(CommitmentKind),
    modality: z.enum(Modality),
    amount: money.nullable().optional(),
    amountBound: z.enum(AmountBound).nullable().optional(),
    amountBasis: z.enum(AmountBasis).nullable().optional(),
    /** Key of the commitment whose amount already contains this one's (same agreement or another). */
    includedIn: key.nullable().optional(),
    period: period.nullable().optional(),
    lethal: z.boolean().nullable().optional(),
    stage: z.enum(CommitmentStage),
    domains: z.array(slug).min(1),
    mechanisms: z.array(slug).default([]),
    source: slug,
  })
  .refine((c) => !c.amount || (c.amountBound && c.amountBasis), { message: 'an amount needs amountBound and amountBasis', path: ['amountBound'] })
  .refine((c) => c.amount || (!c.amountBound && !c.amountBasis && !c.includedIn), {
    message: 'amountBound, amountBasis and includedIn need an amount',
    path: ['amount'],
  })
  .refine((c) => c.includedIn !== c.key, { message: 'a commitment cannot be included in itself', path: ['includedIn'] });

export const constraintSeed = z.strictObject({
  key,
  actor: z.string().nullable().optional(),
  kind: z.enum(ConstraintKind),
  summary: text,
  quote: text,
  quoteOrigin: z.enum(QuoteOrigin),
  locator: nullableText,
  restricts: z.array(key).default([]),
  source: slug,
});

export const agreementSeed = z
  .strictObject({
    slug,
    title: nullableText,
    shortTitle: text,
    kind: z.enum(AgreementKind),
    legalNature: z.enum(LegalNature),
    status: z.enum(AgreementStatus),
    signedOn: isoDate.nullable().optional(),
    signedPlace: nullableText,
    entryIntoForce: isoDate.nullable().optional(),
    durationYears: z.number().int().positive().nullable().optional(),
    expiresOn: isoDate.nullable().optional(),
    terminationNoticeMonths: z.number().int().nonnegative().nullable().optional(),
    framework: slug.nullable().optional(),
    summary: nullableText,
    parties: z.array(z.strictObject({ actor: z.string(), role: z.enum(PartyRole) })).min(1),
    sources: z.array(z.strictObject({ source: slug, supports: nullableText })).min(1),
    commitments: z.array(commitmentSeed).default([]),
    constraints: z.array(constraintSeed).default([]),
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

/** The whole corpus as read from disk. */
export interface SeedCorpus {
  sources: SourceSeed[];
  actors: ActorSeed[];
  domains: DomainSeed[];
  mechanisms: MechanismSeed[];
  agreements: AgreementSeed[];
}
