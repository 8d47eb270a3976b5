import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { createLogger, startApp, App } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { startTestApp, TestApp } from '../support/test-app';
import { fuzzOptions } from '../support/fuzz';
import { loadCorpus } from '../../src/seed/load-corpus';
import { agreementSeed, SeedCorpus, sourceSeed } from '../../src/seed/seed-schema';
import { jsonReal } from '../../src/read-plan/json';
import { render, sql } from '../../src/shared/sql/sql';

// Issue 17, the JSON built by PostgreSQL, and its second lane: every operation asked of an API with the JSON path
// on and of one with it off (READ_JSON_PATH=off, the resolvers) over the same database must give the same response:
// the same values under the same keys in the same order (the JSON path's whitespace is PostgreSQL's, so texts are
// compared after JSON.parse and JSON.stringify, which keeps key order).

const ROOT = path.join(__dirname, '..', '..');
const graphqlFiles = (dir: string) =>
  fs
    .readdirSync(path.join(ROOT, dir))
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => [`${dir}/${file}`, fs.readFileSync(path.join(ROOT, dir, file), 'utf8')] as const);

// The bench's reads (a)-(d) (bench/operations.mjs), over the seed corpus.
const BENCH = {
  a: `query A($party: String!, $domain: String!, $first: Int!, $nested: Int!) {
  agreements(filter: { partyCode: { eq: $party }, domain: $domain }, orderBy: [SIGNED_ON_ASC], first: $first) {
    nodes { id slug shortTitle signedOn parties { role actor { code name } }
      commitments(first: $nested) { nodes { id key summary kind amount { amount currency } domains { slug } source { key title } } } }
  }
}`,
  b: `query B($q: String!, $first: Int!) { commitments(filter: { search: $q }, first: $first) { nodes { id key summary kind agreement { slug } } } }`,
  c: `query C($slug: String!, $first: Int!) {
  agreement(slug: $slug) {
    id slug title shortTitle kind legalNature status signedOn signedPlace entryIntoForce durationYears expiresOn summary
    parties { role actor { code name kind } }
    commitments(first: $first) { nodes { id key summary quote locator kind modality stage lethal amount { amount currency } period { start end label }
      provider { code } beneficiary { code } domains { slug name } mechanisms { slug name } source { key title publisher url } } }
    constraints(first: $first) { nodes { id key kind summary quote locator actor { code } source { key } restricts { id key } } }
  }
}`,
  d: `query D($domain: String!, $from: Date!, $to: Date!, $first: Int!, $after: String) {
  commitments(filter: { domain: $domain, periodStart: { gte: $from, lt: $to } }, orderBy: [PERIOD_START_ASC], first: $first, after: $after) {
    nodes { id key kind period { start } amount { amount currency } agreement { slug } }
    pageInfo { hasNextPage }
  }
}`,
};

const BENCH_VARIABLES = {
  a: { party: 'UA', domain: 'military-assistance', first: 20, nested: 20 },
  b: { q: 'air defence', first: 20 },
  c: { slug: 'japan-ukraine-2024', first: 50 },
  d: { domain: 'military-assistance', from: '2024-01-01', to: '2026-01-01', first: 5 },
};

