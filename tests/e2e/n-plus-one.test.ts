import 'reflect-metadata';
import { parse } from 'graphql';
import { commitmentCollection } from '../../src/domain/commitment/commitment.collection';
import { loadChildConnection, resolveRelation } from '../../src/shared/connection/load-list';
import { agreementCollection } from '../../src/domain/agreement/agreement.collection';
import { buildAppSchema } from '../../src/schema/build-schema';
import { createRequestContext } from '../../src/shared/context/request-context';
import { createSqlRunner } from '../../src/db/sql-runner';
import { startTestApp, TestApp } from '../support/test-app';

// The N+1 guard (after Vendure's collection-n-plus-one spec): the number of SQL statements an operation costs
// must not grow with the number of rows it returns.

const NESTED = `query($first: Int!) {
  agreements(first: $first, orderBy: [ID_ASC]) {
    nodes {
      slug
      parties { role actor { code } }
      commitments(first: 20) { nodes { summary domains { slug } source { title } } }
      constraints(first: 10) { totalCount }
    }
  }
}`;

describe('SQL statements per GraphQL operation', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
    // Widen the corpus to 60+ agreements with commitments, so that 50 rows are really 50 (this file's own database).
    await api.db.dataSource.query(`
      WITH source AS (SELECT id FROM source ORDER BY id LIMIT 1),
      made AS (
        INSERT INTO agreement (slug, short_title, kind, legal_nature, status, signed_on)
        SELECT 'synthetic-' || n || '-ukraine-2024', 'Synthetic ' || n, 'BILATERAL_SECURITY_AGREEMENT', 'NOT_STATED', 'SIGNED', DATE '2024-01-01' + n
        FROM generate_series(1, 40) AS n RETURNING id, slug)
      INSERT INTO commitment (key, agreement_id, summary, quote, quote_origin, kind, modality, stage, source_id)
      SELECT made.slug || '/c' || k, made.id, 'synthetic commitment ' || k, 'synthetic', 'ANALYST_NOTE', 'FINANCIAL', 'WILL', 'PLEDGED', source.id
      FROM made, source, generate_series(1, 3) AS k`);
    await api.db.dataSource.query(`
      INSERT INTO agreement_party (agreement_id, actor_id, role)
      SELECT a.id, (SELECT id FROM actor WHERE code = 'UA'), 'RECIPIENT' FROM agreement a WHERE a.slug LIKE 'synthetic-%'`);
    await api.db.dataSource.query(`
      INSERT INTO commitment_domain (commitment_id, domain_id)
      SELECT c.id, (SELECT id FROM cooperation_domain WHERE slug = 'demining') FROM commitment c WHERE c.key LIKE 'synthetic-%'`);
  });
  afterAll(() => api.close());

  it('stays constant from 5 to 50 agreements for the nested query of the issue', async () => {
    const few = await api.countStatements(NESTED, { first: 5 });
    const many = await api.countStatements(NESTED, { first: 50 });
    expect(few.response.errors).toBeUndefined();
    expect(many.response.errors).toBeUndefined();
    expect(few.response.data.agreements.nodes).toHaveLength(5);
    expect(many.response.data.agreements.nodes).toHaveLength(50);
    const withCommitments = many.response.data.agreements.nodes.filter((n: any) => n.commitments.nodes.length > 0);
    expect(withCommitments.length).toBeGreaterThan(40);
    // One statement, whatever the number of rows: the agreements page with, as JSON sub-queries, their parties and
    // actors, their first 20 commitments with domains and source, and their constraint counts.
    expect(many.statements.length).toBe(few.statements.length);
    expect(many.statements).toHaveLength(1);
  });

  it('embeds to-one and to-many relations, to any depth, in the statement of the page (commitment -> agreement -> framework)', async () => {
    const query = `query($first: Int!) { commitments(first: $first) { nodes { agreement { slug framework { slug } } provider { code } restrictedBy { kind } mechanisms { slug } } } }`;
    const few = await api.countStatements(query, { first: 3 });
    const many = await api.countStatements(query, { first: 100 });
    expect(many.response.errors).toBeUndefined();
    expect(many.response.data.commitments.nodes).toHaveLength(100);
    // Every to-one and to-many relation selected on the rows is embedded in the page's own statement.
    expect(many.statements).toHaveLength(1);
    expect(few.statements).toHaveLength(1);
  });

  it('embeds the relations selected on search hits too', async () => {
    const query = `query($first: Int!) { search(query: "synthetic", first: $first) { nodes { node { ... on Commitment { agreement { slug parties { actor { code } } } domains { slug } } } } } }`;
    const few = await api.countStatements(query, { first: 2 });
    const many = await api.countStatements(query, { first: 60 });
    expect(many.response.errors).toBeUndefined();
    expect(many.response.data.search.nodes).toHaveLength(60);
    expect(many.statements.length).toBe(few.statements.length);
  });

  it('batches, once per level, the relations of rows that arrive without them embedded', async () => {
    const rows: { id: number; sourceId: number }[] = await api.db.dataSource.query(
      `SELECT id, source_id AS "sourceId" FROM commitment ORDER BY id LIMIT 50`,
    );
    const ctx = createRequestContext(createSqlRunner(api.db.dataSource));
    const info = {
      fieldNodes: parse('{ x { title } }').definitions.flatMap((d: any) => d.selectionSet.selections),
      fragments: {},
      returnType: buildAppSchema().getType('Source'),
      schema: buildAppSchema(),
      variableValues: {},
    } as never;
    api.db.recorder.start();
    const sources = await Promise.all(
      rows.map((row) => resolveRelation<{ id: number; title: string }>(ctx, commitmentCollection, 'source', row, info)),
    );
    const domains = await Promise.all(rows.map((row) => resolveRelation<{ slug: string }[]>(ctx, commitmentCollection, 'domains', row, info)));
    const statements = api.db.recorder.stop();
    expect(statements).toHaveLength(2);
    expect(sources.map((s: any) => s.id)).toEqual(rows.map((row) => row.sourceId));
    expect(domains.every((list) => Array.isArray(list))).toBe(true);
  });

  it('batches, once per level, the nested connections of rows that arrive without them embedded', async () => {
    const parents: { id: number }[] = await api.db.dataSource.query(`SELECT id FROM agreement ORDER BY id LIMIT 40`);
    const ctx = createRequestContext(createSqlRunner(api.db.dataSource));
    const schema = buildAppSchema();
    const operation = parse('{ agreements { nodes { commitments(first: 2) { totalCount nodes { key source { title } } } } } }');
    const field = (operation.definitions[0] as any).selectionSet.selections[0].selectionSet.selections[0].selectionSet.selections[0];
    const info = {
      fieldNodes: [field],
      fragments: {},
      returnType: schema.getType('CommitmentConnection'),
      schema,
      variableValues: {},
      path: { key: 'commitments' },
    } as never;
    api.db.recorder.start();
    const connections = await Promise.all(
      parents.map((parent) => loadChildConnection<{ key: string }>(ctx, agreementCollection.connections!.commitments, parent, { first: 2 }, info)),
    );
    const pages = await Promise.all(connections.map((connection) => connection.nodes));
    const counts = await Promise.all(connections.map((connection) => connection.totalCount));
    const statements = api.db.recorder.stop();
    expect(statements).toHaveLength(2);
    expect(pages.every((nodes) => nodes.length <= 2)).toBe(true);
    expect(counts.some((count) => count > 2)).toBe(true);
  });

  it('batches totalCount of nested connections into one statement', async () => {
    const query = `query($first: Int!) { agreements(first: $first) { nodes { commitments { totalCount } constraints { totalCount } } } }`;
    const few = await api.countStatements(query, { first: 2 });
    const many = await api.countStatements(query, { first: 60 });
    expect(many.statements.length).toBe(few.statements.length);
    // the counts come inside the agreements page's statement; no page is fetched for a connection of which only
    // totalCount is selected
    expect(many.statements.length).toBe(1);
    expect(many.statements[0]).not.toMatch(/__page_/);
  });
});
