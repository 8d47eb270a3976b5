import { createApiToken } from '../../src/shared/auth/token-store';
import { createSqlRunner } from '../../src/shared/context/request-context';
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
});
