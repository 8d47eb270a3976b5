import {
  CommitmentKind,
  CommitmentStage,
  ConstraintKind,
  Modality,
  QuoteOrigin,
  SourceKind,
  Reliability,
  AgreementKind,
  LegalNature,
  AgreementStatus,
  PartyRole,
} from '../../src/domain/enums';
import {
  codebookList,
  corpusQuality,
  formatGates,
  formatQuality,
  leafDomains,
  MODAL_VERBS,
  modalVerbsIn,
  notStatedWithModalVerb,
  qualityGates,
  quoteWordCount,
  reliabilityRuleViolations,
  restsOnLowSource,
  untranslatedQuote,
} from '../../src/seed/quality';
import { AgreementSeed, CommitmentSeed, ConstraintSeed, SeedCorpus } from '../../src/seed/seed-schema';

function commitment(key: string, modality: Modality, quoteOrigin: QuoteOrigin, quote: string, domains = ['drones']): CommitmentSeed {
  return {
    key,
    summary: 'a summary',
    quote,
    quoteOrigin,
    locator: null,
    kind: CommitmentKind.EQUIPMENT,
    modality,
    stage: CommitmentStage.PLEDGED,
    domains,
    mechanisms: [],
    source: 'text',
  };
}

function constraint(key: string, quoteOrigin: QuoteOrigin, quote: string): ConstraintSeed {
  return { key, kind: ConstraintKind.LEGAL, summary: 'a summary', quote, quoteOrigin, locator: null, restricts: [], source: 'text' };
}

function agreement(slug: string, commitments: CommitmentSeed[], constraints: ConstraintSeed[] = []): AgreementSeed {
  return {
    slug,
    shortTitle: slug,
    kind: AgreementKind.BILATERAL_SECURITY_AGREEMENT,
    legalNature: LegalNature.NOT_STATED,
    status: AgreementStatus.SIGNED,
    parties: [{ actor: 'UA', role: PartyRole.RECIPIENT }],
    sources: [{ source: 'text', supports: null }],
    commitments,
    constraints,
  };
}

/** Two agreements, five commitments, two constraints, three sources (one without a URL but with a reason). */
function tinyCorpus(): SeedCorpus {
  return {
    sources: [
      { key: 'text', title: 'The text', url: 'https://example.org/text', kind: SourceKind.OFFICIAL_TEXT, reliability: Reliability.HIGH },
      { key: 'copy', title: 'A copy', url: 'https://example.org/copy', kind: SourceKind.SECONDARY_COPY, reliability: Reliability.MEDIUM },
      { key: 'paper', title: 'On paper', url: null, noUrlReason: 'printed only', kind: SourceKind.PRESS, reliability: Reliability.LOW },
    ],
    actors: [],
    domains: [
      {
        slug: 'security-defence',
        name: 'Security',
        mappings: [],
        children: [
          { slug: 'equipment', name: 'Equipment', mappings: [], children: [{ slug: 'drones', name: 'Drones', mappings: [], children: [] }] },
          { slug: 'training', name: 'Training', mappings: [], children: [] },
        ],
      },
    ],
    mechanisms: [],
    agreements: [
      agreement('small-ukraine-2024', [
        commitment('small-ukraine-2024/a', Modality.NOT_STATED, QuoteOrigin.ANALYST_NOTE, '€5 m for drones', ['equipment']),
      ]),
      agreement(
        'big-ukraine-2024',
        [
          commitment('big-ukraine-2024/a', Modality.WILL, QuoteOrigin.AGREEMENT_TEXT, 'The Participants shall consult'),
          commitment('big-ukraine-2024/b', Modality.WILL, QuoteOrigin.AGREEMENT_TEXT, 'Big will train', ['training']),
          commitment('big-ukraine-2024/c', Modality.INTEND_TO, QuoteOrigin.OFFICIAL_STATEMENT, 'Big intends to give drones'),
          commitment('big-ukraine-2024/d', Modality.NOT_STATED, QuoteOrigin.PRESS_REPORT, 'Big may send more drones'),
        ],
        [
          constraint('big-ukraine-2024/x', QuoteOrigin.AGREEMENT_TEXT, 'in accordance with national law'),
          constraint('big-ukraine-2024/y', QuoteOrigin.ANALYST_NOTE, Array.from({ length: 46 }, () => 'word').join(' ')),
        ],
      ),
    ],
  };
}

