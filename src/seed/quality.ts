import { Modality, QuoteOrigin, Reliability, SourceKind } from '../domain/enums';
import { flattenDomains } from './read-corpus';
import { AgreementSeed, DomainSeed, SeedCorpus, SourceSeed } from './seed-schema';

/**
 * The verbs that carry a commitment's modality (seeds/README.md, "modality"). A commitment coded `NOT_STATED` must
 * not have any of them in its quote: if the quote says "will", the modality is stated.
 */
export const MODAL_VERBS: readonly string[] = [
  'shall',
  'will',
  'undertake',
  'undertakes',
  'commit',
  'commits',
  'intend',
  'intends',
  'seek',
  'seeks',
  'strive',
  'strives',
  'aim',
  'aims',
  'may',
  'consider',
  'considers',
  'explore',
  'explores',
];

/** The longest quote, in words, the codebook accepts ("at most about 40 words", with a little slack). */
export const MAX_QUOTE_WORDS = 45;

const modalPattern = new RegExp(`\\b(${MODAL_VERBS.join('|')})\\b`, 'gi');

/**
 * The modal verbs of {@link MODAL_VERBS} found in a quote, lower-cased, in order of appearance. Whole words only,
 * case-insensitive; "May" the month (next to a day or a year: "16 May", "May 2024") is not a verb and is skipped.
 */
export function modalVerbsIn(quote: string): string[] {
  const found: string[] = [];
  for (const match of quote.matchAll(modalPattern)) {
    const word = match[0];
    if (word === 'May') {
      const before = quote.slice(0, match.index).trimEnd();
      const after = quote.slice(match.index + word.length).trimStart();
      if (/\b\d{1,2}(st|nd|rd|th)?$/.test(before) || /^\d/.test(after)) continue;
    }
    found.push(word.toLowerCase());
  }
  return found;
}

/** True when a commitment is coded `NOT_STATED` although its quote carries a modal verb (a coding error). */
export function notStatedWithModalVerb(commitment: { modality: string; quote: string }): boolean {
  return commitment.modality === Modality.NOT_STATED && modalVerbsIn(commitment.quote).length > 0;
}

/** The number of words of a quote (runs of non-space characters). */
export function quoteWordCount(quote: string): number {
  const trimmed = quote.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/).length;
}

/** The slugs of the domain tree's leaves (nodes without children): the only domains a commitment may be coded at. */
export function leafDomains(domains: DomainSeed[]): Set<string> {
  return new Set(
    flattenDomains(domains)
      .filter((d) => d.children.length === 0)
      .map((d) => d.slug),
  );
}

/** A count and its share of a total, in percent rounded to one decimal (0 when the total is 0). */
export interface Share {
  count: number;
  percent: number;
}

/** The corpus's quality figures, as computed by {@link corpusQuality}. Plain data, safe to serialise. */
export interface CorpusQuality {
  agreements: number;
  commitments: number;
  constraints: number;
  /** Every modality, in the enum's order (strongest first), zeros included. */
  commitmentsByModality: Record<Modality, Share>;
  /** Every quote origin, in the enum's order (most authoritative first), zeros included. */
  commitmentsByQuoteOrigin: Record<QuoteOrigin, Share>;
  constraintsByQuoteOrigin: Record<QuoteOrigin, Share>;
  sources: {
    total: number;
    withUrl: Share;
    withoutUrl: Share;
    /** Of the sources without a URL, how many say why (`noUrlReason`). */
    withoutUrlWithReason: number;
  };
  /** One entry per agreement, most commitments first, then by slug. */
  commitmentsPerAgreement: { slug: string; commitments: number }[];
  /** Commitments whose modality is `NOT_STATED`, as a share of all commitments. */
  notStated: Share;
  /**
   * Commitments with an amount; of them, those inside another (`includedIn`) and those whose overlap with another the
   * texts leave open (`overlapNote`).
   */
  amounts: { total: number; includedIn: number; overlapNote: number };
  /** Commitments and constraints that name sources corroborating them besides their quote's (`corroboratedBy`). */
  corroborated: number;
  /** Keys of the commitments coded `NOT_STATED` whose quote has a modal verb ({@link notStatedWithModalVerb}). */
  notStatedWithModalVerb: string[];
  /** Keys of the commitments and constraints whose quote is longer than {@link MAX_QUOTE_WORDS} words. */
  overlongQuotes: string[];
  /** `<commitment key>: <domain>` for every domain coded that is not a leaf of the domain tree. */
  nonLeafDomains: string[];
}

function share(count: number, total: number): Share {
  return { count, percent: total === 0 ? 0 : Math.round((count / total) * 1000) / 10 };
}

