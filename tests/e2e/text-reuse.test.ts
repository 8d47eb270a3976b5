import fs from 'node:fs';
import path from 'node:path';
import { loadCorpus } from '../../src/seed/load-corpus';
import { agreementSeed, sourceSeed, SeedCorpus } from '../../src/seed/seed-schema';
import { localCaller } from '../../src/reports/graphql-callers';
import { collectReport } from '../../src/reports/report-data';
import { buildAppSchema } from '../../src/schema/build-schema';
import { renderReport } from '../../src/reports/render';
import { parseCsv } from '../support/csv';
import { startTestApp, TestApp } from '../support/test-app';
import { App, createLogger, startApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';

// Text reuse (issue 15, part C) against real PostgreSQL over the real endpoint: three agreements written for these
// tests (tests/fixtures/text-reuse), attached through the seed loader's attach path, share the consultation clause
// nearly verbatim ("will consult within 24 hours ... to determine appropriate next steps"). Alderia signed first;
// Brenland and Corvania signed later on the same day, so neither borrows from the other. They are dated 2019, before
// every official agreement, so that what they borrow is the same whether or not the official texts are loaded.

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'text-reuse');
const SIGNED: Record<string, string> = {
  'alderia-ukraine-2019': '2019-01-12',
  'brenland-ukraine-2019': '2019-04-03',
  'corvania-ukraine-2019': '2019-04-03',
};
const CLAUSE = /will consult within 24 hours to determine appropriate next steps/;

function corpus(): SeedCorpus {
  return {
    sources: [
      sourceSeed.parse({
        key: 'text-reuse-fixtures',
        title: 'Agreements written for the text-reuse tests',
        publisher: 'The project (fictional texts)',
        url: 'https://example.org/text-reuse',
        kind: 'OFFICIAL_TEXT',
        reliability: 'HIGH',
      }),
    ],
    actors: [],
    domains: [],
    mechanisms: [],
    agreements: Object.entries(SIGNED).map(([slug, signedOn]) =>
      agreementSeed.parse({
        slug,
        title: `Security cooperation between ${slug.split('-')[0]} and Ukraine (test fixture)`,
        shortTitle: `${slug.split('-')[0]}–Ukraine (test)`,
        kind: 'BILATERAL_SECURITY_AGREEMENT',
        legalNature: 'POLITICAL',
        status: 'SIGNED',
        signedOn,
        parties: [
          { actor: 'JP', role: 'SUPPORTING_PARTY' },
          { actor: 'UA', role: 'RECIPIENT' },
        ],
        sources: [{ source: 'text-reuse-fixtures', supports: 'the text' }],
      }),
    ),
  };
}

const files = () =>
  Object.keys(SIGNED).map((slug) => ({ agreement: slug, language: 'en', content: fs.readFileSync(path.join(FIXTURES, `${slug}.txt`), 'utf8') }));

const REUSE = `query Reuse($slug: String!, $minScore: Float) { textReuse(slug: $slug, minScore: $minScore) {
  agreement { slug } minScore share chars
  provisions { provision { path body } match { path body agreement { slug } } score reusedShare chars shingles }
  from { agreement { slug } provisions share chars } } }`;

interface Reuse {
  minScore: number;
  share: number;
  chars: number;
  provisions: {
    provision: { path: string; body: string };
    match: { path: string; body: string; agreement: { slug: string } } | null;
    score: number;
    reusedShare: number;
    chars: number;
    shingles: number;
  }[];
  from: { agreement: { slug: string }; provisions: number; share: number; chars: number }[];
}

