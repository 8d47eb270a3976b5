/**
 * Leave-one-agreement-out evaluation of the drafter against the hand coding: for each agreement whose text is in
 * the folder and whose commitments carry quote spans into it, the drafter learns only from the other agreements'
 * commitments, drafts the text, and is scored on the agreement's own hand coding (the seed files: provision notes
 * over the segmenter's guess, commitments with their spans). No database: precedents are compared in memory.
 */
import type { SeedCorpus } from '../../seed/seed-schema';
import type { TextFile } from '../agreement-text/write-texts';
import { segmentText } from '../provision/segment';
import { Draft, draftCoding, Proposal } from './draft';
import { flattenDomains } from '../../seed/read-corpus';
import { DomainTerms } from './domain-terms';
import { Precedent, PrecedentIndex } from './precedents';

/** Precision, recall and F1 of one measure (null where nothing was there to count). */
export interface Score {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** The evaluation of one agreement, or the totals over all. */
export interface AgreementEvaluation {
  agreement: string;
  operative: Score & { truePositive: number; falsePositive: number; falseNegative: number };
  commitments: { recall: number | null; precision: number | null; handCoded: number; found: number; proposals: number; proposalsMatching: number };
  modalityAccuracy: number | null;
  domainTop1: number | null;
  domainTop3: number | null;
  amounts: Score & { proposed: number; handCoded: number; matched: number };
  exactQuotes: number | null;
  milliseconds: number;
}

/** The whole evaluation: one entry per agreement and the pooled totals. */
export interface Evaluation {
  agreements: AgreementEvaluation[];
  overall: AgreementEvaluation;
  deterministic: boolean;
}

/** The floors the issue sets; `--floors` fails below any of them. */
export const FLOORS = {
  exactQuotes: 1,
  operativeF1: 0.9,
  commitmentsRecall: 0.9,
  commitmentsPrecision: 0.7,
  modalityAccuracy: 0.9,
  domainTop1: 0.7,
  domainTop3: 0.9,
  amountsF1: 0.95,
  millisecondsPerAgreement: 2000,
} as const;

const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 1000;
function score(truePositive: number, proposed: number, actual: number): Score {
  const precision = ratio(truePositive, proposed);
  const recall = ratio(truePositive, actual);
  const f1 =
    precision === null || recall === null || precision + recall === 0
      ? null
      : Math.round(((2 * precision * recall) / (precision + recall)) * 1000) / 1000;
  return { precision, recall, f1 };
}

/** Every hand-coded commitment of the corpus as a precedent. */
export function corpusPrecedents(corpus: SeedCorpus): Precedent[] {
  return corpus.agreements.flatMap((a) =>
    a.commitments.map((c) => ({
      key: c.key,
      agreement: a.slug,
      quote: c.quote,
      context: `${c.summary} ${c.locator ?? ''}`,
      kind: c.kind,
      domains: [...(c.domains ?? [])],
    })),
  );
}

/** The leaves of the corpus's domain tree, by name. */
export function corpusDomainTerms(corpus: SeedCorpus): DomainTerms {
  const all = flattenDomains(corpus.domains);
  return new DomainTerms(all.filter((d) => !all.some((child) => child.parent === d.slug)));
}

interface Counts {
  operative: { tp: number; fp: number; fn: number };
  handCoded: number;
  found: number;
  proposals: number;
  proposalsMatching: number;
  modalityRight: number;
  top1: number;
  top3: number;
  amountsProposed: number;
  amountsHand: number;
  amountsMatched: number;
  quotes: number;
  exactQuotes: number;
  milliseconds: number;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

function countAgreement(corpus: SeedCorpus, slug: string, file: TextFile, draft: Draft, milliseconds: number): Counts {
  const agreement = corpus.agreements.find((a) => a.slug === slug)!;
  const text = file.content;
  const notes = new Map((agreement.provisionNotes ?? []).map((n) => [n.path, n.operative]));
  const hand = segmentText(text).filter((p) => p.leaf);
  const drafted = new Map(draft.provisions.map((p) => [p.path, p.operative]));
  const operative = { tp: 0, fp: 0, fn: 0 };
  const codedStarts = agreement.commitments.flatMap((c) => (c.quoteSpans ?? []).map((s) => s.start));
  for (const p of hand) {
    // A provision the coders quoted a commitment from is operative in the hand coding, whatever the segmenter's
    // first guess, which the coders only correct in `provisionNotes` where they code nothing from it.
    const truth = notes.get(p.path) ?? (p.operative || codedStarts.some((start) => start >= p.start && start < p.end));
    const guess = drafted.get(p.path) ?? false;
    if (truth && guess) operative.tp += 1;
    else if (guess) operative.fp += 1;
    else if (truth) operative.fn += 1;
  }
  const proposals: Proposal[] = draft.provisions.flatMap((p) => p.proposals);
  const coded = agreement.commitments.filter((c) => (c.quoteSpans ?? []).length > 0);
  const counts: Counts = { ...countsOfNothing(), operative, handCoded: coded.length, proposals: proposals.length, milliseconds };
  for (const c of coded) {
    const spans = c.quoteSpans!;
    const matching = proposals.filter((p) => p.quoteSpans.some((s) => spans.some((h) => overlaps(s, h))));
    if (matching.length === 0) continue;
    counts.found += 1;
    const best = matching[0];
    if (best.modality === c.modality) counts.modalityRight += 1;
    const domains = new Set(c.domains ?? []);
    if (best.domains.slice(0, 1).some((d) => domains.has(d.domain))) counts.top1 += 1;
    if (best.domains.slice(0, 3).some((d) => domains.has(d.domain))) counts.top3 += 1;
  }
  counts.proposalsMatching = proposals.filter((p) => coded.some((c) => c.quoteSpans!.some((h) => p.quoteSpans.some((s) => overlaps(s, h))))).length;
  // Amounts: the multiset of (amount, currency, bound) proposed against the hand-coded one.
  const keyOf = (amount: string, currency: string, bound: string) => `${amount} ${currency} ${bound}`;
  const handAmounts = coded.filter((c) => c.amount).map((c) => keyOf(c.amount!.amount, c.amount!.currency, c.amountBound ?? 'EXACT'));
  const unique = [...new Set(handAmounts)];
  const proposed = [...new Set(proposals.flatMap((p) => p.amounts.map((a) => keyOf(a.amount, a.currency, a.bound))))];
  counts.amountsHand = unique.length;
  counts.amountsProposed = proposed.length;
  counts.amountsMatched = proposed.filter((key) => unique.includes(key)).length;
  for (const p of proposals) {
    counts.quotes += 1;
    if (p.quoteSpans.map((s) => text.slice(s.start, s.end)).join(' ') === p.quote) counts.exactQuotes += 1;
  }
  return counts;
}

function summarise(agreement: string, c: Counts): AgreementEvaluation {
  const operative = score(c.operative.tp, c.operative.tp + c.operative.fp, c.operative.tp + c.operative.fn);
  return {
    agreement,
    operative: { ...operative, truePositive: c.operative.tp, falsePositive: c.operative.fp, falseNegative: c.operative.fn },
    commitments: {
      recall: ratio(c.found, c.handCoded),
      precision: ratio(c.proposalsMatching, c.proposals),
      handCoded: c.handCoded,
      found: c.found,
      proposals: c.proposals,
      proposalsMatching: c.proposalsMatching,
    },
    modalityAccuracy: ratio(c.modalityRight, c.found),
    domainTop1: ratio(c.top1, c.found),
    domainTop3: ratio(c.top3, c.found),
    amounts: {
      ...score(c.amountsMatched, c.amountsProposed, c.amountsHand),
      proposed: c.amountsProposed,
      handCoded: c.amountsHand,
      matched: c.amountsMatched,
    },
    exactQuotes: ratio(c.exactQuotes, c.quotes),
    milliseconds: Math.round(c.milliseconds),
  };
}

/** Field-by-field sum of two records of counts (every key of `a`, in its order). */
function sumCounts<T extends Record<string, number>>(a: T, b: T): T {
  return Object.fromEntries(Object.keys(a).map((key) => [key, a[key]! + b[key]!])) as T;
}

function add(a: Counts, b: Counts): Counts {
  const { operative: aOperative, ...aRest } = a;
  const { operative: bOperative, ...bRest } = b;
  return { operative: sumCounts(aOperative, bOperative), ...sumCounts(aRest, bRest) };
}

/**
 * Runs the leave-one-agreement-out evaluation over the folder's texts (see the module comment). Each agreement is
 * drafted twice to check determinism; the time is the first draft's, the index over the other agreements included.
 */
export function evaluateDrafting(corpus: SeedCorpus, files: TextFile[]): Evaluation {
  const all = corpusPrecedents(corpus);
  const domainTerms = corpusDomainTerms(corpus);
  const evaluated = files.filter((f) =>
    corpus.agreements.some((a) => a.slug === f.agreement && a.commitments.some((c) => (c.quoteSpans ?? []).length > 0)),
  );
  let total: Counts | null = null;
  let deterministic = true;
  const agreements: AgreementEvaluation[] = [];
  for (const file of evaluated) {
    const began = process.hrtime.bigint();
    const index = new PrecedentIndex(all.filter((p) => p.agreement !== file.agreement));
    const draft = draftCoding(file.content, { language: file.language ?? null, precedents: index, domainTerms });
    const milliseconds = Number(process.hrtime.bigint() - began) / 1e6;
    const again = draftCoding(file.content, {
      language: file.language ?? null,
      precedents: new PrecedentIndex(all.filter((p) => p.agreement !== file.agreement)),
      domainTerms,
    });
    if (JSON.stringify(again) !== JSON.stringify(draft)) deterministic = false;
    const counts = countAgreement(corpus, file.agreement, file, draft, milliseconds);
    agreements.push(summarise(file.agreement, counts));
    total = total ? add(total, counts) : counts;
  }
  const overall = summarise('overall', total ?? countsOfNothing());
  overall.milliseconds = agreements.length === 0 ? 0 : Math.round(Math.max(...agreements.map((a) => a.milliseconds)));
  return { agreements, overall, deterministic };
}

function countsOfNothing(): Counts {
  return {
    operative: { tp: 0, fp: 0, fn: 0 },
    handCoded: 0,
    found: 0,
    proposals: 0,
    proposalsMatching: 0,
    modalityRight: 0,
    top1: 0,
    top3: 0,
    amountsProposed: 0,
    amountsHand: 0,
    amountsMatched: 0,
    quotes: 0,
    exactQuotes: 0,
    milliseconds: 0,
  };
}

/** The floors an evaluation misses, each as "measure: measured < floor" (empty when all are met). */
export function missedFloors(evaluation: Evaluation): string[] {
  const o = evaluation.overall;
  const checks: [string, number | null, number, 'min' | 'max'][] = [
    ['exact quotes', o.exactQuotes, FLOORS.exactQuotes, 'min'],
    ['operative F1', o.operative.f1, FLOORS.operativeF1, 'min'],
    ['commitments recall', o.commitments.recall, FLOORS.commitmentsRecall, 'min'],
    ['commitments precision', o.commitments.precision, FLOORS.commitmentsPrecision, 'min'],
    ['modality accuracy', o.modalityAccuracy, FLOORS.modalityAccuracy, 'min'],
    ['domain top-1', o.domainTop1, FLOORS.domainTop1, 'min'],
    ['domain top-3', o.domainTop3, FLOORS.domainTop3, 'min'],
    ['amounts F1', o.amounts.f1, FLOORS.amountsF1, 'min'],
    ['slowest agreement (ms)', o.milliseconds, FLOORS.millisecondsPerAgreement, 'max'],
  ];
  const missed = checks
    .filter(([, value, floor, side]) => value === null || (side === 'min' ? value < floor : value >= floor))
    .map(([name, value, floor, side]) => `${name}: ${value ?? 'n/a'} ${side === 'min' ? '<' : '>='} ${floor}`);
  if (!evaluation.deterministic) missed.push('deterministic: two runs gave different drafts');
  return missed;
}

/** The evaluation as table lines: one row per agreement and the overall row. */
export function renderEvaluation(evaluation: Evaluation): string[] {
  const header = ['agreement', 'op P', 'op R', 'op F1', 'c R', 'c P', 'modal', 'dom@1', 'dom@3', 'amt P', 'amt R', 'exact', 'ms'];
  const cell = (value: number | null) => (value === null ? '-' : value.toFixed(3));
  const row = (e: AgreementEvaluation) => [
    e.agreement,
    cell(e.operative.precision),
    cell(e.operative.recall),
    cell(e.operative.f1),
    cell(e.commitments.recall),
    cell(e.commitments.precision),
    cell(e.modalityAccuracy),
    cell(e.domainTop1),
    cell(e.domainTop3),
    cell(e.amounts.precision),
    cell(e.amounts.recall),
    cell(e.exactQuotes),
    String(e.milliseconds),
  ];
  const rows = [...evaluation.agreements.map(row), row(evaluation.overall)];
  const width = Math.max(header[0].length, ...rows.map((r) => r[0].length));
  const line = (cells: string[]) => [cells[0].padEnd(width), ...cells.slice(1).map((c) => c.padStart(6))].join(' ');
  return [line(header), ...rows.map(line), `deterministic: ${evaluation.deterministic}`];
}
