import fc from 'fast-check';
import {
  AgreementKind,
  AgreementStatus,
  CommitmentKind,
  CommitmentStage,
  LegalNature,
  Modality,
  NonOperativeReason,
  PartyRole,
  QuoteOrigin,
} from '../../src/domain/enums';
import { SegmentedProvision } from '../../src/domain/provision/segment';
import {
  cohensKappa,
  compareCodings,
  domainPair,
  firstCoderCoding,
  firstCoderCodings,
  formatIntercoder,
  ProvisionCoding,
  sampleHash,
  sampleProvisions,
  SampledProvision,
  unresolved,
} from '../../src/seed/intercoder';
import { AgreementSeed, CommitmentSeed } from '../../src/seed/seed-schema';
import { fuzzOptions } from '../support/fuzz';

/** `n` copies of a label pair. */
function pairs(n: number, first: string, second: string): [string, string][] {
  return Array.from({ length: n }, () => [first, second] as [string, string]);
}

function leaf(ordinal: number, path: string, kind: SegmentedProvision['kind'] = 'PARAGRAPH'): SegmentedProvision {
  return {
    ordinal,
    parentOrdinal: null,
    kind,
    path,
    number: null,
    heading: null,
    start: ordinal * 100,
    end: ordinal * 100 + 90,
    leaf: true,
    operative: kind === 'PARAGRAPH',
    nonOperativeReason: null,
  };
}

function commitment(key: string, start: number, modality: Modality, domains: string[]): CommitmentSeed {
  return {
    key,
    summary: 'a summary',
    quote: 'x',
    quoteOrigin: QuoteOrigin.AGREEMENT_TEXT,
    quoteLanguage: 'en',
    quoteSpans: [{ start, end: start + 1 }],
    locator: null,
    kind: CommitmentKind.TRAINING,
    modality,
    stage: CommitmentStage.PLEDGED,
    domains,
    mechanisms: [],
    source: 'text',
  };
}

function agreement(slug: string, commitments: CommitmentSeed[], extra: Partial<AgreementSeed> = {}): AgreementSeed {
  return {
    slug,
    shortTitle: slug,
    kind: AgreementKind.BILATERAL_SECURITY_AGREEMENT,
    legalNature: LegalNature.NOT_STATED,
    status: AgreementStatus.SIGNED,
    parties: [{ actor: 'UA', role: PartyRole.RECIPIENT }],
    sources: [{ source: 'text', supports: null }],
    commitments,
    constraints: [],
    texts: [{ language: 'en', sha256: 'a'.repeat(64), chars: 1000, source: 'text', reference: true }],
    ...extra,
  };
}

function sampled(path: string, start: number, end: number, segmenterOperative = true): SampledProvision {
  return { slug: 'small-ukraine-2024', path, kind: 'PARAGRAPH', start, end, segmenterOperative };
}