describe('text reuse', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
    const summary = await loadCorpus(api.db.dataSource, corpus(), files());
    expect(summary.texts).toMatchObject({ attached: 3 });
  });
  afterAll(() => api.close());

  const reuse = async (slug: string, minScore?: number): Promise<Reuse> => {
    const { data, errors } = await api.gql(REUSE, { slug, minScore });
    expect(errors).toBeUndefined();
    return data.textReuse;
  };

  it('finds the consultation clause reused from the agreement signed earlier, nearly verbatim', async () => {
    const result = await reuse('brenland-ukraine-2019');
    const clause = result.provisions.find((p) => CLAUSE.test(p.provision.body))!;
    expect(clause.provision.path).toBe('Part II › 1');
    expect(clause.match).toMatchObject({ path: 'Part II › 1', agreement: { slug: 'alderia-ukraine-2019' } });
    expect(clause.match!.body).toMatch(CLAUSE);
    // "a future", "the Sides" for "the Participants": most of its five-word runs, not all.
    expect(clause.score).toBeGreaterThan(0.4);
    expect(clause.score).toBeLessThan(1);
    expect(clause.reusedShare).toBeCloseTo(clause.score, 10);
    // Its own words are nowhere earlier: no match, and nothing reused.
    const drones = result.provisions.find((p) => p.provision.body.includes('drones'))!;
    expect(drones).toMatchObject({ match: null, reusedShare: 0 });
    // The summary: Alderia only (the clause, and the template's stock phrases: "have reached the following
    // understandings"), its provisions' characters weighted by their scores over all leaves'.
    const borrowed = result.provisions.filter((p) => p.match !== null);
    expect(borrowed.every((p) => p.match!.agreement.slug === 'alderia-ukraine-2019')).toBe(true);
    expect(result.from).toEqual([
      {
        agreement: { slug: 'alderia-ukraine-2019' },
        provisions: borrowed.length,
        share: expect.any(Number),
        chars: borrowed.reduce((sum, p) => sum + p.chars, 0),
      },
    ]);
    expect(result.chars).toBe(result.provisions.reduce((sum, p) => sum + p.chars, 0));
    expect(result.from[0].share).toBeCloseTo(borrowed.reduce((sum, p) => sum + p.chars * p.score, 0) / result.chars, 10);
    expect(result.share).toBeCloseTo(result.from[0].share, 10);
  });

  it('scores a verbatim copy 1, and never borrows from an agreement signed the same day or later', async () => {
    const corvania = await reuse('corvania-ukraine-2019');
    const clause = corvania.provisions.find((p) => CLAUSE.test(p.provision.body))!;
    // Corvania copies Alderia's clause word for word; Brenland's, signed the same day, is not earlier.
    expect(clause).toMatchObject({ score: 1, reusedShare: 1, match: { agreement: { slug: 'alderia-ukraine-2019' } } });
    expect(corvania.from.map((f) => f.agreement.slug)).toEqual(['alderia-ukraine-2019']);
    const alderia = await reuse('alderia-ukraine-2019');
    expect(alderia.provisions.length).toBeGreaterThan(0);
    expect(alderia.provisions.every((p) => p.match === null)).toBe(true);
    expect(alderia.from).toEqual([]);
    expect(alderia.share).toBe(0);
  });

  it('applies minScore to the match and the summary, not to the score or the reused share', async () => {
    const loose = await reuse('brenland-ukraine-2019', 0);
    const strict = await reuse('brenland-ukraine-2019', 0.99);
    const clause = strict.provisions.find((p) => CLAUSE.test(p.provision.body))!;
    expect(clause.match).toBeNull();
    expect(clause.score).toBeGreaterThan(0.4);
    // Only verbatim copies are left; the scores and reused shares are those of the looser threshold.
    expect(strict.provisions.filter((p) => p.match !== null).every((p) => p.score >= 0.99)).toBe(true);
    expect(strict.provisions.map((p) => [p.score, p.reusedShare])).toEqual(loose.provisions.map((p) => [p.score, p.reusedShare]));
    expect(strict.share).toBeLessThan(loose.share);
    expect(strict.minScore).toBe(0.99);
  });

  it('answers textReuse in one SQL statement, whatever is selected', async () => {
    const { response, statements } = await api.countStatements(REUSE, { slug: 'brenland-ukraine-2019' });
    expect(response.errors).toBeUndefined();
    expect(statements).toHaveLength(1);
  });

  it('refuses an unknown slug and a minScore outside [0, 1]', async () => {
    const unknown = await api.gql(REUSE, { slug: 'atlantis-ukraine-2024' });
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const high = await api.gql(REUSE, { slug: 'alderia-ukraine-2019', minScore: 1.5 });
    expect(high.errors?.[0]).toMatchObject({ message: 'minScore must be between 0 and 1; got 1.5', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('answers textReuse the same on the JSON path (one statement building the response) and through its resolver', async () => {
    const lane = (readJsonPath: boolean): Promise<App> => {
      const config = { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: api.db.url, PORT: '0' }), readJsonPath };
      return startApp(api.db.dataSource, config, createLogger(config), 0);
    };
    const [json, resolvers] = await Promise.all([lane(true), lane(false)]);
    const post = async (url: string, query: string, variables: Record<string, unknown>) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return JSON.stringify(JSON.parse(await response.text()));
    };
    const ALIASED = `query($slug: String!) { r: textReuse(slug: $slug, minScore: 0) { __typename chars total: share
      from { chars share n: provisions agreement { shortTitle } __typename } provisions { shingles chars score match { path } __typename } } }`;
    try {
      for (const slug of [...Object.keys(SIGNED), 'atlantis-ukraine-2024'])
        for (const [query, variables] of [
          [REUSE, { slug }],
          [REUSE, { slug, minScore: 0.99 }],
          [REUSE, { slug, minScore: 2 }],
          [ALIASED, { slug }],
        ] as const) {
          api.db.recorder.start();
          const answered = await post(json.url, query, variables);
          const statements = api.db.recorder.stop();
          expect([slug, answered]).toEqual([slug, await post(resolvers.url, query, variables)]);
          const wrong = slug === 'atlantis-ukraine-2024' || ('minScore' in variables && variables.minScore === 2);
          // Wrong arguments go to the resolver, which reports them; the rest is one statement building the response.
          if (!wrong) expect(statements).toEqual([expect.stringMatching(/^SELECT json_build_object\('(textReuse|r)', \(WITH /)]);
          else expect(JSON.parse(answered).errors[0].extensions.code).toBe('BAD_USER_INPUT');
        }
    } finally {
      await Promise.all([json.stop(), resolvers.stop()]);
    }
  });

  it('lists similar provisions of other agreements, best first, batched in one statement for a whole list', async () => {
    const query = `query Similar($first: Int) { provisions(first: $first, filter: { agreement: { slug: { in: ["alderia-ukraine-2019", "brenland-ukraine-2019", "corvania-ukraine-2019"] } }, leaf: { eq: true } }) {
      nodes { path body agreement { slug } similar(first: 20, minScore: 0.3) { score sharedShingles provision { path agreement { slug } } } } } }`;
    const few = await api.countStatements(query, { first: 2 });
    const many = await api.countStatements(query, { first: 100 });
    expect(many.response.errors).toBeUndefined();
    // The page, then one statement for the similar provisions of all its rows.
    expect(few.statements).toHaveLength(2);
    expect(many.statements).toHaveLength(2);
    const nodes = many.response.data.provisions.nodes as {
      body: string;
      agreement: { slug: string };
      similar: { score: number; sharedShingles: number; provision: { path: string; agreement: { slug: string } } }[];
    }[];
    const alderiaClause = nodes.find((n) => n.agreement.slug === 'alderia-ukraine-2019' && CLAUSE.test(n.body))!;
    // Both later copies, Corvania's (verbatim) before Brenland's (official agreements with the clause, where loaded,
    // rank among them by the same rule).
    const slugs = alderiaClause.similar.map((s) => s.provision.agreement.slug);
    const corvania = alderiaClause.similar[slugs.indexOf('corvania-ukraine-2019')];
    const brenland = alderiaClause.similar[slugs.indexOf('brenland-ukraine-2019')];
    expect(slugs.indexOf('corvania-ukraine-2019')).toBeLessThan(slugs.indexOf('brenland-ukraine-2019'));
    expect(corvania.score).toBe(1);
    expect(brenland.score).toBeLessThan(1);
    expect(brenland.score).toBeGreaterThan(0.4);
    expect(corvania.sharedShingles).toBeGreaterThan(brenland.sharedShingles);
    const scores = alderiaClause.similar.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const node of nodes) for (const s of node.similar) expect(s.provision.agreement.slug).not.toBe(node.agreement.slug);
    // Provisions that share no wording have no similar provisions.
    expect(nodes.find((n) => n.body.includes('drones'))!.similar).toEqual([]);
  });

  it('finds leaf provisions with search, highlighted, their relations embedded (one statement, or one per kind of hit: never per hit)', async () => {
    const query = `query($first: Int!) { search(query: "consult within 24 hours appropriate next steps", first: $first) {
      totalCount nodes { kind highlight node { __typename ... on Provision { path leaf agreement { slug } } } } } }`;
    const few = await api.countStatements(query, { first: 1 });
    const many = await api.countStatements(query, { first: 50 });
    expect(many.response.errors).toBeUndefined();
    const hits = many.response.data.search.nodes as {
      kind: string;
      highlight: string;
      node: { __typename: string; path?: string; leaf?: boolean; agreement?: { slug: string } };
    }[];
    // Whatever the number of hits: the JSON path (src/read-plan) answers in one statement; the resolvers
    // (READ_JSON_PATH=off) read the page, the count, and one statement per kind of node on the page.
    const resolvers = process.env.READ_JSON_PATH === 'off';
    expect(many.statements).toHaveLength(resolvers ? 2 + new Set(hits.map((hit) => hit.kind)).size : 1);
    expect(few.statements).toHaveLength(resolvers ? 3 : 1);
    const provisions = hits.filter((hit) => hit.kind === 'PROVISION');
    expect(provisions.every((hit) => hit.node.__typename === 'Provision' && hit.node.leaf === true)).toBe(true);
    expect(provisions.map((hit) => hit.node.agreement!.slug)).toEqual(expect.arrayContaining(Object.keys(SIGNED)));
    const alderia = provisions.find((hit) => hit.node.agreement!.slug === 'alderia-ukraine-2019')!;
    expect(alderia.node.path).toBe('Part II › 1');
    expect(alderia.highlight).toContain('<mark>consult</mark>');
    // Only leaves: the Part holding the clause repeats its words but is not a hit of its own.
    expect(provisions.filter((hit) => hit.node.agreement!.slug === 'alderia-ukraine-2019')).toHaveLength(1);
  });
});

