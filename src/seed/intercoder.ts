import { createHash } from 'crypto';
import { Modality } from '../domain/enums';
import { ProvisionKind, SegmentedProvision } from '../domain/provision/segment';
import { AgreementSeed } from './seed-schema';

/**
 * The inter-coder check (issue 16, item 8; seeds/README.md, "Inter-coder checks"): a reproducible 10% sample of the
 * leaf provisions of every agreement text, the first coder's coding of each sampled provision read from the seed,
 * and Cohen's kappa between it and a second coder's blind coding. Pure: no I/O.
 */

/** The share of each text's leaf provisions the sample takes (rounded up, at least one). */
export const SAMPLE_SHARE = 0.1;

/** Mixed into the hash so that the sample is fixed by this constant, not by whoever runs it. */
export const SAMPLE_SEED = 'icr-2026-issue-16';

/**
 * Leaf kinds the sample leaves out: they are not operative by their form (a heading line, the title, a signature
 * block), so coders cannot disagree on them and counting them would inflate the agreement.
 */
export const UNSAMPLED_KINDS: readonly ProvisionKind[] = ['HEADING', 'TITLE', 'SIGNATURES'];

/** One sampled provision: where it is, never its words. */
export interface SampledProvision {
  slug: string;
  path: string;
  kind: ProvisionKind;
  start: number;
  end: number;
  /** The segmenter's guess of `operative` (a fact about the text, kept so the check runs without the texts). */
  segmenterOperative: boolean;
}

/** The sample's sort key of a provision: the first 16 hex digits of sha256(`<seed>|<slug>|<path>`). */
export function sampleHash(slug: string, path: string): string {
  return createHash('sha256').update(`${SAMPLE_SEED}|${slug}|${path}`).digest('hex').slice(0, 16);
}

/**
 * The sampled provisions of one text: its leaves (less {@link UNSAMPLED_KINDS}) ordered by {@link sampleHash}, the
 * first ceil(10%) of them, returned in document order. The same text and slug always give the same sample.
 */
export function sampleProvisions(slug: string, provisions: readonly SegmentedProvision[]): SampledProvision[] {
  const candidates = provisions.filter((p) => p.leaf && !UNSAMPLED_KINDS.includes(p.kind));
  if (candidates.length === 0) return [];
  const size = Math.max(1, Math.ceil(candidates.length * SAMPLE_SHARE));
  return candidates
    .map((p) => ({ p, hash: sampleHash(slug, p.path) }))
    .sort((x, y) => (x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : 0))
    .slice(0, size)
    .map(({ p }) => p)
    .sort((x, y) => x.start - y.start)
    .map((p) => ({ slug, path: p.path, kind: p.kind, start: p.start, end: p.end, segmenterOperative: p.operative }));
}

/** A coder's coding of one provision. `modality` and `domains` only for an operative provision. */
export interface ProvisionCoding {
  slug: string;
  path: string;
  operative: boolean;
  /** Why not operative (RECITAL, DEFINITION, FINAL_CLAUSE, PAST_AID, STATEMENT, HEADING), or null. */
  reason?: string | null;
  /** The modality of the main undertaking; null when the coder records only a constraint or none. */
  modality?: Modality | null;
  /** Leaf domains of the main undertaking; empty when none. */
  domains?: string[];
  note?: string;
}

/**
 * The first coder's coding of a sampled provision, read from the seed: operative as the agreement's provision note
 * says, else operative if a commitment or constraint's first span starts in it, else the segmenter's guess; the
 * modality and domains of the commitment whose first span starts in the provision (the earliest if several).
 */
export function firstCoderCoding(agreement: AgreementSeed, provision: SampledProvision): ProvisionCoding {
  const startsInside = (record: { quoteSpans?: { start: number; end: number }[] | null }) => {
    const first = record.quoteSpans?.[0];
    return first !== undefined && first.start >= provision.start && first.start < provision.end;
  };
  const firstStart = (record: { quoteSpans?: { start: number }[] | null }) => record.quoteSpans?.[0]?.start ?? 0;
  const commitments = agreement.commitments.filter(startsInside).sort((x, y) => firstStart(x) - firstStart(y));
  const constraints = agreement.constraints.filter(startsInside);
  const note = (agreement.provisionNotes ?? []).find((n) => n.path === provision.path);
  const coded = commitments.length + constraints.length > 0;
  const operative = note ? note.operative : coded || provision.segmenterOperative;
  const main = operative ? commitments[0] : undefined;
  return {
    slug: provision.slug,
    path: provision.path,
    operative,
    reason: operative ? null : (note?.reason ?? null),
    modality: main ? main.modality : null,
    domains: main ? [...main.domains] : [],
  };
}

/**
 * The first coder's codings of the sampled provisions of the agreements that are coded from their text (those whose
 * seed has `texts`); provisions of other agreements (still being recoded) are left out.
 */
export function firstCoderCodings(agreements: readonly AgreementSeed[], sample: readonly SampledProvision[]): ProvisionCoding[] {
  const coded = new Map(agreements.filter((a) => (a.texts ?? []).length > 0).map((a) => [a.slug, a]));
  return sample.flatMap((p) => {
    const agreement = coded.get(p.slug);
    return agreement ? [firstCoderCoding(agreement, p)] : [];
  });
}

/** Observed agreement and Cohen's kappa over paired nominal labels. */
export interface KappaResult {
  /** Pairs compared. */
  n: number;
  /** Pairs where both coders gave the same label. */
  agreed: number;
  /** agreed / n (0 when n is 0). */
  observed: number;
  /** Chance agreement from the two coders' marginal shares. */
  expected: number;
  /** (observed - expected) / (1 - expected); null when undefined (no pairs, or chance agreement is 1). */
  kappa: number | null;
}

