import fs from 'node:fs';
import path from 'node:path';
import { loadCorpus } from '../../src/seed/load-corpus';
import { flattenDomains, readCorpus, SEEDS_DIR } from '../../src/seed/read-corpus';
import { SeedCorpus } from '../../src/seed/seed-schema';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const fold = (text: string) => text.replace(/\s+/g, ' ').trim();

async function snapshot(db: TestDatabase): Promise<Record<string, unknown[]>> {
  const tables = [
    'source',
    'actor',
    'cooperation_domain',
    'mechanism',
    'agreement',
    'agreement_party',
    'agreement_source',
    'commitment',
    'commitment_domain',
    'commitment_mechanism',
    'agreement_constraint',
    'constraint_restriction',
    'commitment_source',
    'constraint_source',
  ];
  const result: Record<string, unknown[]> = {};
  for (const table of tables) result[table] = await db.dataSource.query(`SELECT * FROM ${table} ORDER BY 1, 2`);
  return result;
}

describe('the seed corpus', () => {
  let corpus: SeedCorpus;

  beforeAll(() => {
    corpus = readCorpus();
  });

  it('has every commitment and constraint traced to a source with a quote found word for word in the evidence', () => {
    const evidenceDir = path.join(SEEDS_DIR, 'evidence');
    const evidence = fs.readdirSync(evidenceDir).map((file) => fold(fs.readFileSync(path.join(evidenceDir, file), 'utf8')));
    const sources = new Set(corpus.sources.map((s) => s.key));
    const facts = corpus.agreements.flatMap((a) => [...a.commitments, ...a.constraints]);
    expect(facts.length).toBeGreaterThan(50);
    const unquoted = facts.filter((fact) => !evidence.some((text) => text.includes(fold(fact.quote)))).map((f) => f.key);
    expect(unquoted).toEqual([]);
    expect(facts.filter((fact) => !sources.has(fact.source)).map((f) => f.key)).toEqual([]);
  });

  it('has unique slugs and keys, and every domain it uses is in the tree', () => {
    const slugs = corpus.agreements.map((a) => a.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    const tree = new Set(flattenDomains(corpus.domains).map((d) => d.slug));
    const used = corpus.agreements.flatMap((a) => a.commitments.flatMap((c) => c.domains));
    expect(used.filter((slug) => !tree.has(slug))).toEqual([]);
  });

  it('has the domain tree of the product brief', () => {
    const nodes = flattenDomains(corpus.domains);
    const parentOf = new Map(nodes.map((n) => [n.slug, n.parent]));
    const expected: Record<string, string[]> = {
      'security-defence': ['equipment', 'demining', 'intelligence', 'cyber', 'hybrid-threats', 'cbrn', 'medical-care-soldiers', 'defence-industry'],
      humanitarian: ['health-care', 'women-children', 'winter-support'],
      economic: ['agriculture', 'digital', 'manufacturing', 'energy', 'transport', 'reconstruction'],
      governance: ['anti-corruption', 'democratic-institutions', 'eu-accession-reforms'],
      political: ['consultation-mechanism', 'sanctions', 'accountability', 'peace-formula'],
    };
    for (const [root, children] of Object.entries(expected)) {
      expect(parentOf.get(root)).toBeNull();
      for (const child of children) expect([child, parentOf.get(child)]).toEqual([child, root]);
    }
  });

  it('never stores an invented expiry date', () => {
    expect(corpus.agreements.filter((a) => a.expiresOn).map((a) => a.slug)).toEqual([]);
  });

  describe('loading', () => {
    let db: TestDatabase;
    beforeAll(async () => {
      db = await createTestDatabase({ empty: true, migrate: true });
    });
    afterAll(() => db.drop());

    it('is idempotent: loading twice gives the same database', async () => {
      const first = await loadCorpus(db.dataSource, corpus);
      const once = await snapshot(db);
      const second = await loadCorpus(db.dataSource, corpus);
      const twice = await snapshot(db);
      expect(second).toEqual(first);
      expect(twice).toEqual(once);
      expect((once.agreement as unknown[]).length).toBe(corpus.agreements.length);
    });

    it('drops (softly) a commitment removed from its file on the next load, and loses nothing on a failed load', async () => {
      const japan = corpus.agreements.find((a) => a.slug === 'japan-ukraine-2024')!;
      const trimmed: SeedCorpus = {
        ...corpus,
        agreements: corpus.agreements.map((a) => (a === japan ? { ...a, commitments: a.commitments.slice(1), constraints: [] } : a)),
      };
      await loadCorpus(db.dataSource, trimmed);
      // Dropped softly: gone from the live rows, kept (with its history) for as-of reads and a restore.
      const [{ count }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM live.commitment WHERE key = $1`, [japan.commitments[0].key]);
      expect(count).toBe(0);
      const [{ action }] = await db.dataSource.query(
        `SELECT action FROM history WHERE table_name = 'commitment' AND after->>'key' = $1 ORDER BY id DESC LIMIT 1`,
        [japan.commitments[0].key],
      );
      expect(action).toBe('DELETE');

      const before = await snapshot(db);
      const broken: SeedCorpus = { ...corpus, sources: corpus.sources.map((s, i) => (i === 0 ? { ...s, kind: 'NOT_A_KIND' as never } : s)) };
      await expect(loadCorpus(db.dataSource, broken)).rejects.toThrow();
      expect(await snapshot(db)).toEqual(before);
    });
  });
});