describe('text reuse in the official texts', () => {
  // A database of its own, without the test agreements: what the official texts borrow depends on them alone.
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('finds the consultation clause reused between two official agreements where their texts are loaded (AGREEMENT_TEXTS_DIR)', async () => {
    // Germany (16 February 2024) took the clause from the United Kingdom (12 January 2024), the one agreement signed
    // before it. Runs in every case: without the official texts, it checks that nothing is found instead.
    const { data } = await api.gql(
      `{ agreements(filter: { slug: { in: ["germany-ukraine-2024", "united-kingdom-ukraine-2024"] } }) { nodes { slug text { loaded } } } }`,
    );
    const loaded = new Set(
      (data.agreements.nodes as { slug: string; text: { loaded: boolean } | null }[]).filter((a) => a.text?.loaded).map((a) => a.slug),
    );
    // Where the official texts were given, both must have loaded: the check below is then the real one.
    const dir = process.env.AGREEMENT_TEXTS_DIR;
    for (const slug of ['germany-ukraine-2024', 'united-kingdom-ukraine-2024'])
      if (dir && fs.existsSync(path.join(dir, `${slug}.txt`))) expect(loaded).toContain(slug);
    const { data: reuseData, errors } = await api.gql(REUSE, { slug: 'germany-ukraine-2024' });
    expect(errors).toBeUndefined();
    const germany = reuseData.textReuse as Reuse;
    const clause = germany.provisions.find((p) => /will consult within 24 hours/.test(p.provision.body));
    if (loaded.has('germany-ukraine-2024') && loaded.has('united-kingdom-ukraine-2024')) {
      expect(clause?.match).toMatchObject({ agreement: { slug: 'united-kingdom-ukraine-2024' } });
      expect(clause!.match!.body).toMatch(/will consult within 24 hours/);
      expect(clause!.score).toBeGreaterThanOrEqual(0.5);
      expect(germany.from.map((f) => f.agreement.slug)).toContain('united-kingdom-ukraine-2024');
    } else {
      expect(germany.from.map((f) => f.agreement.slug)).not.toContain('united-kingdom-ukraine-2024');
      if (!loaded.has('germany-ukraine-2024')) expect(germany.provisions).toEqual([]);
    }
  });
});