describe('corpus quality figures', () => {
  it('counts commitments by modality and by quote origin, with shares of the total', () => {
    const q = corpusQuality(tinyCorpus());
    expect(q).toMatchObject({ agreements: 2, commitments: 5, constraints: 2 });
    expect(q.commitmentsByModality).toEqual({
      WILL: { count: 2, percent: 40 },
      INTEND_TO: { count: 1, percent: 20 },
      SEEK_TO: { count: 0, percent: 0 },
      CONSIDER: { count: 0, percent: 0 },
      MAY: { count: 0, percent: 0 },
      NOT_STATED: { count: 2, percent: 40 },
    });
    expect(q.commitmentsByQuoteOrigin).toEqual({
      AGREEMENT_TEXT: { count: 2, percent: 40 },
      OFFICIAL_STATEMENT: { count: 1, percent: 20 },
      PRESS_REPORT: { count: 1, percent: 20 },
      ANALYST_NOTE: { count: 1, percent: 20 },
    });
    expect(q.constraintsByQuoteOrigin).toEqual({
      AGREEMENT_TEXT: { count: 1, percent: 50 },
      OFFICIAL_STATEMENT: { count: 0, percent: 0 },
      PRESS_REPORT: { count: 0, percent: 0 },
      ANALYST_NOTE: { count: 1, percent: 50 },
    });
    expect(q.notStated).toEqual({ count: 2, percent: 40 });
  });

  it('counts sources with and without a URL, and the reasons given', () => {
    expect(corpusQuality(tinyCorpus()).sources).toEqual({
      total: 3,
      withUrl: { count: 2, percent: 66.7 },
      withoutUrl: { count: 1, percent: 33.3 },
      withoutUrlWithReason: 1,
    });
  });

  it('counts amounts inside another, amounts whose overlap is left open, and corroborated facts', () => {
    const corpus = tinyCorpus();
    const [a] = corpus.agreements[0].commitments;
    const [b, c] = corpus.agreements[1].commitments;
    Object.assign(a, { amount: { amount: '5000000', currency: 'EUR' }, amountBound: 'EXACT', amountBasis: 'TOTAL', includedIn: b.key });
    Object.assign(b, { amount: { amount: '9000000', currency: 'EUR' }, amountBound: 'EXACT', amountBasis: 'TOTAL' });
    Object.assign(c, {
      amount: { amount: '1000000', currency: 'EUR' },
      amountBound: 'EXACT',
      amountBasis: 'TOTAL',
      overlapNote: `may be within ${b.key}`,
    });
    corpus.agreements[1].constraints[0].corroboratedBy = ['copy'];
    const q = corpusQuality(corpus);
    expect(q.amounts).toEqual({ total: 3, includedIn: 1, overlapNote: 1 });
    expect(q.corroborated).toBe(1);
    expect(formatQuality(q)).toContain(
      'Amounts: 3 commitments with an amount, 1 inside another (includedIn), 1 whose overlap with another the texts leave open (overlapNote)',
    );
    expect(formatQuality(q)).toContain('Commitments and constraints corroborated by another source (corroboratedBy): 1');
  });

  it('lists commitments per agreement, most first', () => {
    expect(corpusQuality(tinyCorpus()).commitmentsPerAgreement).toEqual([
      { slug: 'big-ukraine-2024', commitments: 4 },
      { slug: 'small-ukraine-2024', commitments: 1 },
    ]);
  });

  it('names the coding slips: NOT_STATED with a modal verb, overlong quotes, non-leaf domains', () => {
    const q = corpusQuality(tinyCorpus());
    expect(q.notStatedWithModalVerb).toEqual(['big-ukraine-2024/d']);
    expect(q.overlongQuotes).toEqual(['big-ukraine-2024/y']);
    expect(q.nonLeafDomains).toEqual(['small-ukraine-2024/a: equipment']);
  });

  it('gives zeros, not NaN, for an empty corpus', () => {
    const q = corpusQuality({ sources: [], actors: [], domains: [], mechanisms: [], agreements: [] });
    expect(q.notStated).toEqual({ count: 0, percent: 0 });
    expect(q.commitmentsByModality.WILL).toEqual({ count: 0, percent: 0 });
    expect(formatQuality(q)).not.toMatch(/NaN|Infinity/);
  });

  it('formats one fact a line', () => {
    const text = formatQuality(corpusQuality(tinyCorpus()));
    expect(text).toContain('Quality figures: 2 agreements, 5 commitments, 2 constraints, 3 sources');
    expect(text).toMatch(/^ {2}WILL +2 +40\.0%$/m);
    expect(text).toMatch(/^ {2}NOT_STATED +2 +40\.0%$/m);
    expect(text).toContain('NOT_STATED share: 2 of 5 commitments (40.0%)');
    expect(text).toContain('Sources: 2 with a URL (66.7%), 1 without (33.3%), of which 1 give a noUrlReason');
    const perAgreement = text.split('\n').filter((line) => /^ {2}[a-z-]+-ukraine-2024 +\d+$/.test(line));
    expect(perAgreement.map((line) => line.trim().split(/\s+/))).toEqual([
      ['big-ukraine-2024', '4'],
      ['small-ukraine-2024', '1'],
    ]);
    expect(text).toMatch(/^NOT_STATED with a modal verb in the quote: 1\n {2}big-ukraine-2024\/d$/m);
  });
});

