import { createApiToken } from '../../src/shared/auth/token-store';
import { createSqlRunner } from '../../src/db/sql-runner';
import { startTestApp, TestApp } from '../support/test-app';

// As-of reads rebuild every table a statement touches from the history, so the agreement, its nested commitments
// and the filters over them all read the same past moment. The changes here are made in SQL on this file's own
// database (the triggers record them whichever way they are made); the mutation tests make them through the API.
describe('as-of reads', () => {
  let api: TestApp;
  let before: string;

  beforeAll(async () => {
    api = await startTestApp();
    const [{ now }] = await api.db.dataSource.query(`SELECT now()::text AS now`);
    before = new Date(now).toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await api.db.dataSource.query(`UPDATE agreement SET short_title = 'Renamed accord' WHERE slug = 'japan-ukraine-2024'`);
    await api.db.dataSource.query(`UPDATE commitment SET deleted_at = now() WHERE key = 'japan-ukraine-2024/non-lethal-equipment'`);
    await api.db.dataSource.query(
      `DELETE FROM commitment_domain WHERE commitment_id = (SELECT id FROM commitment WHERE key = 'japan-ukraine-2024/support-2024')`,
    );
  });
  afterAll(() => api.close());

  const query = `query($asOf: DateTime) { agreement(slug: "japan-ukraine-2024", asOf: $asOf) {
    shortTitle
    commitments(first: 100) { totalCount nodes { key domains { slug } } }
    equipment: commitments(first: 100, filter: { kind: { eq: EQUIPMENT } }) { nodes { key } }
  } }`;

  it('reads the present by default: the rename, the soft delete and the removed links show', async () => {
    const { data, errors } = await api.gql(query);
    expect(errors).toBeUndefined();
    expect(data.agreement.shortTitle).toBe('Renamed accord');
    const keys = data.agreement.commitments.nodes.map((c: { key: string }) => c.key);
    expect(keys).not.toContain('japan-ukraine-2024/non-lethal-equipment');
    expect(data.agreement.commitments.nodes.find((c: any) => c.key === 'japan-ukraine-2024/support-2024').domains).toEqual([]);
  });

  it('reads the agreement, its commitments, their links and the filters as they stood before', async () => {
    const { data, errors } = await api.gql(query, { asOf: before });
    expect(errors).toBeUndefined();
    expect(data.agreement.shortTitle).toBe('Japan-Ukraine accord');
    const keys = data.agreement.commitments.nodes.map((c: { key: string }) => c.key);
    expect(keys).toContain('japan-ukraine-2024/non-lethal-equipment');
    expect(data.agreement.commitments.totalCount).toBe(keys.length);
    expect(data.agreement.equipment.nodes.map((c: { key: string }) => c.key)).toContain('japan-ukraine-2024/non-lethal-equipment');
    expect(data.agreement.commitments.nodes.find((c: any) => c.key === 'japan-ukraine-2024/support-2024').domains.length).toBeGreaterThan(0);
  });

  it('applies asOf to top-level lists and their filters too', async () => {
    const list = `query($asOf: DateTime) { commitments(first: 100, asOf: $asOf, filter: { agreement: { shortTitle: { eq: "Japan-Ukraine accord" } } }) { totalCount } }`;
    const then = await api.gql(list, { asOf: before });
    const now = await api.gql(list);
    expect(then.data.commitments.totalCount).toBeGreaterThan(30);
    expect(now.data.commitments.totalCount).toBe(0);
  });

  it('keeps the history of a row and of the links it owns, oldest first, with the fields each change touched', async () => {
    // Actors are shown to analysts and admins (issue 14, part D).
    const { token } = await createApiToken(createSqlRunner(api.db.dataSource), { name: 'history-analyst', role: 'analyst' });
    const { data, errors } = await api.gql(
      `{ agreement(slug: "japan-ukraine-2024") { version history { entity action actor changes { field before after } } } }`,
      undefined,
      { token },
    );
    expect(errors).toBeUndefined();
    const history = data.agreement.history;
    expect(history[0]).toMatchObject({ entity: 'AGREEMENT', action: 'CREATE', actor: 'seed' });
    expect(history.some((h: any) => h.entity === 'AGREEMENT_PARTY' && h.action === 'CREATE')).toBe(true);
    const rename = history[history.length - 1];
    expect(rename).toMatchObject({ entity: 'AGREEMENT', action: 'UPDATE', actor: null });
    expect(rename.changes).toEqual([{ field: 'shortTitle', before: 'Japan-Ukraine accord', after: 'Renamed accord' }]);
    // Seeded (1), renamed (2): the seed's transaction counts one version per row (it was 3 when the seed's second
    // statement on the row counted one of its own).
    expect(data.agreement.version).toBe(2);
  });

  it('lists every change since a moment, filtered, in one statement', async () => {
    const { response, statements } = await api.countStatements(
      `query($since: DateTime) { changes(since: $since, filter: { entity: { in: [COMMITMENT, COMMITMENT_DOMAIN] } }, first: 50) {
        totalCount nodes { entity entityKey action changes { field } } } }`,
      { since: before },
    );
    expect(response.errors).toBeUndefined();
    const nodes = (response.data as any).changes.nodes;
    expect(nodes.map((n: any) => `${n.entity} ${n.action}`).sort()).toEqual(
      expect.arrayContaining(['COMMITMENT DELETE', 'COMMITMENT_DOMAIN DELETE']),
    );
    expect(nodes.find((n: any) => n.entity === 'COMMITMENT').changes.map((c: any) => c.field)).toEqual(['deletedAt']);
    expect(statements.length).toBeLessThanOrEqual(2);
  });

  it('knows nothing before the history began', async () => {
    const { data } = await api.gql(query, { asOf: '2000-01-01T00:00:00Z' });
    expect(data.agreement).toBeNull();
  });

  it('refuses a malformed moment', async () => {
    const { errors } = await api.gql(`{ agreement(slug: "japan-ukraine-2024", asOf: "yesterday") { slug } }`);
    expect(errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
  });

  // Issue 17: a nested connection with a bad argument is left out of its parent's statement. The moment used to be
  // bound while that nested SQL was being built and then rewound with it, so the statement referred to a parameter
  // with no value (a 500).
  it('answers a bad nested argument under asOf with BAD_USER_INPUT at its own path', async () => {
    const forged = Buffer.from(JSON.stringify(['Commitment', 'ID_ASC', ['not-an-id']]), 'utf8').toString('base64url');
    const { status, data, errors } = await api.gql(
      `query($asOf: DateTime, $after: String) { agreements(first: 3, asOf: $asOf, filter: { slug: { eq: "japan-ukraine-2024" } }) { nodes {
        shortTitle
        commitments(first: 5, after: $after, filter: { providerCode: { eq: "JPN" } }) { nodes { key } }
        constraints(first: 2, filter: { agreement: { slug: { eq: "japan-ukraine-2024" } } }) { totalCount }
      } } }`,
      { asOf: before, after: forged },
    );
    expect(status).toBe(200);
    expect(errors?.map((e: any) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(errors?.[0]?.path).toEqual(['agreements', 'nodes', 0, 'commitments']);
    expect(errors?.[0]?.message).toMatch(/after is not a valid cursor/);
    // The nested connection and the list are non-null, so the error nulls the whole answer; what matters is that
    // the statement ran and the error is the client's (not a 500 from a parameter without a value).
    expect(data).toBeNull();
  });

  // Issue 17: the columns carrying a nested connection were named after the client's alias, which PostgreSQL cuts at
  // 63 bytes; the nested list then missed its embedded rows and read live rows in a batch of its own.
  it('reads a nested connection under a 60-character alias as of the moment too', async () => {
    const alias = 'x'.repeat(60);
    const { data, errors } = await api.gql(
      `query($asOf: DateTime) { agreement(slug: "japan-ukraine-2024", asOf: $asOf) { ${alias}: commitments(first: 100) { totalCount nodes { key } } } }`,
      { asOf: before },
    );
    expect(errors).toBeUndefined();
    const keys = data.agreement[alias].nodes.map((c: { key: string }) => c.key);
    expect(keys).toContain('japan-ukraine-2024/non-lethal-equipment');
    expect(data.agreement[alias].totalCount).toBe(keys.length);
  });

  // Issue 17: a nested list whose parent was read other than by the list machinery falls back to a batched statement
  // of its own. Here the agreements of a comparison are fetched once, with the first place's selection: the same
  // field at the second place (another position in the document) is not in that statement and takes the fallback,
  // which read the live rows inside an as-of query.
  it('reads a nested list reached through the batched fallback as of the moment too', async () => {
    const { data, errors } = await api.gql(
      `query($asOf: DateTime) { compareAgreements(slugs: ["japan-ukraine-2024", "united-kingdom-ukraine-2024"], asOf: $asOf) {
        agreements { slug commitments(first: 100) { totalCount nodes { key } } }
        distinctive { agreement { slug commitments(first: 100) { totalCount nodes { key } } } }
      } }`,
      { asOf: before },
    );
    expect(errors).toBeUndefined();
    const [embedded, fallback] = [data.compareAgreements.agreements[0], data.compareAgreements.distinctive[0].agreement];
    expect([embedded.slug, fallback.slug]).toEqual(['japan-ukraine-2024', 'japan-ukraine-2024']);
    const keys = (list: { nodes: { key: string }[] }) => list.nodes.map((c) => c.key);
    expect(keys(embedded.commitments)).toContain('japan-ukraine-2024/non-lethal-equipment');
    expect(keys(fallback.commitments)).toEqual(keys(embedded.commitments));
    expect(fallback.commitments.totalCount).toBe(embedded.commitments.totalCount);
  });

  // Issue 17: the analysis queries and exports take asOf too, and read every table as of it.
  it('answers the analysis queries as of a moment', async () => {
    const stats = `query($asOf: DateTime) {
      commitmentStats(groupBy: [AGREEMENT], filter: { agreement: { slug: { eq: "japan-ukraine-2024" } } }, asOf: $asOf) { count key { agreement { shortTitle } } }
      timeline(filter: { slug: { eq: "japan-ukraine-2024" } }, asOf: $asOf) { agreement { shortTitle } }
      domainCoverage(filter: { slug: { eq: "japan-ukraine-2024" } }, asOf: $asOf) { agreements { shortTitle } }
      compareAgreements(slugs: ["japan-ukraine-2024", "united-kingdom-ukraine-2024"], asOf: $asOf) { agreements { shortTitle } }
      similarAgreements(slug: "united-kingdom-ukraine-2024", first: 100, asOf: $asOf) { agreement { slug shortTitle } }
    }`;
    const then = await api.gql(stats, { asOf: before });
    const now = await api.gql(stats);
    expect(then.errors).toBeUndefined();
    expect(now.errors).toBeUndefined();
    expect(then.data.commitmentStats[0].count).toBe(now.data.commitmentStats[0].count + 1);
    const titles = (data: any) => [
      data.commitmentStats[0].key.agreement.shortTitle,
      data.timeline[0].agreement.shortTitle,
      data.domainCoverage.agreements[0].shortTitle,
      data.compareAgreements.agreements[0].shortTitle,
      data.similarAgreements.find((s: any) => s.agreement.slug === 'japan-ukraine-2024').agreement.shortTitle,
    ];
    expect(titles(then.data)).toEqual(Array(5).fill('Japan-Ukraine accord'));
    expect(titles(now.data)).toEqual(Array(5).fill('Renamed accord'));
  });

  it('exports as of a moment (asOf query parameter), and refuses a malformed one', async () => {
    const base = api.app.url.replace('/graphql', '');
    const filter = encodeURIComponent(JSON.stringify({ agreement: { slug: { eq: 'japan-ukraine-2024' } } }));
    const keys = async (query: string) => {
      const response = await fetch(`${base}/export/commitments.json?filter=${filter}${query}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { key: string }[]).map((row) => row.key);
    };
    expect(await keys(`&asOf=${encodeURIComponent(before)}`)).toContain('japan-ukraine-2024/non-lethal-equipment');
    expect(await keys('')).not.toContain('japan-ukraine-2024/non-lethal-equipment');
    const bad = await fetch(`${base}/export/commitments.json?asOf=yesterday`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
