import fs from 'node:fs';
import path from 'node:path';
import { QuoteOrigin } from '../../src/domain/enums';
import {
  codebookList,
  corpusQuality,
  leafDomains,
  MAX_QUOTE_WORDS,
  modalVerbsIn,
  notStatedWithModalVerb,
  quoteWordCount,
} from '../../src/seed/quality';
import { includedInCycles, readCorpus, SEEDS_DIR } from '../../src/seed/read-corpus';
import { SeedCorpus } from '../../src/seed/seed-schema';

// The integrity rules of the codebook (seeds/README.md), checked on the committed corpus. Each assertion lists the
// offending keys, so a failure says what to recode.

/** The agreements the comparisons are built on: each needs at least 15 commitments, or a reason in the codebook. */
const COMPARISON_AGREEMENTS = [
  'united-states-ukraine-2024',
  'united-kingdom-ukraine-2024',
  'germany-ukraine-2024',
  'france-ukraine-2024',
  'poland-ukraine-2024',
];
const MIN_COMMITMENTS = 15;
/**
 * The ceiling the corpus holds today. Issue 8 aims at 15%; two research passes over every NOT_STATED quote got it to
 * about 20% and found no wording with a modal verb for the rest (seeds/README.md, "Modality: where the corpus
 * stands"). Lower this as better texts are found; never raise it.
 */
const MAX_NOT_STATED_PERCENT = 20;
const EXCUSE_HEADING = '## Where the material did not support 15 commitments';

/**
 * The agreements seeds/README.md excuses from the 15-commitment minimum: lines "- <slug>: <reason>" under
 * {@link EXCUSE_HEADING}, up to the next heading. A line without a reason excuses nothing.
 */
function excusedAgreements(readme: string): Map<string, string> {
  return codebookList(readme, EXCUSE_HEADING);
}

describe('seed corpus integrity', () => {
  let corpus: SeedCorpus;
  beforeAll(() => {
    corpus = readCorpus();
  });
  const commitments = () => corpus.agreements.flatMap((a) => a.commitments);
  const facts = () => corpus.agreements.flatMap((a) => [...a.commitments, ...a.constraints]);

  it(`gives every commitment and constraint a quote of 1 to ${MAX_QUOTE_WORDS} words`, () => {
    const bad = facts()
      .filter((f) => quoteWordCount(f.quote) === 0 || quoteWordCount(f.quote) > MAX_QUOTE_WORDS)
      .map((f) => `${f.key}: ${quoteWordCount(f.quote)} words`);
    expect(bad).toEqual([]);
  });

  it('gives every commitment and constraint a quote origin and a source that exists', () => {
    const origins = new Set<string>(Object.values(QuoteOrigin));
    const sources = new Set(corpus.sources.map((s) => s.key));
    expect(
      facts()
        .filter((f) => !origins.has(f.quoteOrigin))
        .map((f) => `${f.key}: quoteOrigin ${f.quoteOrigin}`),
    ).toEqual([]);
    expect(
      facts()
        .filter((f) => !sources.has(f.source))
        .map((f) => `${f.key}: source ${f.source}`),
    ).toEqual([]);
  });

  it('gives every source a url or a noUrlReason', () => {
    expect(corpus.sources.filter((s) => !s.url && !s.noUrlReason?.trim()).map((s) => s.key)).toEqual([]);
  });

  it('codes NOT_STATED only where the quote has no modal verb', () => {
    const bad = commitments()
      .filter(notStatedWithModalVerb)
      .map((c) => `${c.key}: ${modalVerbsIn(c.quote).join(', ')}`);
    expect(bad).toEqual([]);
  });

  it(`keeps NOT_STATED under ${MAX_NOT_STATED_PERCENT}% of commitments`, () => {
    const { notStated, commitments: total } = corpusQuality(corpus);
    expect(total).toBeGreaterThan(0);
    expect((notStated.count / total) * 100).toBeLessThan(MAX_NOT_STATED_PERCENT);
  });

  it('codes every commitment at leaf domains of the domain tree', () => {
    const leaves = leafDomains(corpus.domains);
    const bad = commitments().flatMap((c) => c.domains.filter((d) => !leaves.has(d)).map((d) => `${c.key}: ${d}`));
    expect(bad).toEqual([]);
  });

  it('gives every amount a bound and a basis', () => {
    const bad = commitments()
      .filter((c) => c.amount && (!c.amountBound || !c.amountBasis))
      .map((c) => c.key);
    expect(bad).toEqual([]);
  });

  it('has includedIn chains that end at an existing commitment, without a cycle', () => {
    const keys = new Set(commitments().map((c) => c.key));
    expect(
      commitments()
        .filter((c) => c.includedIn && !keys.has(c.includedIn))
        .map((c) => `${c.key} -> ${c.includedIn}`),
    ).toEqual([]);
    expect(includedInCycles(commitments()).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('names in each overlapNote another commitment with an amount, which is not already its includedIn target', () => {
    const withAmount = new Set(
      commitments()
        .filter((c) => c.amount)
        .map((c) => c.key),
    );
    const bad = commitments()
      .filter((c) => c.overlapNote)
      .flatMap((c) => {
        const named = [...c.overlapNote!.matchAll(/\b[a-z0-9-]+\/[a-z0-9-]+\b/g)].map((m) => m[0]).filter((k) => k !== c.key);
        const problems: string[] = [];
        if (!named.some((k) => withAmount.has(k))) problems.push(`${c.key}: names no other commitment with an amount`);
        if (c.includedIn && named.includes(c.includedIn)) problems.push(`${c.key}: the overlap is settled (includedIn ${c.includedIn})`);
        return problems;
      });
    expect(bad).toEqual([]);
  });

  it(`gives each comparison agreement at least ${MIN_COMMITMENTS} commitments, unless the codebook says why not`, () => {
    const excused = excusedAgreements(fs.readFileSync(path.join(SEEDS_DIR, 'README.md'), 'utf8'));
    const short = COMPARISON_AGREEMENTS.flatMap((slug) => {
      const agreement = corpus.agreements.find((a) => a.slug === slug);
      const count = agreement?.commitments.length ?? 0;
      return count >= MIN_COMMITMENTS || excused.has(slug) ? [] : [`${slug}: ${count} commitments`];
    });
    expect(short).toEqual([]);
  });

  it('reads the excuses of the codebook as "- <slug>: <reason>" lines under their heading', () => {
    const readme = [
      '# Codebook',
      '',
      EXCUSE_HEADING,
      '',
      'Some prose.',
      '- poland-ukraine-2024: only press summaries were found',
      '- `germany-ukraine-2024`: the text was not reachable',
      '- france-ukraine-2024:',
      '',
      '## Next section',
      '- united-states-ukraine-2024: not under the heading',
    ].join('\n');
    expect([...excusedAgreements(readme).keys()]).toEqual(['poland-ukraine-2024', 'germany-ukraine-2024']);
    expect(excusedAgreements('# nothing here').size).toBe(0);
    const codebook = fs.readFileSync(path.join(SEEDS_DIR, 'README.md'), 'utf8').split('\n');
    expect(codebook.map((line) => line.trim())).toContain(EXCUSE_HEADING);
  });
});