function tally<K extends string>(values: readonly K[], keys: readonly K[]): Record<K, Share> {
  const result = {} as Record<K, Share>;
  for (const key of keys) result[key] = share(values.filter((value) => value === key).length, values.length);
  return result;
}

/**
 * Quality figures of a (validated) corpus: how commitments are worded and quoted, how sources are documented, how
 * the commitments spread over the agreements, and the coding slips the integrity test refuses. Pure: reads only
 * its argument.
 */
export function corpusQuality(corpus: SeedCorpus): CorpusQuality {
  const commitments = corpus.agreements.flatMap((a) => a.commitments);
  const constraints = corpus.agreements.flatMap((a) => a.constraints);
  const origins = Object.values(QuoteOrigin);
  const leaves = leafDomains(corpus.domains);
  const withoutUrl = corpus.sources.filter((s) => !s.url);
  return {
    agreements: corpus.agreements.length,
    commitments: commitments.length,
    constraints: constraints.length,
    commitmentsByModality: tally(
      commitments.map((c) => c.modality),
      Object.values(Modality),
    ),
    commitmentsByQuoteOrigin: tally(
      commitments.map((c) => c.quoteOrigin),
      origins,
    ),
    constraintsByQuoteOrigin: tally(
      constraints.map((c) => c.quoteOrigin),
      origins,
    ),
    sources: {
      total: corpus.sources.length,
      withUrl: share(corpus.sources.length - withoutUrl.length, corpus.sources.length),
      withoutUrl: share(withoutUrl.length, corpus.sources.length),
      withoutUrlWithReason: withoutUrl.filter((s) => Boolean(s.noUrlReason?.trim())).length,
    },
    commitmentsPerAgreement: corpus.agreements
      .map((a) => ({ slug: a.slug, commitments: a.commitments.length }))
      .sort((x, y) => y.commitments - x.commitments || x.slug.localeCompare(y.slug)),
    notStated: share(commitments.filter((c) => c.modality === Modality.NOT_STATED).length, commitments.length),
    amounts: {
      total: commitments.filter((c) => c.amount).length,
      includedIn: commitments.filter((c) => c.amount && c.includedIn).length,
      overlapNote: commitments.filter((c) => c.amount && c.overlapNote).length,
    },
    corroborated: [...commitments, ...constraints].filter((f) => (f.corroboratedBy ?? []).length > 0).length,
    notStatedWithModalVerb: commitments.filter(notStatedWithModalVerb).map((c) => c.key),
    overlongQuotes: [...commitments, ...constraints].filter((f) => quoteWordCount(f.quote) > MAX_QUOTE_WORDS).map((f) => f.key),
    nonLeafDomains: commitments.flatMap((c) => c.domains.filter((d) => !leaves.has(d)).map((d) => `${c.key}: ${d}`)),
  };
}

function shareLines(shares: Record<string, Share>): string[] {
  const width = Math.max(...Object.keys(shares).map((k) => k.length));
  return Object.entries(shares).map(([key, s]) => `  ${key.padEnd(width)}  ${String(s.count).padStart(4)}  ${s.percent.toFixed(1).padStart(5)}%`);
}

/** The figures of {@link corpusQuality} as plain text, one fact a line, for the console and for seeds/README.md. */
export function formatQuality(q: CorpusQuality): string {
  const lines = [
    `Quality figures: ${q.agreements} agreements, ${q.commitments} commitments, ${q.constraints} constraints, ${q.sources.total} sources`,
    'Commitments by modality:',
    ...shareLines(q.commitmentsByModality),
    `NOT_STATED share: ${q.notStated.count} of ${q.commitments} commitments (${q.notStated.percent.toFixed(1)}%)`,
    'Commitments by quote origin:',
    ...shareLines(q.commitmentsByQuoteOrigin),
    'Constraints by quote origin:',
    ...shareLines(q.constraintsByQuoteOrigin),
    `Sources: ${q.sources.withUrl.count} with a URL (${q.sources.withUrl.percent.toFixed(1)}%), ` +
      `${q.sources.withoutUrl.count} without (${q.sources.withoutUrl.percent.toFixed(1)}%), ` +
      `of which ${q.sources.withoutUrlWithReason} give a noUrlReason`,
    `Amounts: ${q.amounts.total} commitments with an amount, ${q.amounts.includedIn} inside another (includedIn), ` +
      `${q.amounts.overlapNote} whose overlap with another the texts leave open (overlapNote)`,
    `Commitments and constraints corroborated by another source (corroboratedBy): ${q.corroborated}`,
    'Commitments per agreement:',
  ];
  const width = Math.max(0, ...q.commitmentsPerAgreement.map((a) => a.slug.length));
  lines.push(...q.commitmentsPerAgreement.map((a) => `  ${a.slug.padEnd(width)}  ${String(a.commitments).padStart(4)}`));
  const slips: [string, string[]][] = [
    ['NOT_STATED with a modal verb in the quote', q.notStatedWithModalVerb],
    [`quotes over ${MAX_QUOTE_WORDS} words`, q.overlongQuotes],
    ['domains that are not leaves', q.nonLeafDomains],
  ];
  for (const [what, items] of slips) {
    lines.push(`${what}: ${items.length}`, ...items.map((item) => `  ${item}`));
  }
  return lines.join('\n');
}

