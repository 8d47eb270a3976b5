import { readCorpus } from '../../src/seed/read-corpus';
import { SeedCorpus } from '../../src/seed/seed-schema';
import { startTestApp, TestApp } from '../support/test-app';

// `overlapNote` and `corroboratedBy` over GraphQL on the seed corpus (issue 16): every expectation is computed from the
// seed files, so the API is checked against the files, not against numbers copied from a run.
describe('overlapNote and corroboratedBy on the seed corpus', () => {
  let api: TestApp;
  let corpus: SeedCorpus;

  beforeAll(async () => {
    api = await startTestApp();
    corpus = readCorpus();
  });
  afterAll(() => api.close());

  const commitments = () => corpus.agreements.flatMap((a) => a.commitments);
  const constraints = () => corpus.agreements.flatMap((a) => a.constraints);

  it('lists exactly the commitments whose overlap the texts leave open, with their notes', async () => {
    const expected = commitments()
      .filter((c) => c.overlapNote)
      .map((c) => ({ key: c.key, overlapNote: c.overlapNote }))
      .sort((a, b) => a.key.localeCompare(b.key));
    expect(expected.length).toBeGreaterThan(0);
    const response = await api.gql(
      `{ commitments(filter: { overlapNote: { isNull: false } }, first: 250, orderBy: [KEY_ASC]) { totalCount nodes { key overlapNote } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data.commitments.totalCount).toBe(expected.length);
    expect([...response.data.commitments.nodes].sort((a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key))).toEqual(expected);
  });

  it('filters on the note like any text field, and the complement holds the rest', async () => {
    const all = commitments();
    const mentioning = all.filter((c) => c.overlapNote?.includes('military')).map((c) => c.key);
    expect(mentioning.length).toBeGreaterThan(0);
    const contains = await api.gql(`{ commitments(filter: { overlapNote: { contains: "military" } }, first: 250) { nodes { key } } }`);
    expect(contains.data.commitments.nodes.map((n: { key: string }) => n.key).sort()).toEqual([...mentioning].sort());
    const without = await api.gql(`{ commitments(filter: { overlapNote: { isNull: true } }) { totalCount } }`);
    expect(without.data.commitments.totalCount).toBe(all.filter((c) => !c.overlapNote).length);
  });

  it('shows each commitment and constraint its corroborating sources, and the gate-4 records rest on a source above LOW', async () => {
    const reliability = new Map(corpus.sources.map((s) => [s.key, s.reliability]));
    for (const [kind, records] of [
      ['commitments', commitments()],
      ['constraints', constraints()],
    ] as const) {
      const corroborated = records.filter((r) => (r.corroboratedBy ?? []).length > 0);
      if (kind === 'commitments') expect(corroborated.length).toBeGreaterThan(0);
      for (const record of corroborated) {
        const response = await api.gql(
          `query($key: String!) { ${kind}(filter: { key: { eq: $key } }) { nodes { source { reliability } corroboratedBy { key reliability } } } }`,
          {
            key: record.key,
          },
        );
        expect(response.errors).toBeUndefined();
        const [node] = response.data[kind].nodes;
        expect(node.corroboratedBy.map((s: { key: string }) => s.key).sort()).toEqual([...record.corroboratedBy!].sort());
        expect(node.corroboratedBy.map((s: { reliability: string }) => s.reliability)).toEqual(
          node.corroboratedBy.map((s: { key: string }) => reliability.get(s.key)),
        );
        expect([node.source.reliability, ...node.corroboratedBy.map((s: { reliability: string }) => s.reliability)]).toContainEqual(
          expect.stringMatching(/^(MEDIUM|HIGH)$/),
        );
      }
    }
    // A record with no corroboration answers an empty list, not null.
    const plain = commitments().find((c) => !c.corroboratedBy)!;
    const response = await api.gql(`query($key: String!) { commitments(filter: { key: { eq: $key } }) { nodes { corroboratedBy { key } } } }`, {
      key: plain.key,
    });
    expect(response.data.commitments.nodes[0].corroboratedBy).toEqual([]);
  });
});