/**
 * Cohen's kappa for two coders' labels of the same items: κ = (pₒ − pₑ) / (1 − pₑ), with pₑ = Σ over labels of the
 * product of the two coders' shares of that label. Null where it is undefined (no items, or both coders used one and
 * the same label throughout, so chance agreement is already 1).
 */
export function cohensKappa(pairs: readonly (readonly [string, string])[]): KappaResult {
  const n = pairs.length;
  if (n === 0) return { n: 0, agreed: 0, observed: 0, expected: 0, kappa: null };
  const agreed = pairs.filter(([a, b]) => a === b).length;
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  for (const [a, b] of pairs) {
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  let expected = 0;
  for (const [label, count] of first) expected += (count / n) * ((second.get(label) ?? 0) / n);
  const observed = agreed / n;
  const kappa = expected === 1 ? null : (observed - expected) / (1 - expected);
  return { n, agreed, observed, expected, kappa };
}

/**
 * The label pair for two domain sets under the codebook's rule: the coders agree when their sets intersect. Agreeing
 * pairs get the same label (the alphabetically first shared leaf); others keep each coder's alphabetically first
 * leaf, so kappa's chance term still sees the spread of domains each coder used.
 */
export function domainPair(first: readonly string[], second: readonly string[]): [string, string] {
  const shared = first.filter((d) => second.includes(d)).sort();
  if (shared.length > 0) return [shared[0], shared[0]];
  return [[...first].sort()[0] ?? '(none)', [...second].sort()[0] ?? '(none)'];
}

/** One field on which the two coders differ. */
export interface Disagreement {
  slug: string;
  path: string;
  field: 'operative' | 'modality' | 'domain';
  first: string;
  second: string;
}

/** The three comparisons of the inter-coder check, and every disagreement. */
export interface IntercoderReport {
  /** Operative or not, over every sampled provision both coders coded. */
  operative: KappaResult;
  /** Modality, over provisions both call operative and both give a modality. */
  modality: KappaResult;
  /** Domain (agreement = the sets intersect), over provisions both call operative and both give domains. */
  domain: KappaResult;
  disagreements: Disagreement[];
}

const keyOf = (c: { slug: string; path: string }) => `${c.slug}|${c.path}`;

/**
 * Compares the first and the second coder over the provisions both coded (paired by slug and path), in the order of
 * `first`. Provisions only one coder coded are ignored.
 */
export function compareCodings(first: readonly ProvisionCoding[], second: readonly ProvisionCoding[]): IntercoderReport {
  const seconds = new Map(second.map((c) => [keyOf(c), c]));
  const operative: [string, string][] = [];
  const modality: [string, string][] = [];
  const domain: [string, string][] = [];
  const disagreements: Disagreement[] = [];
  const differ = (a: ProvisionCoding, field: Disagreement['field'], x: string, y: string) => {
    if (x !== y) disagreements.push({ slug: a.slug, path: a.path, field, first: x, second: y });
  };
  for (const a of first) {
    const b = seconds.get(keyOf(a));
    if (!b) continue;
    const pair: [string, string] = [a.operative ? 'operative' : 'not operative', b.operative ? 'operative' : 'not operative'];
    operative.push(pair);
    differ(a, 'operative', ...pair);
    if (!a.operative || !b.operative) continue;
    if (a.modality && b.modality) {
      modality.push([a.modality, b.modality]);
      differ(a, 'modality', a.modality, b.modality);
    }
    const firstDomains = a.domains ?? [];
    const secondDomains = b.domains ?? [];
    if (firstDomains.length > 0 && secondDomains.length > 0) {
      const labels = domainPair(firstDomains, secondDomains);
      domain.push(labels);
      if (labels[0] !== labels[1]) differ(a, 'domain', [...firstDomains].sort().join(', '), [...secondDomains].sort().join(', '));
    }
  }
  return { operative: cohensKappa(operative), modality: cohensKappa(modality), domain: cohensKappa(domain), disagreements };
}

function kappaLine(what: string, k: KappaResult): string {
  const kappa = k.kappa === null ? 'undefined' : k.kappa.toFixed(3);
  return `  ${what.padEnd(10)} kappa ${kappa}  agreement ${k.agreed} of ${k.n} (${(k.observed * 100).toFixed(1)}%, chance ${(k.expected * 100).toFixed(1)}%)`;
}

/**
 * The inter-coder figures as plain text, for `npm run seed -- --check` and the codebook: the kappas before resolution
 * (the honest inter-coder figures), and how many disagreements remain between the seed as it is now and the second
 * coder (those the resolution decided for the first coder, or left as both defensible).
 */
export function formatIntercoder(before: IntercoderReport, after: IntercoderReport, sampled: number, resolutions: number): string {
  return [
    `Inter-coder check: ${sampled} provisions sampled, ${before.operative.n} coded by both coders (the others belong to agreements not yet coded from their text)`,
    'Before resolution:',
    kappaLine('operative', before.operative),
    kappaLine('modality', before.modality),
    kappaLine('domain', before.domain),
    `  disagreements: ${before.disagreements.length}, resolutions recorded: ${resolutions}`,
    `After resolution (seed now vs second coder): ${after.disagreements.length} differences left (kept for the first coder or both defensible)`,
  ].join('\n');
}

/**
 * The disagreements that have no resolution recorded (matched on slug, path and field): the check requires none.
 */
export function unresolved(
  disagreements: readonly Disagreement[],
  resolutions: readonly { slug: string; path: string; field: string }[],
): Disagreement[] {
  const done = new Set(resolutions.map((r) => `${r.slug}|${r.path}|${r.field}`));
  return disagreements.filter((d) => !done.has(`${d.slug}|${d.path}|${d.field}`));
}