/** The quality gates of issue 16 ("Done when"), with their thresholds. */
export const GATES = {
  /** For agreements coded from their text, at least this share of commitment quotes are AGREEMENT_TEXT. */
  minAgreementTextShare: 0.9,
  /** NOT_STATED commitments must stay under this share of all commitments. */
  maxNotStatedShare: 0.08,
  /** Inter-coder kappa for modality, before resolution, at least this. */
  minModalityKappa: 0.8,
} as const;

/** One gate: the figure, whether it is met, and the agreements that keep it from being met (or would, if it were). */
export interface GateResult {
  gate: string;
  figure: string;
  met: boolean;
  /** Agreements that fall short of the gate on their own records (for aggregate gates, those below the threshold). */
  agreements: string[];
}

type QuotedRecord = {
  key: string;
  quoteLanguage?: string | null;
  quoteTranslation?: string | null;
  source: string;
  corroboratedBy?: string[];
};

/** A quote that breaks the languages rule: no `quoteLanguage`, or a language other than English with no `quoteTranslation`. */
export function untranslatedQuote(record: QuotedRecord): boolean {
  if (!record.quoteLanguage) return true;
  return record.quoteLanguage !== 'en' && !record.quoteTranslation?.trim();
}

/**
 * A fact resting only on LOW-reliability sources. A fact is a commitment or a constraint; it rests on the source that
 * carries its quote (`source`) and on the sources that report the same undertaking (`corroboratedBy`), so it counts
 * when every one of them is LOW (seeds/README.md, "Quality gates"). A key that names no source counts as LOW: what
 * cannot be read supports nothing.
 */
export function restsOnLowSource(record: QuotedRecord, sources: ReadonlyMap<string, SourceSeed>): boolean {
  return [record.source, ...(record.corroboratedBy ?? [])].every((key) => (sources.get(key)?.reliability ?? Reliability.LOW) === Reliability.LOW);
}

function hasText(agreement: AgreementSeed): boolean {
  return (agreement.texts ?? []).length > 0;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0.0%' : `${((part / whole) * 100).toFixed(1)}%`;
}

/**
 * The five gates of issue 16 over a corpus, given the inter-coder kappa for modality (before resolution; null when it
 * is undefined). Pure.
 */
