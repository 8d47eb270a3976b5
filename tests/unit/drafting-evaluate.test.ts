import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runDraft } from '../../src/cli/draft';
import { evaluateDrafting, Evaluation, FLOORS, missedFloors } from '../../src/domain/drafting/evaluate';
import { readCorpus } from '../../src/seed/read-corpus';
import type { SeedCorpus } from '../../src/seed/seed-schema';

function evaluationWith(overrides: Partial<Evaluation['overall']>, deterministic = true): Evaluation {
  const overall: Evaluation['overall'] = {
    agreement: 'overall',
    operative: { precision: 0.95, recall: 0.95, f1: 0.95, truePositive: 95, falsePositive: 5, falseNegative: 5 },
    commitments: { recall: 0.95, precision: 0.8, handCoded: 100, found: 95, proposals: 110, proposalsMatching: 88 },
    modalityAccuracy: 0.95,
    domainTop1: 0.8,
    domainTop3: 0.95,
    amounts: { precision: 1, recall: 1, f1: 1, proposed: 3, handCoded: 3, matched: 3 },
    exactQuotes: 1,
    milliseconds: 100,
    ...overrides,
  };
  return { agreements: [], overall, deterministic };
}

describe('drafting: the evaluation floors', () => {
  it('passes when every floor is met', () => {
    expect(missedFloors(evaluationWith({}))).toEqual([]);
  });

  it('names each floor missed, with the measured figure', () => {
    expect(missedFloors(evaluationWith({ domainTop3: 0.848, exactQuotes: 0.99, milliseconds: FLOORS.millisecondsPerAgreement }, false))).toEqual([
      'exact quotes: 0.99 < 1',
      'domain top-3: 0.848 < 0.9',
      'slowest agreement (ms): 2000 >= 2000',
      'deterministic: two runs gave different drafts',
    ]);
  });

  it('evaluates nothing in a folder without hand-coded texts, and the command exits 1 with --floors', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'draft-eval-'));
    fs.writeFileSync(path.join(dir, 'nowhere-ukraine-2030.txt'), '1. Nowhere will help.\n');
    expect(evaluateDrafting(readCorpus(), [{ agreement: 'nowhere-ukraine-2030', content: '1. Nowhere will help.\n', file: 'x' }]).agreements).toEqual(
      [],
    );
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    expect(await runDraft(['--evaluate', '--dir', dir, '--floors'], io)).toBe(1);
    expect(await runDraft(['--evaluate', '--dir', dir], io)).toBe(0);
    expect(await runDraft(['--nonsense'], io)).toBe(2);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts a provision the coders quoted a commitment from as operative in the hand coding', () => {
    const text = 'Part I. Training\n\n1. The Participants recall the Declaration.\n\n2. Lorland will train pilots.\n';
    const commitment = (key: string, quote: string) => ({
      key,
      quote,
      summary: quote,
      locator: null,
      kind: 'MILITARY_ASSISTANCE',
      modality: 'WILL',
      domains: ['training'],
      amount: null,
      quoteSpans: [{ start: text.indexOf(quote), end: text.indexOf(quote) + quote.length }],
    });
    const corpus = {
      domains: [],
      agreements: [
        {
          slug: 'lorland-ukraine-2030',
          provisionNotes: [],
          commitments: [commitment('l/recall', 'The Participants recall the Declaration'), commitment('l/pilots', 'Lorland will train pilots')],
        },
        { slug: 'other-ukraine-2030', provisionNotes: [], commitments: [{ ...commitment('o/pilots', 'Lorland will train pilots'), quoteSpans: [] }] },
      ],
    } as unknown as SeedCorpus;
    const [lorland] = evaluateDrafting(corpus, [{ agreement: 'lorland-ukraine-2030', content: text, file: 'x' }]).agreements;
    expect(lorland.operative).toMatchObject({ truePositive: 1, falsePositive: 0, falseNegative: 1 });
    expect(lorland.commitments).toMatchObject({ handCoded: 2, found: 1 });
  });
});