describe('modal verb check', () => {
  it('knows the codebook verbs', () => {
    expect([...MODAL_VERBS].sort()).toEqual([
      'aim',
      'aims',
      'commit',
      'commits',
      'consider',
      'considers',
      'explore',
      'explores',
      'intend',
      'intends',
      'may',
      'seek',
      'seeks',
      'shall',
      'strive',
      'strives',
      'undertake',
      'undertakes',
      'will',
    ]);
  });

  it('finds whole words in any case, and skips May the month', () => {
    expect(modalVerbsIn('Latvia UNDERTAKES to continue; it Will also seek to')).toEqual(['undertakes', 'will', 'seek']);
    expect(modalVerbsIn('the aimless goodwill of a committee')).toEqual([]);
    expect(modalVerbsIn('signed on 31 May 2024 and in May 2024')).toEqual([]);
    expect(modalVerbsIn('May 16, the Parties may agree')).toEqual(['may']);
    expect(modalVerbsIn('May the Parties agree')).toEqual(['may']);
  });

  it('refuses NOT_STATED only when the quote has a modal verb', () => {
    expect(notStatedWithModalVerb({ modality: 'NOT_STATED', quote: 'Japan will provide' })).toBe(true);
    expect(notStatedWithModalVerb({ modality: 'NOT_STATED', quote: 'The Participants support Ukraine’s goal' })).toBe(false);
    expect(notStatedWithModalVerb({ modality: 'WILL', quote: 'Japan will provide' })).toBe(false);
  });

  it('counts words and finds the leaves of the domain tree', () => {
    expect(quoteWordCount('  one two\nthree  ')).toBe(3);
    expect(quoteWordCount('')).toBe(0);
    expect([...leafDomains(tinyCorpus().domains)].sort()).toEqual(['drones', 'training']);
  });
});