export function qualityGates(corpus: SeedCorpus, modalityKappa: number | null): GateResult[] {
  const sources = new Map(corpus.sources.map((s) => [s.key, s]));
  const records = (a: AgreementSeed): QuotedRecord[] => [...a.commitments, ...a.constraints];
  const textShare = (a: AgreementSeed) => a.commitments.filter((c) => c.quoteOrigin === QuoteOrigin.AGREEMENT_TEXT).length;
  const withText = corpus.agreements.filter(hasText);
  const textCommitments = withText.reduce((n, a) => n + a.commitments.length, 0);
  const textQuotes = withText.reduce((n, a) => n + textShare(a), 0);
  const all = corpus.agreements.reduce((n, a) => n + a.commitments.length, 0);
  const notStated = (a: AgreementSeed) => a.commitments.filter((c) => c.modality === Modality.NOT_STATED).length;
  const notStatedAll = corpus.agreements.reduce((n, a) => n + notStated(a), 0);
  const untranslated = corpus.agreements.map((a) => [a.slug, records(a).filter(untranslatedQuote).length] as const);
  const low = corpus.agreements.map((a) => [a.slug, records(a).filter((r) => restsOnLowSource(r, sources)).length] as const);
  const count = (pairs: (readonly [string, number])[]) => pairs.reduce((n, [, k]) => n + k, 0);
  const offenders = (pairs: (readonly [string, number])[]) => pairs.filter(([, k]) => k > 0).map(([slug]) => slug);
  return [
    {
      gate: `AGREEMENT_TEXT share of commitment quotes, agreements with a text (>= ${GATES.minAgreementTextShare * 100}%)`,
      figure: `${textQuotes} of ${textCommitments} (${percent(textQuotes, textCommitments)}) in ${withText.length} agreements`,
      met: textCommitments === 0 || textQuotes / textCommitments >= GATES.minAgreementTextShare,
      agreements: withText.filter((a) => textShare(a) < GATES.minAgreementTextShare * a.commitments.length).map((a) => a.slug),
    },
    {
      gate: `NOT_STATED share of all commitments (< ${GATES.maxNotStatedShare * 100}%)`,
      figure: `${notStatedAll} of ${all} (${percent(notStatedAll, all)})`,
      met: all === 0 || notStatedAll / all < GATES.maxNotStatedShare,
      agreements: corpus.agreements
        .filter((a) => notStated(a) >= GATES.maxNotStatedShare * a.commitments.length && notStated(a) > 0)
        .map((a) => a.slug),
    },
    {
      gate: 'quotes without a language, or non-English without quoteTranslation (0)',
      figure: String(count(untranslated)),
      met: count(untranslated) === 0,
      agreements: offenders(untranslated),
    },
    {
      gate: 'commitments and constraints resting only on a LOW-reliability source (0)',
      figure: String(count(low)),
      met: count(low) === 0,
      agreements: offenders(low),
    },
    {
      gate: `inter-coder kappa for modality, before resolution (>= ${GATES.minModalityKappa})`,
      figure: modalityKappa === null ? 'undefined' : modalityKappa.toFixed(3),
      met: modalityKappa !== null && modalityKappa >= GATES.minModalityKappa,
      agreements: [],
    },
  ];
}

/** The gates as plain text, one a line, with the agreements that keep an unmet gate from being met. */
export function formatGates(gates: GateResult[]): string {
  return [
    'Quality gates (issue 16):',
    ...gates.map(
      (g) => `  [${g.met ? 'met' : 'NOT MET'}] ${g.gate}: ${g.figure}${!g.met && g.agreements.length > 0 ? ` (${g.agreements.join(', ')})` : ''}`,
    ),
  ].join('\n');
}

/**
 * Hosts of state media of a party to the war (Russia) and of their known reprints (UrduPoint republishes Sputnik): a
 * source there is LOW whatever its kind.
 */
export const STATE_MEDIA_OF_A_PARTY = [
  'tass.com',
  'tass.ru',
  'ria.ru',
  'rt.com',
  'sputniknews',
  'sputnikglobe.com',
  'news-front.su',
  'urdupoint.com',
];

/**
 * The mechanically checkable part of the reliability rule (seeds/README.md, "reliability"): the official text is
 * HIGH; a government's release is never LOW; press and analysis are never HIGH; a source hosted by the state media of
 * a party to the war is LOW. Returns `<key>: <what is wrong>` for each source that breaks it.
 */
export function reliabilityRuleViolations(sources: readonly SourceSeed[]): string[] {
  const problems: string[] = [];
  for (const s of sources) {
    const host = s.url ? new URL(s.url).hostname.toLowerCase() : '';
    if (s.kind === SourceKind.OFFICIAL_TEXT && s.reliability !== Reliability.HIGH) problems.push(`${s.key}: an OFFICIAL_TEXT source is HIGH`);
    if (s.kind === SourceKind.GOVERNMENT_RELEASE && s.reliability === Reliability.LOW) problems.push(`${s.key}: a GOVERNMENT_RELEASE is never LOW`);
    if ((s.kind === SourceKind.PRESS || s.kind === SourceKind.ANALYSIS) && s.reliability === Reliability.HIGH) {
      problems.push(`${s.key}: ${s.kind} is at most MEDIUM`);
    }
    if (STATE_MEDIA_OF_A_PARTY.some((h) => host === h || host.endsWith(`.${h}`)) && s.reliability !== Reliability.LOW) {
      problems.push(`${s.key}: state media of a party to the war is LOW`);
    }
  }
  return problems;
}

/**
 * The lines "- <slug>: <reason>" of seeds/README.md under a heading, up to the next heading of level 1 or 2: how the
 * codebook lists agreements excused from a rule, with the reason. A line without a reason excuses nothing.
 */
export function codebookList(readme: string, heading: string): Map<string, string> {
  const listed = new Map<string, string>();
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) return listed;
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,2}\s/.test(line)) break;
    const match = /^\s*[-*]\s+`?([a-z0-9-]+)`?\s*:\s*(\S.*)$/.exec(line);
    if (match) listed.set(match[1], match[2].trim());
  }
  return listed;
}