describe("Cohen's kappa", () => {
  it('gives the textbook example: 50 items, 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no -> p_o 0.7, p_e 0.5, kappa 0.4', () => {
    // The worked example of the Wikipedia article "Cohen's kappa".
    const result = cohensKappa([...pairs(20, 'yes', 'yes'), ...pairs(5, 'yes', 'no'), ...pairs(10, 'no', 'yes'), ...pairs(15, 'no', 'no')]);
    expect(result.n).toBe(50);
    expect(result.agreed).toBe(35);
    expect(result.observed).toBeCloseTo(0.7, 10);
    expect(result.expected).toBeCloseTo(0.5, 10);
    expect(result.kappa).toBeCloseTo(0.4, 10);
  });

  it('gives a second worked example with three labels', () => {
    // Coder A: WILL 6, MAY 2, SEEK_TO 2; coder B: WILL 5, MAY 4, SEEK_TO 1; 8 of 10 agree.
    // p_o = 0.8; p_e = 0.6*0.5 + 0.2*0.4 + 0.2*0.1 = 0.4; kappa = (0.8 - 0.4) / 0.6 = 2/3.
    const result = cohensKappa([...pairs(5, 'WILL', 'WILL'), ['WILL', 'MAY'], ...pairs(2, 'MAY', 'MAY'), ['SEEK_TO', 'SEEK_TO'], ['SEEK_TO', 'MAY']]);
    expect(result.observed).toBeCloseTo(0.8, 10);
    expect(result.expected).toBeCloseTo(0.4, 10);
    expect(result.kappa).toBeCloseTo(2 / 3, 10);
  });

  it('is 1 for perfect agreement over two labels, 0 at chance, and undefined without pairs or variation', () => {
    expect(cohensKappa([...pairs(3, 'a', 'a'), ...pairs(2, 'b', 'b')]).kappa).toBe(1);
    expect(cohensKappa([...pairs(1, 'a', 'a'), ...pairs(1, 'a', 'b'), ...pairs(1, 'b', 'a'), ...pairs(1, 'b', 'b')]).kappa).toBe(0);
    expect(cohensKappa([]).kappa).toBeNull();
    expect(cohensKappa(pairs(4, 'a', 'a')).kappa).toBeNull();
  });

  it('property: kappa is at most 1, symmetric in the coders, and 1 exactly when all pairs agree (with two labels used)', () => {
    const label = fc.constantFrom('WILL', 'INTEND_TO', 'MAY');
    fc.assert(
      fc.property(fc.array(fc.tuple(label, label), { minLength: 1, maxLength: 30 }), (list) => {
        const k = cohensKappa(list);
        const swapped = cohensKappa(list.map(([a, b]) => [b, a] as [string, string]));
        if (k.kappa === null) return swapped.kappa === null;
        const allAgree = list.every(([a, b]) => a === b);
        return k.kappa <= 1 + 1e-12 && Math.abs(k.kappa - (swapped.kappa ?? NaN)) < 1e-12 && allAgree === Math.abs(k.kappa - 1) < 1e-12;
      }),
      fuzzOptions(60),
    );
  });
});

describe('inter-coder sample', () => {
  const provisions = Array.from({ length: 25 }, (_, i) => leaf(i, `Part I › ${i + 1}`));

  it('takes ceil(10%) of the leaves, in document order, the same on every run', () => {
    const sample = sampleProvisions('small-ukraine-2024', provisions);
    expect(sample).toHaveLength(3);
    expect(sampleProvisions('small-ukraine-2024', provisions)).toEqual(sample);
    expect(sample.map((p) => p.start)).toEqual([...sample.map((p) => p.start)].sort((a, b) => a - b));
    // The chosen ones are the three smallest hashes.
    const smallest = provisions
      .map((p) => p.path)
      .sort((a, b) => (sampleHash('small-ukraine-2024', a) < sampleHash('small-ukraine-2024', b) ? -1 : 1))
      .slice(0, 3);
    expect(sample.map((p) => p.path).sort()).toEqual(smallest.sort());
  });

  it('depends on the slug, leaves out headings, titles and signatures, and samples at least one', () => {
    const other = sampleProvisions('other-ukraine-2024', provisions).map((p) => p.path);
    expect(other).not.toEqual(sampleProvisions('small-ukraine-2024', provisions).map((p) => p.path));
    const headings = [leaf(0, 'Title', 'TITLE'), leaf(1, 'Part I › heading', 'HEADING'), leaf(2, 'Signatures', 'SIGNATURES')];
    expect(sampleProvisions('small-ukraine-2024', headings)).toEqual([]);
    expect(sampleProvisions('small-ukraine-2024', [...headings, leaf(3, 'Part I › 1')]).map((p) => p.path)).toEqual(['Part I › 1']);
    expect(sampleProvisions('small-ukraine-2024', [{ ...leaf(4, 'Part I'), leaf: false }])).toEqual([]);
  });
});

