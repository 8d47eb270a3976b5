import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/config/config';
import { exportCli } from '../../src/cli/export';
import { exportText, poolOf, prepareExport } from '../../src/export/export';
import { buildAppSchema } from '../../src/schema/build-schema';
import { createApiToken } from '../../src/shared/auth/token-store';
import { generateToken } from '../../src/shared/auth/tokens';
import { createSqlRunner } from '../../src/db/sql-runner';
import { parseCsv } from '../support/csv';
import { startTestApp, TestApp } from '../support/test-app';

type Row = Record<string, unknown>;

/** The filters each export is checked with, against the same filter in GraphQL. */
const FILTERS: Record<string, { type: string; filters: unknown[] }> = {
  agreements: {
    type: 'AgreementFilter',
    filters: [
      null,
      { signedOn: { gte: '2024-06-01', lt: '2024-07-01' } },
      { partyCode: { in: ['US', 'GB', 'DE', 'FR', 'IT', 'CA', 'JP'] }, domain: 'demining' },
      {
        or: [{ legalNature: { eq: 'POLITICAL' } }, { hasConstraint: { kind: { eq: 'CONSTITUTIONAL' } } }],
        not: { kind: { in: ['JOINT_DECLARATION'] } },
      },
      { hasCommitment: { kind: { eq: 'EQUIPMENT' }, amount: { isNull: false } } },
      { search: 'drones' },
      { title: { contains: 'ukraine' }, durationYears: { gte: 10 } },
      { slug: { eq: 'no-such-agreement' } },
    ],
  },
  commitments: {
    type: 'CommitmentFilter',
    filters: [
      null,
      { kind: { eq: 'EQUIPMENT' } },
      { amount: { isNull: false }, currency: { in: ['EUR', 'GBP'] } },
      { search: 'F-16' },
      { providerCode: { eq: 'GB' }, modality: { in: ['WILL'] } },
      { domain: 'security-defence', not: { stage: { eq: 'PLEDGED' } } },
      { agreement: { slug: { eq: 'japan-ukraine-2024' } } },
      { or: [{ quote: { contains: '"' } }, { quote: { contains: ',' } }] },
    ],
  },
  constraints: { type: 'ConstraintFilter', filters: [null, { kind: { eq: 'CONSTITUTIONAL' } }, { actorCode: { eq: 'JP' } }] },
  actors: { type: 'ActorFilter', filters: [null, { partyTo: { signedOn: { lt: '2024-03-01' } } }, { kind: { eq: 'STATE' } }] },
  sources: { type: 'SourceFilter', filters: [null, { url: { isNull: true } }, { kind: { eq: 'OFFICIAL_TEXT' } }] },
  mechanisms: { type: 'MechanismFilter', filters: [null, { parentSlug: { isNull: false } }] },
};