/** More shapes the plan covers: both ends of a page, counts, page information, type names, fragments, aliases. */
const SHAPES: [string, string, Record<string, unknown>][] = [
  [
    'last page with counts',
    `{ commitments(last: 3, orderBy: [AMOUNT_DESC]) { totalCount pageInfo { hasNextPage hasPreviousPage __typename } nodes { key amount { amount } } } }`,
    {},
  ],
  ['count alone', `{ agreements { totalCount } constraints { totalCount } }`, {}],
  [
    'type names and fragments',
    `query { __typename agreements(first: 2) { __typename nodes { ...A } } } fragment A on Agreement { __typename slug k: kind ... on Agreement { signedOn } }`,
    {},
  ],
  [
    'nested counts and orders',
    `{ agreements(first: 3, orderBy: [SIGNED_ON_DESC]) { nodes { slug commitments(first: 2, orderBy: [KEY_DESC]) { totalCount nodes { key } } constraints { totalCount } } } }`,
    {},
  ],
  [
    'actors, sources, mechanisms',
    `{ actors(first: 5) { nodes { id code name kind } } sources(first: 3) { nodes { key title url } } mechanisms(first: 3) { nodes { slug name } } }`,
    {},
  ],
  [
    'edges and cursors from both ends',
    `{ a: commitments(first: 3, orderBy: [AMOUNT_DESC, PERIOD_START_ASC]) { edges { cursor node { key } __typename } pageInfo { startCursor endCursor } }
       b: agreements(last: 2) { pageInfo { startCursor endCursor hasPreviousPage } edges { node { slug } cursor } }
       c: constraints(first: 0) { pageInfo { startCursor endCursor } edges { cursor } } }`,
    {},
  ],
  ['agreement by id', `query($id: ID!) { agreement(id: $id) { slug framework { slug } } }`, { id: '1' }],
  ['no such agreement', `{ agreement(slug: "no-such-accord") { slug } }`, {}],
  ['as of a moment', `query($at: DateTime) { agreements(first: 2, asOf: $at) { totalCount nodes { slug } } }`, { at: new Date().toISOString() }],
  // Relations and nested pages of a page's rows are read for the whole page at once (json.ts, RowSet).
  [
    'three levels of pages, relations at each level',
    `{ actors(first: 3) { nodes { code agreements(first: 2, orderBy: [SIGNED_ON_DESC]) { totalCount pageInfo { hasNextPage endCursor }
       nodes { slug parties { role actor { code } } commitments(last: 2) { totalCount pageInfo { startCursor hasPreviousPage hasNextPage }
         edges { cursor node { key source { key } domains { slug } provider { code } } } } } } } } }`,
    {},
  ],
  [
    'empty nested pages among full ones',
    `{ agreements(first: 4) { nodes { slug
       basedOnIt(first: 2) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } nodes { slug } }
       none: commitments(first: 2, filter: { key: { eq: "no-such-key" } }) { totalCount nodes { key source { key } } pageInfo { endCursor } }
       commitments(first: 0) { pageInfo { hasNextPage } nodes { key } } } } }`,
    {},
  ],
  [
    'one relation in nodes and edges, a relation holding a page',
    `{ agreements(first: 2) { nodes { commitments(first: 2) { nodes { source { key } } edges { node { source { title } } } } } }
       commitments(first: 3) { nodes { key agreement { slug commitments(first: 1) { nodes { key domains { slug } } } } } } }`,
    {},
  ],
  [
    "an agreement's lists written with sub-queries of their own (domains, sources)",
    `{ agreements(first: 4, orderBy: [SIGNED_ON_DESC]) { nodes { slug domains { slug } sources { key } } } }`,
    {},
  ],
  [
    'pages nested through a link table',
    `{ mechanisms(first: 2) { nodes { slug commitments(first: 2, orderBy: [AMOUNT_DESC]) { totalCount nodes { key amount { amount } } } } } }`,
    {},
  ],
];