describe("the first coder's coding, read from the seed", () => {
  const seed = agreement(
    'small-ukraine-2024',
    [
      commitment('small-ukraine-2024/b', 150, Modality.MAY, ['drones']),
      commitment('small-ukraine-2024/a', 120, Modality.WILL, ['training', 'drones']),
    ],
    { provisionNotes: [{ path: 'Preamble › 2', operative: false, reason: NonOperativeReason.RECITAL }] },
  );

  it('takes the modality and domains of the commitment whose first span starts earliest in the provision', () => {
    expect(firstCoderCoding(seed, sampled('Part I › 1', 100, 200))).toEqual({
      slug: 'small-ukraine-2024',
      path: 'Part I › 1',
      operative: true,
      reason: null,
      modality: Modality.WILL,
      domains: ['training', 'drones'],
    });
  });

  it('follows the provision note, else the segmenter guess for an uncoded provision', () => {
    expect(firstCoderCoding(seed, sampled('Preamble › 2', 0, 50, true))).toMatchObject({
      operative: false,
      reason: 'RECITAL',
      modality: null,
      domains: [],
    });
    expect(firstCoderCoding(seed, sampled('Part IX › 1', 300, 400, false))).toMatchObject({ operative: false, reason: null });
    expect(firstCoderCoding(seed, sampled('Part I › 2', 300, 400, true))).toMatchObject({ operative: true, modality: null });
  });

  it('leaves out agreements not coded from a text', () => {
    const noText = agreement('small-ukraine-2024', seed.commitments, { texts: undefined });
    expect(firstCoderCodings([noText], [sampled('Part I › 1', 100, 200)])).toEqual([]);
    expect(firstCoderCodings([seed], [sampled('Part I › 1', 100, 200)])).toHaveLength(1);
  });
});

describe('comparing two coders', () => {
  const code = (path: string, operative: boolean, modality: Modality | null = null, domains: string[] = []): ProvisionCoding => ({
    slug: 'small-ukraine-2024',
    path,
    operative,
    modality,
    domains,
  });

  it('agrees on domains when the sets intersect, and labels the pair so', () => {
    expect(domainPair(['training', 'drones'], ['drones'])).toEqual(['drones', 'drones']);
    expect(domainPair(['training'], ['cyber', 'air-defence'])).toEqual(['training', 'air-defence']);
  });

  it('compares operative over all shared provisions, modality and domain only where both call it operative', () => {
    const first = [
      code('1', true, Modality.WILL, ['training']),
      code('2', true, Modality.WILL, ['cyber']),
      code('3', false),
      code('4', true, Modality.MAY, ['drones']),
      code('5', true, Modality.WILL, ['drones']),
      code('only-first', true, Modality.WILL, ['drones']),
    ];
    const second = [
      code('1', true, Modality.WILL, ['training', 'cyber']),
      code('2', true, Modality.SEEK_TO, ['intelligence']),
      code('3', true, Modality.WILL, ['drones']),
      code('4', false),
      code('5', true, null, []),
    ];
    const report = compareCodings(first, second);
    expect(report.operative).toMatchObject({ n: 5, agreed: 3 });
    expect(report.modality).toMatchObject({ n: 2, agreed: 1 });
    expect(report.domain).toMatchObject({ n: 2, agreed: 1 });
    expect(report.disagreements).toEqual([
      { slug: 'small-ukraine-2024', path: '2', field: 'modality', first: 'WILL', second: 'SEEK_TO' },
      { slug: 'small-ukraine-2024', path: '2', field: 'domain', first: 'cyber', second: 'intelligence' },
      { slug: 'small-ukraine-2024', path: '3', field: 'operative', first: 'not operative', second: 'operative' },
      { slug: 'small-ukraine-2024', path: '4', field: 'operative', first: 'operative', second: 'not operative' },
    ]);
    expect(unresolved(report.disagreements, [{ slug: 'small-ukraine-2024', path: '2', field: 'modality' }])).toHaveLength(3);
    const text = formatIntercoder(report, report, 9, 1);
    expect(text).toContain('Inter-coder check: 9 provisions sampled, 5 coded by both coders');
    expect(text).toMatch(/^ {2}modality +kappa -?\d\.\d{3} +agreement 1 of 2 \(50\.0%/m);
    expect(text).toContain('disagreements: 4, resolutions recorded: 1');
  });
});