describe('exports', () => {
  let api: TestApp;
  let base: string;

  beforeAll(async () => {
    api = await startTestApp();
    base = api.app.url.replace('/graphql', '');
  });
  afterAll(() => api.close());

  /** The ids of a GraphQL list for a filter, paged through 100 at a time. */
  async function graphqlIds(collection: string, type: string, filter: unknown): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const response: any = await api.gql(
        `query($filter: ${type}, $after: String) { ${collection}(filter: $filter, first: 100, after: $after, orderBy: [ID_ASC]) {
          nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { filter, after },
      );
      expect(response.errors).toBeUndefined();
      ids.push(...response.data[collection].nodes.map((n: { id: string }) => n.id));
      after = response.data[collection].pageInfo.hasNextPage ? response.data[collection].pageInfo.endCursor : null;
    } while (after);
    return ids;
  }

  const exportUrl = (collection: string, format: string, filter?: unknown) =>
    `${base}/export/${collection}.${format}${filter == null ? '' : `?filter=${encodeURIComponent(JSON.stringify(filter))}`}`;

  async function exportJson(collection: string, filter?: unknown): Promise<Row[]> {
    const response = await fetch(exportUrl(collection, 'json', filter));
    expect(response.status).toBe(200);
    return (await response.json()) as Row[];
  }

  async function exportCsv(collection: string, filter?: unknown): Promise<string[][]> {
    const response = await fetch(exportUrl(collection, 'csv', filter));
    expect(response.status).toBe(200);
    return parseCsv(await response.text());
  }

  describe.each(Object.entries(FILTERS))('of %s', (collection, { type, filters }) => {
    it.each(filters.map((filter) => [JSON.stringify(filter), filter]))(
      'match GraphQL row for row, in CSV and JSON, for %s',
      async (_name, filter) => {
        const expected = await graphqlIds(collection, type, filter);
        const json = await exportJson(collection, filter);
        expect(json.map((row) => String(row.id))).toEqual(expected);
        const [header, ...records] = await exportCsv(collection, filter);
        expect(header[0]).toBe('id');
        expect(records.map((record) => record[0])).toEqual(expected);
        // Every CSV cell is the JSON export's value: quoting round-trips.
        const asCell = (value: unknown) => (value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
        expect(records).toEqual(json.map((row) => header.map((column) => asCell(row[column]))));
      },
    );
  });

  it('exports the domain tree, and filters it by its fields', async () => {
    const { data } = await api.gql(`{ domains { id children { id children { id children { id } } } } }`);
    const flatten = (nodes: any[]): string[] => nodes.flatMap((n) => [n.id, ...flatten(n.children ?? [])]);
    const ids = flatten(data.domains).sort((a, b) => Number(a) - Number(b));
    expect((await exportJson('domains')).map((row) => String(row.id))).toEqual(ids);
    const demining = await exportCsv('domains', { slug: { eq: 'demining' } });
    expect(demining).toHaveLength(2);
    expect(demining[0][0]).toBe('id');
    expect(demining[0]).toEqual(expect.arrayContaining(['slug', 'name', 'description', 'parentId', 'mappings']));
    expect(demining[1][demining[0].indexOf('slug')]).toBe('demining');
  });

  it('carry the scalar columns by their GraphQL names, with the values GraphQL gives', async () => {
    const [japan] = await exportJson('agreements', { slug: { eq: 'japan-ukraine-2024' } });
    const { data } = await api.gql(
      `{ agreement(slug: "japan-ukraine-2024") { id slug title shortTitle kind legalNature signedOn durationYears expiresOn } }`,
    );
    expect(japan).toMatchObject({ ...data.agreement, id: Number(data.agreement.id) });
    const withAmounts = await exportJson('commitments', { amount: { isNull: false } });
    const response = await api.gql(
      `{ commitments(filter: { amount: { isNull: false } }, first: 100, orderBy: [ID_ASC]) { nodes { id amount { amount currency } } } }`,
    );
    const amounts = response.data.commitments.nodes.map((n: any) => [Number(n.id), n.amount.amount, n.amount.currency]);
    expect(withAmounts.slice(0, amounts.length).map((row) => [row.id, row.amount, row.currency])).toEqual(amounts);
  });

  it('send a file name, the content type and chunks', async () => {
    const csv = await fetch(exportUrl('commitments', 'csv'));
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.headers.get('content-disposition')).toBe('attachment; filename="commitments.csv"');
    expect(csv.headers.get('transfer-encoding')).toBe('chunked');
    await csv.text();
    const json = await fetch(exportUrl('actors', 'json'));
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(json.headers.get('content-disposition')).toBe('attachment; filename="actors.json"');
    await json.text();
  });

  it('stream: pieces of about 64 KB through a cursor, and stopping early frees the connection', async () => {
    const pool = poolOf(api.db.dataSource);
    const prepared = prepareExport(buildAppSchema(), 'commitments', 'json');
    const pieces: string[] = [];
    for await (const piece of exportText(pool, prepared)) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces.slice(0, -1)) expect(piece.length).toBeLessThan(64 * 1024 + 16 * 1024);
    expect(JSON.parse(pieces.join('')).length).toBeGreaterThan(100);

    const before = pool.totalCount;
    for await (const _piece of exportText(pool, prepared)) break;
    expect(pool.totalCount).toBeLessThanOrEqual(before);
    expect(pool.waitingCount).toBe(0);
    const active = await api.db.dataSource.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'SELECT t0.id%' AND state <> 'idle'`,
    );
    expect(active[0].n).toBe(0);
  });

  it.each([
    ['bad JSON', 'agreements.csv?filter=%7Bnot%20json', /not valid JSON/],
    ['an unknown field', `agreements.csv?filter=${encodeURIComponent('{"colour":{"eq":"red"}}')}`, /unknown filter field "colour"/],
    ['an unknown nested field', `agreements.json?filter=${encodeURIComponent('{"or":[{"slug":{"eq":"x"}},{"nope":{"eq":1}}]}')}`, /"nope"/],
    ['an unknown operator', `commitments.csv?filter=${encodeURIComponent('{"summary":{"like":"x"}}')}`, /like/],
    ['a bad enum value', `commitments.csv?filter=${encodeURIComponent('{"kind":{"eq":"TANKS"}}')}`, /TANKS/],
    ['a bad date', `agreements.csv?filter=${encodeURIComponent('{"signedOn":{"gte":"June 2024"}}')}`, /signedOn/],
    ['a bad id', `domains.csv?filter=${encodeURIComponent('{"id":{"eq":"abc"}}')}`, /not an id/],
    ['a filter that is not an object', `actors.csv?filter=${encodeURIComponent('[1,2]')}`, /object/],
    ['search where there is none', `domains.json?filter=${encodeURIComponent('{"search":"x"}')}`, /search/],
  ])('refuse %s with 400 BAD_USER_INPUT', async (_what, pathAndQuery, message) => {
    const response = await fetch(`${base}/export/${pathAndQuery}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as any;
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(message);
  });

  it('answer 404 for an unknown collection or format, 405 for other methods', async () => {
    expect((await fetch(`${base}/export/treaties.csv`)).status).toBe(404);
    expect((await fetch(`${base}/export/agreements.xlsx`)).status).toBe(404);
    expect((await fetch(`${base}/export/agreements`)).status).toBe(404);
    expect((await fetch(`${base}/export/agreements.csv`, { method: 'POST' })).status).toBe(405);
  });

  it('accept a bearer token, and refuse a bad one even though reads are open', async () => {
    const { token } = await createApiToken(createSqlRunner(api.db.dataSource), { name: 'exporter', role: 'reader' });
    expect((await fetch(exportUrl('actors', 'csv'), { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const forged = await fetch(exportUrl('actors', 'csv'), { headers: { authorization: `Bearer ${generateToken()}` } });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  describe('on the command line', () => {
    const config = () => loadConfig({ NODE_ENV: 'test', DATABASE_URL: api.db.url });
    async function run(...argv: string[]): Promise<{ code: number; output: string; err: string[] }> {
      const output = new PassThrough();
      const chunks: Buffer[] = [];
      output.on('data', (chunk: Buffer) => chunks.push(chunk));
      const err: string[] = [];
      const code = await exportCli(argv, { config: config(), io: { out: () => {}, err: (line) => err.push(line) }, output });
      return { code, output: Buffer.concat(chunks).toString('utf8'), err };
    }

    it('writes what the HTTP export serves, CSV by default', async () => {
      const filter = { kind: { eq: 'EQUIPMENT' } };
      const http = await (await fetch(exportUrl('commitments', 'csv', filter))).text();
      const cli = await run('commitments', '--filter', JSON.stringify(filter));
      expect(cli.code).toBe(0);
      expect(cli.output).toBe(http);
      const json = await run('commitments', '--filter', JSON.stringify(filter), '--format', 'json');
      expect(json.output).toBe(await (await fetch(exportUrl('commitments', 'json', filter))).text());
    });

    it('writes a file whole, its format from its extension', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-export-'));
      try {
        const out = path.join(dir, 'agreements.json');
        const result = await run('agreements', '--filter', '{"signedOn":{"gte":"2024-06-01"}}', '--out', out);
        expect(result.code).toBe(0);
        expect(fs.readdirSync(dir)).toEqual(['agreements.json']);
        expect(JSON.parse(fs.readFileSync(out, 'utf8')).map((row: Row) => row.id)).toEqual(
          (await exportJson('agreements', { signedOn: { gte: '2024-06-01' } })).map((row) => row.id),
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses a bad filter (exit 1) and bad usage (exit 2), writing nothing', async () => {
      const bad = await run('agreements', '--filter', '{"colour":{"eq":"red"}}');
      expect(bad).toMatchObject({ code: 1, output: '', err: [expect.stringContaining('unknown filter field "colour"')] });
      expect((await run('treaties')).code).toBe(1);
      expect((await run()).code).toBe(2);
      expect((await run('agreements', '--format', 'xml')).code).toBe(1);
      expect((await run('agreements', '--bogus')).code).toBe(2);
    });
  });
});