describe('quality gates of issue 16', () => {
  function gatedCorpus(): SeedCorpus {
    const corpus = tinyCorpus();
    // big-ukraine-2024 is coded from a text; small-ukraine-2024 is not.
    corpus.agreements[1].texts = [{ language: 'en', sha256: 'b'.repeat(64), chars: 10, source: 'text', reference: true }];
    for (const record of [...corpus.agreements[1].commitments, ...corpus.agreements[1].constraints]) record.quoteLanguage = 'en';
    corpus.agreements[0].commitments[0].quoteLanguage = 'fr';
    return corpus;
  }

  it('computes each gate with its figure and the agreements that hold it back', () => {
    const gates = qualityGates(gatedCorpus(), 0.81);
    expect(gates.map((g) => [g.met, g.figure, g.agreements])).toEqual([
      // big: 2 of 4 commitments quote the text (50%).
      [false, '2 of 4 (50.0%) in 1 agreements', ['big-ukraine-2024']],
      // 2 of 5 NOT_STATED; both agreements have a NOT_STATED share of 8% or more.
      [false, '2 of 5 (40.0%)', ['small-ukraine-2024', 'big-ukraine-2024']],
      // small's French quote has no translation.
      [false, '1', ['small-ukraine-2024']],
      // No record cites the LOW source.
      [true, '0', []],
      [true, '0.810', []],
    ]);
  });

  it('counts quotes without a language or translation, and facts on LOW sources, and refuses a kappa under 0.8', () => {
    const corpus = gatedCorpus();
    corpus.agreements[0].commitments[0].quoteTranslation = '€5 m for drones';
    corpus.agreements[1].constraints[1].source = 'paper';
    corpus.agreements[1].constraints[0].quoteLanguage = null;
    const gates = qualityGates(corpus, 0.79);
    expect(gates[2]).toMatchObject({ met: false, figure: '1', agreements: ['big-ukraine-2024'] });
    expect(gates[3]).toMatchObject({ met: false, figure: '1', agreements: ['big-ukraine-2024'] });
    expect(gates[4]).toMatchObject({ met: false, figure: '0.790' });
    expect(qualityGates(corpus, null)[4]).toMatchObject({ met: false, figure: 'undefined' });
    expect(formatGates(gates)).toMatch(
      /^ {2}\[NOT MET\] commitments and constraints resting only on a LOW-reliability source \(0\): 1 \(big-ukraine-2024\)$/m,
    );
    expect(formatGates(qualityGates(tinyCorpus(), 0.9))).toMatch(
      /^ {2}\[met\] inter-coder kappa for modality, before resolution \(>= 0\.8\): 0\.900$/m,
    );
  });

  it('reads the language rule and the LOW rule record by record', () => {
    expect(untranslatedQuote({ key: 'k', source: 's', quoteLanguage: 'en' })).toBe(false);
    expect(untranslatedQuote({ key: 'k', source: 's' })).toBe(true);
    expect(untranslatedQuote({ key: 'k', source: 's', quoteLanguage: 'uk', quoteTranslation: '  ' })).toBe(true);
    expect(untranslatedQuote({ key: 'k', source: 's', quoteLanguage: 'uk', quoteTranslation: 'Italy will' })).toBe(false);
    const sources = new Map(tinyCorpus().sources.map((s) => [s.key, s]));
    expect(restsOnLowSource({ key: 'k', source: 'paper' }, sources)).toBe(true);
    expect(restsOnLowSource({ key: 'k', source: 'copy' }, sources)).toBe(false);
  });

  it('counts a fact on a LOW source only when every source it rests on, corroborating ones included, is LOW', () => {
    const sources = new Map(tinyCorpus().sources.map((s) => [s.key, s]));
    // A LOW quote corroborated by a MEDIUM or HIGH source does not rest only on LOW sources.
    expect(restsOnLowSource({ key: 'k', source: 'paper', corroboratedBy: ['copy'] }, sources)).toBe(false);
    expect(restsOnLowSource({ key: 'k', source: 'paper', corroboratedBy: ['text'] }, sources)).toBe(false);
    // Corroboration by LOW sources only, or by a key that names no source, leaves it resting on LOW.
    expect(restsOnLowSource({ key: 'k', source: 'paper', corroboratedBy: ['paper'] }, sources)).toBe(true);
    expect(restsOnLowSource({ key: 'k', source: 'paper', corroboratedBy: ['unknown'] }, sources)).toBe(true);
    expect(restsOnLowSource({ key: 'k', source: 'paper', corroboratedBy: [] }, sources)).toBe(true);
    // A MEDIUM quote stays off the count whatever corroborates it.
    expect(restsOnLowSource({ key: 'k', source: 'copy', corroboratedBy: ['paper'] }, sources)).toBe(false);
  });

  it('meets the LOW-source gate once the LOW facts are corroborated by a better source', () => {
    const corpus = gatedCorpus();
    corpus.agreements[1].constraints[1].source = 'paper';
    expect(qualityGates(corpus, 0.81)[3]).toMatchObject({ met: false, figure: '1', agreements: ['big-ukraine-2024'] });
    corpus.agreements[1].constraints[1].corroboratedBy = ['copy'];
    expect(qualityGates(corpus, 0.81)[3]).toMatchObject({ met: true, figure: '0', agreements: [] });
  });

  it('checks the reliability rule: official text HIGH, releases never LOW, press and analysis never HIGH, state media LOW', () => {
    const base = { title: 't', url: 'https://example.org/x' };
    expect(
      reliabilityRuleViolations([
        { ...base, key: 'ok-text', kind: SourceKind.OFFICIAL_TEXT, reliability: Reliability.HIGH },
        { ...base, key: 'medium-text', kind: SourceKind.OFFICIAL_TEXT, reliability: Reliability.MEDIUM },
        { ...base, key: 'low-release', kind: SourceKind.GOVERNMENT_RELEASE, reliability: Reliability.LOW },
        { ...base, key: 'high-press', kind: SourceKind.PRESS, reliability: Reliability.HIGH },
        { ...base, key: 'high-analysis', kind: SourceKind.ANALYSIS, reliability: Reliability.HIGH },
        { ...base, key: 'tass', url: 'https://tass.com/world/1', kind: SourceKind.PRESS, reliability: Reliability.MEDIUM },
        { ...base, key: 'tass-low', url: 'https://tass.com/world/2', kind: SourceKind.PRESS, reliability: Reliability.LOW },
        { ...base, key: 'not-tass', url: 'https://mytass.com.example.org/', kind: SourceKind.PRESS, reliability: Reliability.MEDIUM },
        { title: 't', url: null, noUrlReason: 'printed', key: 'paper', kind: SourceKind.PRESS, reliability: Reliability.MEDIUM },
      ]),
    ).toEqual([
      'medium-text: an OFFICIAL_TEXT source is HIGH',
      'low-release: a GOVERNMENT_RELEASE is never LOW',
      'high-press: PRESS is at most MEDIUM',
      'high-analysis: ANALYSIS is at most MEDIUM',
      'tass: state media of a party to the war is LOW',
    ]);
  });

  it('reads "- <slug>: <reason>" lists of the codebook under a heading', () => {
    const readme = [
      '## Quality gates not yet met',
      '- a-ukraine: being recoded',
      '- `b-ukraine`: no text',
      '- c-ukraine:',
      '## Next',
      '- d-ukraine: elsewhere',
    ].join('\n');
    expect([...codebookList(readme, '## Quality gates not yet met')]).toEqual([
      ['a-ukraine', 'being recoded'],
      ['b-ukraine', 'no text'],
    ]);
    expect(codebookList(readme, '## Missing').size).toBe(0);
  });
});
