import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkReferences, flattenDomains, includedInCycles, readCorpus, SEEDS_DIR, SeedValidationError } from '../../src/seed/read-corpus';
import { agreementSeed, SeedCorpus } from '../../src/seed/seed-schema';

function corpusCopy(): SeedCorpus {
  return JSON.parse(JSON.stringify(readCorpus()));
}

describe('seed validation', () => {
  it('accepts the committed corpus', () => {
    const corpus = readCorpus();
    expect(corpus.agreements.length).toBeGreaterThanOrEqual(30);
    expect(checkReferences(corpus)).toEqual([]);
  });

  it('reports unknown references and duplicates, naming the file and the key', () => {
    const corpus = corpusCopy();
    const japan = corpus.agreements.find((a) => a.slug === 'japan-ukraine-2024')!;
    japan.commitments[0].domains.push('not-a-domain');
    japan.commitments[1].source = 'nowhere';
    japan.constraints[0].restricts.push('united-states-ukraine-2024/consultation-24h');
    japan.parties.push({ actor: 'XX', role: 'SIGNATORY' as never });
    corpus.actors.push({ ...corpus.actors[0] });
    const problems = checkReferences(corpus);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/japan-ukraine-2024\.json .*: unknown domain "not-a-domain"/),
        expect.stringMatching(/unknown source "nowhere"/),
        expect.stringMatching(/unknown commitment of this agreement "united-states-ukraine-2024\/consultation-24h"/),
        expect.stringMatching(/unknown actor "XX"/),
        expect.stringMatching(/duplicate actor code/),
      ]),
    );
  });

  it('reports includedIn cycles, naming the keys in chain order', () => {
    const corpus = corpusCopy();
    const japan = corpus.agreements.find((a) => a.slug === 'japan-ukraine-2024')!;
    const [a, b, c] = japan.commitments;
    a.includedIn = b.key;
    b.includedIn = c.key;
    c.includedIn = a.key;
    const cycles = checkReferences(corpus).filter((problem) => problem.includes('cycle'));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatch(/^includedIn forms a cycle: /);
    for (const key of [a.key, b.key, c.key]) expect(cycles[0]).toContain(`"${key}"`);
    // The chain is named in its order, closing on the key it started from.
    const named = [...cycles[0].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
    expect(named).toHaveLength(4);
    expect(named[3]).toBe(named[0]);
    const order = [a.key, b.key, c.key];
    const start = order.indexOf(named[0]);
    expect(named.slice(0, 3)).toEqual([...order.slice(start), ...order.slice(0, start)]);
  });

  it('finds each includedIn cycle once, and none in chains that end', () => {
    expect(includedInCycles([{ key: 'x/a', includedIn: 'x/b' }, { key: 'x/b', includedIn: 'x/c' }, { key: 'x/c' }])).toEqual([]);
    expect(includedInCycles([{ key: 'x/a', includedIn: 'x/unknown' }])).toEqual([]);
    expect(
      includedInCycles([
        { key: 'x/c', includedIn: 'x/b' },
        { key: 'x/b', includedIn: 'x/c' },
        { key: 'x/d', includedIn: 'x/c' },
        { key: 'x/e', includedIn: 'x/e' },
      ]),
    ).toEqual([
      ['x/b', 'x/c', 'x/b'],
      ['x/e', 'x/e'],
    ]);
  });

  it('rejects bad values field by field: dates, amounts, currencies, enums, unknown keys', () => {
    const japan = JSON.parse(fs.readFileSync(path.join(SEEDS_DIR, 'agreements', 'japan-ukraine-2024.json'), 'utf8'));
    const bad = {
      ...japan,
      signedOn: '2024-02-30',
      durationYears: 0,
      signingDate: '2024-06-13',
      commitments: [{ ...japan.commitments[0], amount: { amount: '-5', currency: 'usd' }, modality: 'MIGHT' }],
    };
    const result = agreementSeed.safeParse(bad);
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'signedOn',
        'durationYears',
        'commitments.0.amount.amount',
        'commitments.0.amount.currency',
        'commitments.0.modality',
        '',
      ]),
    );
  });

  it("checks corroborating sources: known, better than LOW, not the quote's own, each once", () => {
    const corpus = corpusCopy();
    const g7 = corpus.agreements.find((a) => a.slug === 'g7-joint-declaration-2023')!;
    const low = corpus.sources.find((s) => s.reliability === 'LOW')!.key;
    const [first, second] = g7.commitments;
    first.corroboratedBy = ['nowhere'];
    second.corroboratedBy = [low];
    g7.constraints[0].corroboratedBy = ['also-nowhere'];
    expect(checkReferences(corpus)).toEqual(
      expect.arrayContaining([
        `agreements/g7-joint-declaration-2023.json ${first.key}.corroboratedBy: unknown source "nowhere"`,
        `agreements/g7-joint-declaration-2023.json ${second.key}.corroboratedBy: "${low}" is a LOW source, which corroborates nothing`,
        `agreements/g7-joint-declaration-2023.json ${g7.constraints[0].key}.corroboratedBy: unknown source "also-nowhere"`,
      ]),
    );
    const file = JSON.parse(fs.readFileSync(path.join(SEEDS_DIR, 'agreements', 'g7-joint-declaration-2023.json'), 'utf8'));
    const own = { ...file.commitments[0], corroboratedBy: [file.commitments[0].source] };
    const twice = { ...file.commitments[1], corroboratedBy: ['a-source', 'a-source'] };
    const result = agreementSeed.safeParse({ ...file, commitments: [own, twice] });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual(
      expect.arrayContaining([
        ['commitments.0.corroboratedBy', "corroboratedBy names other sources than the quote's own (source)"],
        ['commitments.1.corroboratedBy', 'each corroborating source once'],
      ]),
    );
  });

  it('takes an overlapNote only on a commitment with an amount', () => {
    const file = JSON.parse(fs.readFileSync(path.join(SEEDS_DIR, 'agreements', 'latvia-ukraine-2024.json'), 'utf8'));
    const noted = file.commitments.find((c: { overlapNote?: string }) => c.overlapNote);
    expect(agreementSeed.safeParse(file).success).toBe(true);
    const withoutAmount = { ...noted, amount: null, amountBound: null, amountBasis: null };
    const result = agreementSeed.safeParse({ ...file, commitments: [withoutAmount] });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['commitments.0.overlapNote', 'overlapNote needs an amount'],
    ]);
  });

  it('throws one error listing every problem of a broken seed folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seeds-'));
    for (const file of ['sources.json', 'actors.json', 'domains.json', 'mechanisms.json'])
      fs.copyFileSync(path.join(SEEDS_DIR, file), path.join(dir, file));
    fs.mkdirSync(path.join(dir, 'agreements'));
    fs.writeFileSync(path.join(dir, 'agreements', 'broken.json'), '{ "slug": ');
    fs.writeFileSync(path.join(dir, 'agreements', 'misnamed.json'), fs.readFileSync(path.join(SEEDS_DIR, 'agreements', 'albania-ukraine.json')));
    try {
      readCorpus(dir);
      throw new Error('expected a SeedValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(SeedValidationError);
      expect((error as SeedValidationError).problems).toEqual(
        expect.arrayContaining([
          expect.stringContaining('broken.json'),
          expect.stringContaining('misnamed.json: file name must be "albania-ukraine.json"'),
        ]),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('flattens the domain tree parents first', () => {
    const nodes = flattenDomains(readCorpus().domains);
    const seen = new Set<string>();
    for (const node of nodes) {
      if (node.parent) expect(seen.has(node.parent)).toBe(true);
      seen.add(node.slug);
    }
  });
});