/** The analysis reads (issue 17, item 2): bench (e) and (f), and other selections, aliases, type names, `asOf`. */
const PEERS = [
  'japan-ukraine-2024',
  'united-states-ukraine-2024',
  'united-kingdom-ukraine-2024',
  'germany-ukraine-2024',
  'france-ukraine-2024',
  'poland-ukraine-2024',
];
const ANALYSIS: [string, string, Record<string, unknown>][] = [
  [
    'bench (e): counts and sums by provider and year',
    `{ commitmentStats(groupBy: [PROVIDER, YEAR]) { key { provider { id code } year } count sums { currency basis amount } } }`,
    {},
  ],
  [
    'statistics: every field, in another order, aliases and type names',
    `{ s: commitmentStats(groupBy: [DOMAIN, KIND], depth: 1) { __typename c: count
       key { kind domain { slug name } modality stage year provider { code } beneficiary { code } agreement { slug } __typename }
       sums { bounds commitmentCount amount basis currency __typename } total: sums { amount } } }`,
    {},
  ],
  [
    'statistics: other dimensions, a filter, no money',
    `query($filter: CommitmentFilter) { commitmentStats(groupBy: [AGREEMENT, MODALITY, STAGE, BENEFICIARY], filter: $filter) {
       count key { agreement { slug signedOn parties { role actor { code } } } beneficiary { name kind } modality stage } } }`,
    { filter: { kind: { eq: 'FINANCIAL' } } },
  ],
  [
    'statistics by domain, unrolled, with a list beside it',
    `{ commitmentStats(groupBy: [DOMAIN]) { sums { currency amount } key { domain { slug } } } agreements(first: 2) { nodes { slug } } }`,
    {},
  ],
  [
    'bench (f): compare six agreements',
    `query($slugs: [String!]!) { compareAgreements(slugs: $slugs) {
       agreements { slug }
       rows { domain { slug } cells { covered strongestModality commitments { key } amounts { currency basis amount } } }
       shared { slug }
       distinctive { agreement { slug } domains { slug } }
       constraintRows { kind cells { constraints { key } } } } }`,
    { slugs: PEERS },
  ],
  [
    'comparison: every field rolled up, aliases, type names, composite objects',
    `query($slugs: [String!]!) { c: compareAgreements(slugs: $slugs, depth: 2) { __typename d: depth
       constraintRows { cells { agreement { slug } constraints { key kind summary } __typename } kind }
       distinctive { domains { slug name } agreement { shortTitle } }
       shared { name }
       rows { cells { amounts { bounds commitmentCount __typename } a: amounts { amount } agreement { slug } commitments { key amount { amount currency } period { start end } } covered }
         domain { slug } __typename }
       agreements { slug signedOn kind } } }`,
    { slugs: PEERS.slice(0, 3) },
  ],
  [
    'comparison and statistics as of a moment',
    `query($at: DateTime, $slugs: [String!]!) { compareAgreements(slugs: $slugs, asOf: $at) { agreements { slug } rows { domain { slug } cells { covered } } }
       commitmentStats(groupBy: [PROVIDER], asOf: $at) { count key { provider { code } } sums { amount } } }`,
    { at: new Date().toISOString(), slugs: PEERS.slice(1, 3) },
  ],
  [
    'coverage: rolled up, filtered, every field, aliases',
    `{ domainCoverage(depth: 2, filter: { partyCode: { eq: "UA" } }) { __typename cells { n: count strongestModality domain { slug } agreement { slug } __typename }
       domains { name slug } agreements { slug signedOn } } }`,
    {},
  ],
  [
    'coverage as of a moment, unrolled',
    `query($at: DateTime) { domainCoverage(asOf: $at) { agreements { slug } cells { count agreement { slug } domain { slug } } } }`,
    { at: new Date().toISOString() },
  ],
  [
    'timeline: every field, filtered, as of a moment',
    `query($at: DateTime) { t: timeline(asOf: $at, filter: { partyCode: { eq: "JP" } }) { __typename agreement { slug shortTitle } kind on }
       timeline { on kind } }`,
    { at: new Date().toISOString() },
  ],
  [
    'similar agreements: every field (Float scores), aliases, type names',
    `{ similarAgreements(slug: "japan-ukraine-2024", first: 30) { __typename score overlap: constraintOverlap agreement { slug parties { role } }
       sharedDomains { slug } onlyHere { slug name } onlyThere { slug } } }`,
    {},
  ],
  [
    'similar agreements: the default count, as of a moment, beside a list',
    `query($at: DateTime) { similarAgreements(slug: "germany-ukraine-2024", asOf: $at) { agreement { slug } score } agreements(first: 1) { nodes { slug } } }`,
    { at: new Date().toISOString() },
  ],
];

/** Analysis reads with wrong arguments: the resolvers answer them, with the same error. */
const ANALYSIS_ERRORS: [string, string][] = [
  ['an unknown slug', `{ compareAgreements(slugs: ["japan-ukraine-2024", "no-such-accord"]) { agreements { slug } } }`],
  ['one slug', `{ compareAgreements(slugs: ["japan-ukraine-2024"]) { agreements { slug } } }`],
  ['a slug twice', `{ compareAgreements(slugs: ["japan-ukraine-2024", "japan-ukraine-2024"]) { agreements { slug } } }`],
  ['a depth out of range', `{ compareAgreements(slugs: ["japan-ukraine-2024", "france-ukraine-2024"], depth: 0) { depth } }`],
  ['no dimension', `{ commitmentStats(groupBy: []) { count } }`],
  ['a dimension twice', `{ commitmentStats(groupBy: [KIND, KIND]) { count } }`],
  ['a bad filter', `{ commitmentStats(groupBy: [KIND], filter: { kind: { eq: null } }) { count } }`],
  ['a bad coverage filter', `{ domainCoverage(filter: { slug: { eq: null } }) { cells { count } } }`],
  ['a bad timeline filter', `{ timeline(filter: { slug: { eq: null } }) { on } }`],
  ['an unknown slug to compare with', `{ similarAgreements(slug: "no-such-accord") { score } }`],
  ['a count out of range', `{ similarAgreements(slug: "japan-ukraine-2024", first: 0) { score } }`],
];

