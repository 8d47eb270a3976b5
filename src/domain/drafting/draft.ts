/**
 * Drafts the coding of an agreement's text: its provisions (the segmenter's, as for attached texts), whether each
 * is operative, and for each operative provision the commitments it proposes, each with the words that decide its
 * modality, its ranked domains, its amounts, provider and beneficiary, and the hand-coded precedents it resembles.
 * Pure and deterministic: the same text and precedents always give the same draft; every offset points into the
 * text as given.
 */
import { Modality } from '../enums';
import { segmentText, SegmentedProvision } from '../provision/segment';
import { findAmounts, FoundAmount } from './amounts';
import { DomainTerms } from './domain-terms';
import { glossUkrainian } from './glossary';
import { governingCue, ModalCue } from './modality';
import { detectPartner, providerAndBeneficiary } from './parties';
import { PrecedentIndex, rankLabels } from './precedents';

/** A [start, end) span of the text. */
export interface Span {
  start: number;
  end: number;
}

/** One proposed commitment. */
export interface Proposal {
  record: 'COMMITMENT';
  kind: string;
  modality: Modality;
  /** The words that decide the modality (null for NOT_STATED); for a list item, the chapeau's words. */
  modalityWords: Span | null;
  domains: { domain: string; score: number }[];
  amounts: FoundAmount[];
  provider: string | null;
  beneficiary: string | null;
  quoteSpans: Span[];
  /** The words at `quoteSpans`, joined by a space: always the exact substrings. */
  quote: string;
  confidence: number;
  precedents: { commitment: string; score: number }[];
}

/** A provision of the draft. */
export interface DraftProvision {
  path: string;
  kind: string;
  start: number;
  end: number;
  leaf: boolean;
  operative: boolean;
  confidence: number;
  proposals: Proposal[];
}

/** The draft coding of a text. */
export interface Draft {
  title: string | null;
  language: string | null;
  /** The partner of Ukraine the text names most (an actor code), or null. */
  partner: string | null;
  provisions: DraftProvision[];
}

/** Neighbours consulted for the kind and domains; precedents shown per proposal. */
const NEIGHBOURS = 20;
const SHOWN_PRECEDENTS = 5;
/** Domains proposed per commitment, best first (the evaluation scores the first three). */
const SHOWN_DOMAINS = 5;
/** The codebook's longest quote (tested: 1 to 45 words). */
const MAX_QUOTE_WORDS = 45;
/** The segmenter's non-operative guesses a sum for this year or later overrides ("In 2024 Ireland has committed €128 million"). */
const isBodyStatement = (p: SegmentedProvision) => p.nonOperativeReason === 'STATEMENT' || p.nonOperativeReason === 'PAST_AID';
const CURRENT_YEAR = /\b20(?:2[4-9]|3\d)\b/u;
function pledgesSum(text: string, span: Span, dollar: string): boolean {
  const words = text.slice(span.start, span.end);
  return CURRENT_YEAR.test(words) && findAmounts(text, span.start, span.end, dollar).length > 0;
}

/** A sentence about the agreement itself ("This Agreement is intended to further the Joint Declaration"): no undertaking. */
const DESCRIBES_THE_TEXT = /^(?:this|the present) (?:agreement|arrangement|document|accord)\b/iu;

/** Words of aid already given, in English and Ukrainian. */
const PAST_AID =
  /\b(?:provided|delivered|donated|supplied|contributed|sent|disbursed|transferred)\b|(?<!\b(?:has|have) )\ballocated\b|\b(?:in|during) (?:19|20)(?:[01]\d|2[0-3])\b(?![-–])|виділено|надано|надала/iu;
const LIST_MARKER = /^(?:\(?[0-9]{1,3}[.)]|\(?[a-zа-яі]{1,2}\)|[a-zа-яі][.)]|\(?[ivxlc]{1,6}\)|[•▪◦·\-–—*])\s+/iu;

/**
 * The sentences of `text[start, end)`: split after ".", ";", "!" or "?" before an upper-case letter, a digit or an
 * opening bracket, and at line breaks; each trimmed of white space and of a leading list marker ("1.", "(a)", "•").
 *
 * @example sentenceSpans('1. One. Two.', 0, 12) // [{ start: 3, end: 7 }, { start: 8, end: 12 }]
 */