describe('the agreement brief cites provisions', () => {
  // The test accord of the texts tests (tests/fixtures/texts): commitments whose quotes are spans of its loaded text.
  const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'texts', 'testland-ukraine-2024.json'), 'utf8'));
  const TEXT = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'texts', 'testland-ukraine-2024.txt'), 'utf8');
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
    await loadCorpus(
      api.db.dataSource,
      {
        sources: FIXTURE.sources.map((s: unknown) => sourceSeed.parse(s)),
        actors: [],
        domains: [],
        mechanisms: [],
        agreements: [agreementSeed.parse(FIXTURE.agreement)],
      },
      [{ agreement: 'testland-ukraine-2024', content: TEXT, language: 'en' }],
    );
  });
  afterAll(() => api.close());

  it('gives each commitment’s provision path in every format, and its context, marked, in HTML', async () => {
    const report = await collectReport(
      buildAppSchema(),
      'agreement-brief',
      { agreement: 'testland-ukraine-2024', peers: [] },
      localCaller(buildAppSchema(), api.db.dataSource),
    );
    const markdown = renderReport(report, 'md').body;
    const html = renderReport(report, 'html').body;
    const csv = parseCsv(renderReport(report, 'csv').body);
    expect(markdown).toContain('  - Provision: Part II › 1');
    expect(markdown).toContain('  - Provision: Part II › 2');
    expect(html).toContain('Provision: <span class="path">Part II › 1</span>');
    expect(html).toMatch(/In context: (… )?[^<]*<mark>Testland will provide Ukraine with air defence systems/);
    expect(html).toContain(
      '<mark>Testland will train Ukrainian deminers</mark> at its engineering school and <mark>will fund the equipment they use</mark>',
    );
    const column = csv[0].indexOf('provision');
    expect(column).toBeGreaterThan(0);
    expect(
      csv
        .slice(1)
        .map((row) => row[column])
        .sort(),
    ).toEqual(['Part II › 1', 'Part II › 2']);
  });
});