describe('the JSON path and its second lane (READ_JSON_PATH)', () => {
  let api: TestApp;
  let deopt: App;

  beforeAll(async () => {
    api = await startTestApp({ readJsonPath: true });
    const offConfig = { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: api.db.url, PORT: '0' }), readJsonPath: false };
    deopt = await startApp(api.db.dataSource, offConfig, createLogger(offConfig), 0);
  });
  afterAll(async () => {
    await deopt?.stop();
    await api?.close();
  });

  const post = async (url: string, query: string, variables?: Record<string, unknown>) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, text: await response.text() };
  };

  /** Both lanes' answers, their texts normalised (key order kept), and the statements of the JSON lane. */
  const both = async (query: string, variables?: Record<string, unknown>) => {
    api.db.recorder.start();
    const on = await post(api.app.url, query, variables);
    const statements = api.db.recorder.stop();
    const off = await post(deopt.url, query, variables);
    return { on: { ...on, text: JSON.stringify(JSON.parse(on.text)) }, off: { ...off, text: JSON.stringify(JSON.parse(off.text)) }, statements };
  };

  const answeredByJson = (statements: string[]) => statements.length === 1 && statements[0].startsWith('SELECT json_build_object(');

  it.each(Object.keys(BENCH) as (keyof typeof BENCH)[])(
    'bench read (%s): one statement that builds the JSON, the same answer as the resolvers',
    async (name) => {
      const { on, off, statements } = await both(BENCH[name], BENCH_VARIABLES[name]);
      expect(on).toEqual(off);
      expect(JSON.parse(on.text).errors).toBeUndefined();
      expect(answeredByJson(statements)).toBe(true);
    },
  );

  it('answers a deep page after a cursor, the same both ways', async () => {
    const first = JSON.parse((await post(deopt.url, `{ commitments(first: 3, orderBy: [PERIOD_START_ASC]) { pageInfo { endCursor } } }`)).text);
    const after = first.data.commitments.pageInfo.endCursor;
    const { on, off, statements } = await both(BENCH.d.replace('first: $first, after: $after', 'first: $first, after: $after'), {
      ...BENCH_VARIABLES.d,
      after,
    });
    expect(on).toEqual(off);
    expect(answeredByJson(statements)).toBe(true);
    const back = await both(
      `query($before: String) { commitments(last: 2, before: $before, orderBy: [PERIOD_START_ASC]) { pageInfo { hasNextPage hasPreviousPage } nodes { key } } }`,
      { before: after },
    );
    expect(back.on).toEqual(back.off);
    expect(answeredByJson(back.statements)).toBe(true);
  });

  it('answers nested pages after a cursor, the same both ways', async () => {
    const first = JSON.parse((await post(deopt.url, `{ agreements(first: 1) { nodes { commitments(first: 1) { pageInfo { endCursor } } } } }`)).text);
    const after = first.data.agreements.nodes[0].commitments.pageInfo.endCursor;
    const { on, off, statements } = await both(
      `query($after: String) { agreements(first: 3) { nodes { slug commitments(first: 2, after: $after) { totalCount
         pageInfo { hasNextPage hasPreviousPage startCursor } edges { cursor node { key source { key } } } } } } }`,
      { after },
    );
    expect(on).toEqual(off);
    expect(answeredByJson(statements)).toBe(true);
  });

  it('answers nested pages and their relations as of a moment, the same both ways', async () => {
    // A moment after the seed load (the history starts there), on the database's clock.
    const [{ now }] = await api.db.dataSource.query(`SELECT now()::text AS now`);
    const { on, off, statements } = await both(
      `query($at: DateTime) { agreements(first: 3, asOf: $at) { nodes { slug parties { actor { code } }
         commitments(first: 3, orderBy: [KEY_DESC]) { totalCount nodes { key domains { slug } provider { code } agreement { slug } } } } } }`,
      { at: new Date(now).toISOString() },
    );
    expect(on).toEqual(off);
    expect(JSON.parse(on.text).data.agreements.nodes[0].commitments.nodes.length).toBeGreaterThan(0);
    expect(answeredByJson(statements)).toBe(true);
  });

  it.each(SHAPES)('%s: the same both ways, answered by the JSON path', async (_name, query, variables) => {
    const { on, off, statements } = await both(query, variables);
    expect(on).toEqual(off);
    expect(answeredByJson(statements)).toBe(true);
  });

  it.each([...graphqlFiles('docs/examples'), ...graphqlFiles('src/reports/operations')])('%s: the same response both ways', async (_file, query) => {
    const variables = { slug: 'japan-ukraine-2024', peers: ['france-ukraine-2024'], since: '2024-01-01T00:00:00Z', depth: 2 };
    const declared = Object.fromEntries(Object.entries(variables).filter(([name]) => query.includes(`$${name}:`)));
    const { on, off } = await both(query, declared);
    expect(on).toEqual(off);
  });

  it('answers errors the current way: a bad nested argument under asOf, a forged cursor, a 60-character alias', async () => {
    // A moment after the seed load (the history starts there), on the database's clock.
    const [{ now }] = await api.db.dataSource.query(`SELECT now()::text AS now`);
    const at = new Date(now).toISOString();
    const badNested = await both(`{ agreements(first: 2, asOf: "${at}") { nodes { commitments(first: 999) { nodes { key } } } } }`);
    expect(badNested.on).toEqual(badNested.off);
    expect(JSON.parse(badNested.on.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const forged = await both(`{ commitments(first: 2, after: "${Buffer.from('{"forged":1}').toString('base64')}") { nodes { key } } }`);
    expect(forged.on).toEqual(forged.off);
    expect(JSON.parse(forged.on.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const alias = 'a'.repeat(60);
    const long = await both(`{ agreements(first: 2, asOf: "${at}") { nodes { ${alias}: commitments(first: 2) { totalCount nodes { key } } } } }`);
    expect(long.on).toEqual(long.off);
    expect(JSON.parse(long.on.text).data.agreements.nodes[0][alias].nodes.length).toBeGreaterThan(0);
    expect(answeredByJson(long.statements)).toBe(true);
  });

  it.each(ANALYSIS)('analysis read, %s: the same both ways, answered by the JSON path', async (_name, query, variables) => {
    const { on, off, statements } = await both(query, variables);
    expect(on).toEqual(off);
    expect(JSON.parse(on.text).errors).toBeUndefined();
    // Not a trivial answer: some list of objects is not empty.
    expect(JSON.stringify(Object.values(JSON.parse(on.text).data)[0])).toMatch(/\[\{"/);
    expect(answeredByJson(statements)).toBe(true);
  });

  it.each(ANALYSIS_ERRORS)('analysis read with %s: the same error both ways, from the resolvers', async (_name, query) => {
    const { on, off, statements } = await both(query);
    expect(on).toEqual(off);
    expect(JSON.parse(on.text).errors.length).toBeGreaterThan(0);
    expect(answeredByJson(statements)).toBe(false);
  });

  it('answers the one-row lookups (commitment, constraint, actor, source, mechanism, domain, provision) the same both ways', async () => {
    const ids = JSON.parse(
      (
        await post(
          api.app.url,
          `{ commitments(first: 1) { nodes { id } } constraints(first: 1) { nodes { id } } provisions(first: 1) { nodes { id } } }`,
        )
      ).text,
    ).data;
    const lookups = `query($c: ID!, $k: ID!, $p: ID!, $code: String!) {
      commitment(id: $c) { id key amount { amount currency } agreement { slug } domains { slug } source { key } }
      constraint(id: $k) { key kind restricts { key } }
      provision: provision(id: $p) { path agreement { slug } }
      actor(code: $code) { code name kind }
      source(key: "no-such-source") { key }
      mechanism(slug: "no-such-mechanism") { slug }
      domain(slug: "demining") { slug name }
      a: agreement(slug: "japan-ukraine-2024") { slug } }`;
    const variables = {
      c: ids.commitments.nodes[0].id,
      k: ids.constraints.nodes[0].id,
      p: ids.provisions.nodes[0]?.id ?? ids.commitments.nodes[0].id,
      code: 'JP',
    };
    const { on, off, statements } = await both(lookups, variables);
    expect(on).toEqual(off);
    expect(JSON.parse(on.text).data.actor).toMatchObject({ code: 'JP' });
    expect(answeredByJson(statements)).toBe(true);
    // A malformed id is the resolver's to refuse.
    const refused = await both(`{ commitment(id: "nope") { key } }`);
    expect(refused.on).toEqual(refused.off);
    expect(JSON.parse(refused.on.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers @skip and @include (literals, variables, on fields, fragments and top-level fields) the same both ways', async () => {
    const query = `query($on: Boolean!, $off: Boolean = false) {
      agreements(first: 2) @include(if: $on) { nodes { slug title @skip(if: $on) ...Parties @include(if: $on)
        commitments(first: 2) { totalCount @skip(if: $off) nodes { key ... @include(if: $off) { summary } } } } }
      constraints(first: 1) @skip(if: $on) { nodes { key } } }
      fragment Parties on Agreement { parties { role actor { code } } }`;
    for (const variables of [{ on: true }, { on: false }, { on: true, off: true }]) {
      const { on, off, statements } = await both(query, variables);
      expect(on).toEqual(off);
      expect(JSON.parse(on.text).errors).toBeUndefined();
      expect(answeredByJson(statements)).toBe(true);
    }
  });

  it('reads a page as asked when nothing needs the row beyond it (no hasNextPage, no last): the same both ways', async () => {
    const asked = `{ agreements(first: 3, orderBy: [SIGNED_ON_DESC]) { pageInfo { startCursor endCursor hasPreviousPage }
      edges { cursor node { slug commitments(first: 2) { pageInfo { startCursor endCursor } edges { cursor node { key domains { slug } } } } } } } }`;
    const { on, off, statements } = await both(asked);
    expect(on).toEqual(off);
    expect(JSON.parse(on.text).data.agreements.edges).toHaveLength(3);
    expect(answeredByJson(statements)).toBe(true);
    expect(statements[0]).not.toContain('row_number()');
    // hasNextPage (or a page read from the end) needs the row beyond the page, numbered.
    for (const query of [
      `{ agreements(first: 3) { pageInfo { hasNextPage } nodes { slug } } }`,
      `{ agreements(last: 3) { nodes { slug commitments(first: 2) { nodes { key } } } } }`,
    ]) {
      const numbered = await both(query);
      expect(numbered.on).toEqual(numbered.off);
      expect(answeredByJson(numbered.statements)).toBe(true);
      expect(numbered.statements[0]).toContain('row_number()');
    }
  });

  describe('lists with a full-text search filter (issue 17: search on the JSON path)', () => {
    // A search filter is a predicate like any other: the rows in the list's own order (id by default), not by
    // relevance; the JSON path must give exactly what the resolvers give, under asOf too.
    const SEARCHES: [string, string][] = [
      [
        'commitments, no hits',
        `{ commitments(filter: { search: "zzqxwv" }, first: 5) { totalCount pageInfo { hasNextPage endCursor } nodes { key } } }`,
      ],
      [
        'commitments, phrase, or, minus, ordered, from the end',
        `{ commitments(filter: { search: "\\"air defence\\" or training -drones" }, last: 4, orderBy: [KEY_DESC]) { totalCount edges { cursor node { key kind agreement { slug } } } } }`,
      ],
      [
        'search and other fields, nested under agreements',
        `{ agreements(first: 3, filter: { search: "security" }) { nodes { slug commitments(first: 2, filter: { search: "training", kind: { eq: MILITARY_ASSISTANCE } }) { totalCount nodes { key summary } } } } }`,
      ],
      [
        'constraints and search inside a relation filter',
        `{ constraints(first: 3, filter: { search: "export" }) { nodes { key } } agreements(first: 2, filter: { hasCommitment: { search: "demining" } }) { nodes { slug } } }`,
      ],
    ];

    it.each(SEARCHES)('%s: the same both ways, answered by the JSON path', async (_name, query) => {
      const { on, off, statements } = await both(query);
      expect(on).toEqual(off);
      expect(JSON.parse(on.text).errors).toBeUndefined();
      expect(answeredByJson(statements)).toBe(true);
    });

    it('pages through search hits with cursors, both ways, and as of a moment', async () => {
      const page = `query($after: String, $at: DateTime) { commitments(filter: { search: "training" }, first: 3, after: $after, asOf: $at) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { id key } } }`;
      const [{ now }] = await api.db.dataSource.query(`SELECT now()::text AS now`);
      for (const at of [undefined, new Date(now).toISOString()]) {
        let after: string | undefined;
        for (let i = 0; i < 3; i++) {
          const { on, off, statements } = await both(page, { after, at });
          expect(on).toEqual(off);
          expect(answeredByJson(statements)).toBe(true);
          const data = JSON.parse(on.text).data.commitments;
          expect(data.nodes.length).toBeGreaterThan(0);
          if (at) expect(statements[0]).toContain('as_of(NULL::commitment');
          after = data.pageInfo.endCursor;
        }
      }
    });
  });

  describe('the top-level search, provisions and texts (issue 17: on the JSON path)', () => {
    // An attached text, so that provisions are hits too (the test fixture of tests/e2e/texts.test.ts).
    beforeAll(async () => {
      const fixture = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'texts', 'testland-ukraine-2024.json'), 'utf8'));
      const content = fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'texts', 'testland-ukraine-2024.txt'), 'utf8');
      const corpus: SeedCorpus = {
        sources: fixture.sources.map((source: unknown) => sourceSeed.parse(source)),
        actors: [],
        domains: [],
        mechanisms: [],
        agreements: [agreementSeed.parse(fixture.agreement)],
      };
      const summary = await loadCorpus(api.db.dataSource, corpus, [{ agreement: 'testland-ukraine-2024', content, language: 'en' }]);
      expect(summary.texts).toMatchObject({ attached: 1 });
    });

    const HIT = `kind rank highlight __typename node { __typename ... on Agreement { id slug shortTitle signedOn } ... on Commitment { key kind amount { amount currency } agreement { slug } }
      ... on Constraint { key actor { code } } ... on Provision { path heading body leaf } }`;
    const SEARCHES: [string, string, Record<string, unknown>][] = [
      [
        'every field, edges and page information',
        `query($q: String!) { search(query: $q, first: 7) { __typename totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename } edges { __typename cursor node { ${HIT} } } } }`,
        { q: 'air defence' },
      ],
      [
        'nodes through named fragments, one on the union',
        `query { search(query: "Testland training", first: 12) { nodes { kind node { ...C ...A ...R } } } }
         fragment C on Commitment { id key } fragment A on Agreement { id slug } fragment R on SearchResult { __typename ... on Provision { id } }`,
        {},
      ],
      ['the count alone', `{ search(query: "Ukraine") { totalCount } }`, {}],
      ['no hits', `{ search(query: "zzqxwv") { totalCount pageInfo { hasNextPage startCursor endCursor } edges { cursor } nodes { kind } } }`, {}],
      ['an empty page', `{ search(query: "Ukraine", first: 0) { pageInfo { hasNextPage startCursor endCursor } nodes { rank } } }`, {}],
      [
        'a phrase, or, minus, default page size',
        `{ search(query: "\\"air defence\\" or demining -Japan") { nodes { kind rank node { __typename } } } }`,
        {},
      ],
    ];

    it.each(SEARCHES)('%s: the same both ways, answered by the JSON path', async (_name, query, variables) => {
      const { on, off, statements } = await both(query, variables);
      expect(on).toEqual(off);
      expect(JSON.parse(on.text).errors).toBeUndefined();
      expect(answeredByJson(statements)).toBe(true);
    });

    it('finds hits of every kind, and pages through them with cursors', async () => {
      const page = `query($after: String) { search(query: "Testland or end-use", first: 4, after: $after) {
        pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { ${HIT} } } } }`;
      const kinds = new Set<string>();
      let after: string | undefined;
      for (let i = 0; i === 0 || after; i++) {
        const { on, off, statements } = await both(page, { after });
        expect(on).toEqual(off);
        expect(answeredByJson(statements)).toBe(true);
        const data = JSON.parse(on.text).data.search;
        expect(data.pageInfo.hasPreviousPage).toBe(i > 0);
        for (const edge of data.edges) kinds.add(edge.node.kind);
        after = data.pageInfo.hasNextPage ? data.pageInfo.endCursor : undefined;
      }
      expect([...kinds].sort()).toEqual(['AGREEMENT', 'COMMITMENT', 'CONSTRAINT', 'PROVISION']);
    });

    it('leaves what it refuses to the resolvers: an empty query, a forged offset, a field it does not cover', async () => {
      const forged = Buffer.from(JSON.stringify(['Search', 'air', [-1]])).toString('base64url');
      for (const query of [
        `{ search(query: "  ") { totalCount } }`,
        `{ search(query: "air", after: "${forged}") { totalCount } }`,
        `{ search(query: "air", first: 2) { nodes { node { ... on Commitment { context } } } } }`,
      ]) {
        const { on, off, statements } = await both(query);
        expect(on).toEqual(off);
        expect(answeredByJson(statements)).toBe(false);
      }
    });

    it('answers provisions (a list, one by id) the same both ways', async () => {
      const list = await both(`{ provisions(first: 6, filter: { search: "Testland" }, orderBy: [PATH_DESC]) {
        totalCount pageInfo { hasNextPage endCursor } nodes { id path kind number heading start end body leaf operative nonOperativeReason note
          agreement { slug } text { language sha256 chars } parent { path } children { path } commitments(first: 2) { totalCount nodes { key } } constraints { totalCount } } } }`);
      expect(list.on).toEqual(list.off);
      expect(answeredByJson(list.statements)).toBe(true);
      const nodes = JSON.parse(list.on.text).data.provisions.nodes;
      expect(nodes.length).toBeGreaterThan(0);
      const one = await both(`query($id: ID!) { provision(id: $id) { path body parent { path } } missing: provision(id: "999999") { path } }`, {
        id: nodes[0].id,
      });
      expect(one.on).toEqual(one.off);
      expect(answeredByJson(one.statements)).toBe(true);
    });

    it("answers an agreement's texts, their provisions and a commitment's provision the same both ways", async () => {
      const { on, off, statements } = await both(`{ agreement(slug: "testland-ukraine-2024") { slug
        text { language sha256 chars reference provisions(first: 4, orderBy: [START_ASC]) { totalCount nodes { path kind body commitments { nodes { key } } } } }
        texts { sha256 language }
        commitments(first: 5) { nodes { key provision { path heading } } } } }`);
      expect(on).toEqual(off);
      expect(answeredByJson(statements)).toBe(true);
      const agreement = JSON.parse(on.text).data.agreement;
      expect(agreement.text.provisions.nodes.length).toBeGreaterThan(0);
      expect(agreement.commitments.nodes.some((node: { provision: unknown }) => node.provision !== null)).toBe(true);
    });

    it('writes a rank (real) as GraphQL writes the number node-pg reads from it', async () => {
      const values = [
        '0',
        '1',
        '0.1',
        '0.0607927',
        '0.99999994',
        '12.5',
        '1e-20',
        '1.5e-7',
        '9.99e-7',
        '1e-6',
        '1.234e-5',
        '0.0001',
        '1e7',
        '3.4e38',
      ];
      const rows: { r: number; j: string }[] = await api.db.dataSource.query(
        `SELECT x::real AS r, ${render(jsonReal(sql`x::real`)).text}::text AS j FROM unnest($1::text[]) x`,
        [values],
      );
      expect(rows.map((row) => row.j)).toEqual(rows.map((row) => JSON.stringify(row.r)));
    });
  });

  it('property: generated list queries give the same response both ways', async () => {
    const commitmentFields = [
      'id',
      'key',
      'kind',
      'modality',
      'stage',
      'lethal',
      'summary',
      'locator',
      'amount { amount currency }',
      'period { start end label }',
      'provider { code kind }',
      'domains { slug }',
      'source { key }',
      'agreement { slug signedOn }',
      '__typename',
    ];
    const orders = ['ID_ASC', 'KEY_DESC', 'AMOUNT_DESC', 'PERIOD_START_ASC', 'KIND_ASC'];
    const query = fc.record({
      fields: fc.subarray(commitmentFields, { minLength: 1 }),
      size: fc.integer({ min: 0, max: 7 }),
      fromEnd: fc.boolean(),
      order: fc.subarray(orders, { maxLength: 2 }),
      count: fc.boolean(),
      info: fc.boolean(),
      filter: fc.constantFrom(
        '',
        'filter: { kind: { eq: FINANCIAL } }',
        'filter: { amount: { isNull: false } }',
        'filter: { domain: "military-assistance" }',
        'filter: { search: "training" }',
      ),
      nested: fc.boolean(),
      edges: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const args = [`${q.fromEnd ? 'last' : 'first'}: ${q.size}`, q.order.length > 0 ? `orderBy: [${q.order.join(', ')}]` : '', q.filter]
          .filter(Boolean)
          .join(', ');
        const body = [
          q.count ? 'totalCount' : '',
          q.info ? 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor }' : '',
          q.edges ? `edges { cursor node { ${q.fields.join(' ')} } }` : `nodes { ${q.fields.join(' ')} }`,
        ]
          .filter(Boolean)
          .join(' ');
        const text = q.nested
          ? `{ agreements(first: 2) { nodes { slug commitments(${args}) { ${body} } } } }`
          : `{ commitments(${args}) { ${body} } }`;
        const { on, off, statements } = await both(text);
        expect(on).toEqual(off);
        expect(answeredByJson(statements)).toBe(true);
      }),
      fuzzOptions(25),
    );
  });
});