export function sentenceSpans(text: string, start: number, end: number): Span[] {
  const spans: Span[] = [];
  const boundary = /[.;!?](?=\s+["“(]?[\p{Lu}\d(])|\n/gu;
  // The provision's own list marker goes first, so that "a.  Providing ..." is not split after "a.".
  const lead = /^\s*/u.exec(text.slice(start, end))![0].length;
  const ownMarker = LIST_MARKER.exec(text.slice(start + lead, end));
  let from = start + lead + (ownMarker ? ownMarker[0].length : 0);
  const slice = text.slice(from, end);
  const offset = from;
  const push = (a: number, b: number) => {
    let s = a;
    let e = b;
    while (s < e && /\s/u.test(text[s])) s += 1;
    const marker = LIST_MARKER.exec(text.slice(s, e));
    if (marker) s += marker[0].length;
    while (e > s && /\s/u.test(text[e - 1])) e -= 1;
    if (/\p{L}/u.test(text.slice(s, e))) spans.push({ start: s, end: e });
  };
  for (const match of slice.matchAll(boundary)) {
    const cut = offset + match.index + (match[0] === '\n' ? 0 : 1);
    push(from, cut);
    from = cut;
  }
  push(from, end);
  return spans;
}

/** Cuts a span to its first `MAX_QUOTE_WORDS` words, at the end of a word. */
function capWords(text: string, span: Span): Span {
  const words = /\S+/gu;
  words.lastIndex = span.start;
  let count = 0;
  let match: RegExpExecArray | null;
  while ((match = words.exec(text)) && match.index < span.end) {
    count += 1;
    if (count === MAX_QUOTE_WORDS) return { start: span.start, end: Math.min(span.end, match.index + match[0].length) };
  }
  return span;
}

/** What a draft learns from, and the settings a caller may pass. */
export interface DraftOptions {
  title?: string | null;
  language?: string | null;
  precedents: PrecedentIndex;
  /** The domain tree's leaves by name: a proposal that names a domain leans towards it. */
  domainTerms?: DomainTerms;
}

/**
 * Drafts the coding of `text` (see the module comment).
 *
 * @example draftCoding('1. Lorland will train 100 pilots.\n', { precedents: new PrecedentIndex([]) }).provisions[0].proposals[0].modality // 'WILL'
 */
export function draftCoding(text: string, options: DraftOptions): Draft {
  const segmented = segmentText(text, { language: options.language ?? undefined });
  const partner = detectPartner(text);
  const dollar = partner === 'CA' ? 'CAD' : 'USD';
  const byOrdinal = new Map(segmented.map((p) => [p.ordinal, p]));
  const leadInOf = new Map<number, SegmentedProvision>();
  for (const p of segmented) if (p.leaf && p.path.endsWith('› lead-in') && p.parentOrdinal !== null) leadInOf.set(p.parentOrdinal, p);

  // The chapeau's cue a list item inherits: the nearest lead-in above it that has one.
  const chapeauCue = (p: SegmentedProvision): ModalCue | null => {
    let parent = p.parentOrdinal === null ? undefined : byOrdinal.get(p.parentOrdinal);
    while (parent) {
      const leadIn = leadInOf.get(parent.ordinal);
      if (leadIn && leadIn !== p) {
        const cue = governingCue(text, leadIn.start, leadIn.end);
        if (cue) return cue;
      }
      parent = parent.parentOrdinal === null ? undefined : byOrdinal.get(parent.parentOrdinal);
    }
    return null;
  };

  // The headings of the containers a provision stands under ("Defence Industry Cooperation"): words about its domain.
  const headingsAbove = (p: SegmentedProvision): string => {
    const headings: string[] = [];
    let parent = p.parentOrdinal === null ? undefined : byOrdinal.get(p.parentOrdinal);
    while (parent) {
      if (parent.heading) headings.push(parent.heading);
      parent = parent.parentOrdinal === null ? undefined : byOrdinal.get(parent.parentOrdinal);
    }
    return headings.join(' ');
  };

  const provisions = segmented.map((p): DraftProvision => {
    const base = { path: p.path, kind: p.kind, start: p.start, end: p.end, leaf: p.leaf };
    if (!p.leaf) return { ...base, operative: p.operative, confidence: 0.7, proposals: [] };
    const sentences = sentenceSpans(text, p.start, p.end);
    const inherited = p.kind === 'ITEM' || p.path.includes('(') || p.path.includes('•') ? chapeauCue(p) : null;
    const cued = sentences.map((span) => ({ span, cue: governingCue(text, span.start, span.end) }));
    const hasCue = cued.some((s) => s.cue !== null) || inherited !== null;
    // The segmenter's STATEMENT guess only knows its short list of commitment words; the codebook's wordings decide
    // ("reaffirm their commitment to holding ... accountable" WILL, "propose to establish cooperation ...:" CONSIDER).
    const operative =
      p.operative ||
      (isBodyStatement(p) && sentences.some((s) => pledgesSum(text, s, dollar))) ||
      (p.nonOperativeReason === 'STATEMENT' && hasCue && !DESCRIBES_THE_TEXT.test(text.slice(sentences[0]?.start ?? p.start, p.end)));
    if (!operative) return { ...base, operative: false, confidence: 0.8, proposals: [] };
    // A sentence with a modal verb is proposed; so is one that names a sum without one ("Finland announces its
    // twenty-third package ... of 188 million EUR"), which the coders code as an operative present tense.
    // Not a record of aid already given ("In 2022, Denmark provided ... EUR 565 million"): the codebook's PAST_AID.
    const chosen = cued.filter(
      (s) =>
        s.cue !== null || (findAmounts(text, s.span.start, s.span.end, dollar).length > 0 && !PAST_AID.test(text.slice(s.span.start, s.span.end))),
    );
    if (chosen.length === 0 && sentences.length > 0) chosen.push({ span: sentences[0], cue: inherited });
    const context = headingsAbove(p);
    const proposals = chosen.map(({ span, cue }) => propose(text, capWords(text, span), cue, partner, dollar, options, context));
    return { ...base, operative: true, confidence: p.operative ? (hasCue ? 0.9 : 0.6) : 0.6, proposals };
  });
  return { title: options.title ?? null, language: options.language ?? null, partner, provisions };
}

function propose(
  text: string,
  span: Span,
  cue: ModalCue | null,
  partner: string | null,
  dollar: string,
  options: DraftOptions,
  context: string,
): Proposal {
  const index = options.precedents;
  const quote = text.slice(span.start, span.end);
  // A Ukrainian proposal is compared with the English precedents through the glossary of domain terms.
  const words = `${quote} ${context}`;
  const neighbours = index.nearest(`${words} ${glossUkrainian(words)}`, NEIGHBOURS);
  const kinds = rankLabels(neighbours.map((n) => ({ labels: [n.precedent.kind], score: n.score })));
  const votes = rankLabels(neighbours.filter((n) => n.precedent.domains.length > 0).map((n) => ({ labels: n.precedent.domains, score: n.score })));
  const domains = withNamedDomains(votes, options.domainTerms?.named(`${quote} ${glossUkrainian(quote)}`));
  const subjectEnd = cue && cue.start >= span.start && cue.start < span.end ? cue.start : span.start + Math.min(60, span.end - span.start);
  const parties = providerAndBeneficiary(text.slice(span.start, subjectEnd), partner);
  const topScore = neighbours[0]?.score ?? 0;
  return {
    record: 'COMMITMENT',
    kind: kinds[0]?.label ?? 'POLITICAL',
    modality: cue?.modality ?? Modality.NOT_STATED,
    modalityWords: cue ? { start: cue.start, end: cue.end } : null,
    domains: domains.slice(0, SHOWN_DOMAINS),
    amounts: findAmounts(text, span.start, span.end, dollar),
    ...parties,
    quoteSpans: [span],
    quote,
    confidence: Math.round(((cue ? 0.6 : 0.3) + 0.4 * topScore) * 1000) / 1000,
    precedents: neighbours.slice(0, SHOWN_PRECEDENTS).map((n) => ({ commitment: n.precedent.key, score: Math.round(n.score * 1000) / 1000 })),
  };
}

/** How much a domain the proposal's own words name adds to its share of the neighbours' votes. */
const NAMED_DOMAIN_WEIGHT = 0.2;

/**
 * The neighbours' domain votes with the domains the words name added, best first (score, then slug).
 *
 * @example withNamedDomains([{ label: 'energy', score: 0.6 }, { label: 'sanctions', score: 0.4 }], new Map([['sanctions', 1]]))[0].domain // 'sanctions'
 */
export function withNamedDomains(
  votes: { label: string; score: number }[],
  named: Map<string, number> | undefined,
): { domain: string; score: number }[] {
  const scores = new Map(votes.map((v) => [v.label, v.score]));
  for (const [slug, share] of named ?? []) scores.set(slug, (scores.get(slug) ?? 0) + NAMED_DOMAIN_WEIGHT * share);
  return [...scores]
    .map(([domain, score]) => ({ domain, score: Math.round(score * 1000) / 1000 }))
    .sort((a, b) => b.score - a.score || (a.domain < b.domain ? -1 : 1));
}
