import fc from 'fast-check';
import http from 'node:http';
import { AppConfig, loadConfig } from '../../src/config/config';
import { createApiToken } from '../../src/shared/auth/token-store';
import { createSqlRunner } from '../../src/db/sql-runner';
import { generateToken } from '../../src/shared/auth/tokens';
import { fuzzOptions } from '../support/fuzz';
import { startTestApp, TestApp } from '../support/test-app';

// Property-based tests of the HTTP front (issue 14, part D): generated paths, methods, headers (authorization values,
// content types), query strings and bodies against every route (GraphQL, /export/*, /reports/runs/*/download,
// /metrics, /healthz, /readyz). Whatever a client sends, the answer is never a 5xx nor an INTERNAL_SERVER_ERROR, and
// nothing in the database changes (the tokens are a reader's, which cannot write, and forged ones).

/**
 * A request as generated: sent with node:http, so that odd methods and bodies go out as they are, each on a connection
 * of its own (a kept-alive one could be the one the previous answer closed, which says nothing about this request).
 */
interface GeneratedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

function send(base: URL, request: GeneratedRequest): Promise<{ status: number; body: string }> {
  const search = new URLSearchParams(request.query).toString();
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: base.hostname,
        port: base.port,
        agent: false,
        method: request.method,
        path: `${request.path}${search ? `?${search}` : ''}`,
        headers: request.headers,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** Printable ASCII: what a header value may carry (Node refuses the rest before sending). */
const headerText = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 });
/** Any text, including what PostgreSQL cannot take (NUL, lone surrogates). */
const anyText = fc.string({ unit: 'grapheme', maxLength: 40 });
const hostileText = fc.oneof(anyText, fc.constantFrom('\u0000', '\uD800', "' OR 1=1 --", '=cmd|calc', '%', '__proto__', 'x'.repeat(20_000)));

describe('the HTTP routes, under generated requests (property)', () => {
  let api: TestApp;
  let base: URL;
  let readerToken: string;
  let before: Record<string, string>;
  const metricsToken = 'metrics-token-for-properties';

  async function checksums(): Promise<Record<string, string>> {
    const tables: { schema: string; name: string }[] = await api.db.dataSource.query(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pgboss%'`,
    );
    const sums: Record<string, string> = {};
    for (const table of tables) {
      // A token's last use is bookkeeping the requests themselves cause.
      const [{ sum }] = await api.db.dataSource.query(
        `SELECT count(*) || ':' || md5(coalesce(string_agg(x, '' ORDER BY x), '')) AS sum
           FROM (SELECT (to_jsonb(t) - 'last_used_at')::text AS x FROM "${table.schema}"."${table.name}" t) rows`,
      );
      sums[`${table.schema}.${table.name}`] = sum;
    }
    return sums;
  }

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'production' });
    const settings: Partial<AppConfig> = {
      environment: 'production',
      http: config.http,
      // A small rate, so that 429s are among the answers too; the bucket refills fast enough for the budget.
      limits: { ...config.limits, ratePerMinute: 6_000, rateBurst: 50 },
      scaleOut: { ...config.scaleOut, metricsToken },
    };
    api = await startTestApp(settings, { reports: false });
    base = new URL(api.app.url);
    readerToken = (await createApiToken(createSqlRunner(api.db.dataSource), { name: 'property-reader', role: 'reader' })).token;
    before = await checksums();
  });
  afterAll(() => api.close());

  const route = fc.oneof(
    fc.constantFrom(
      '/graphql',
      '/export/agreements.csv',
      '/export/commitments.json',
      '/export/domains.csv',
      '/export/nothing.csv',
      '/export/agreements.xml',
      '/reports/runs/00000000-0000-4000-8000-000000000000/download',
      '/reports/runs/1/download',
      '/metrics',
      '/healthz',
      '/readyz',
      // Targets `new URL(target, base)` cannot parse (it threw outside any handler: the request hung).
      '//[',
      '//user@:x/graphql',
    ),
    fc.uuid().map((key) => `/reports/runs/${key}/download`),
    fc.webPath(),
    fc
      .array(fc.constantFrom('export', 'reports', 'runs', 'graphql', 'download', '..', '%00', '%2e%2e', 'x.csv'), { maxLength: 4 })
      .map((parts) => `/${parts.join('/')}`),
  );
  const method = fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS');
  const authorization = fc.option(
    fc.oneof(
      fc.constant('READER'),
      fc.constant(`Bearer ${metricsToken}`),
      fc.constant(`Bearer ${generateToken()}`),
      headerText.map((t) => `Bearer ${t}`),
      headerText.map((t) => `Basic ${t}`),
      headerText,
    ),
    { nil: undefined },
  );
  const contentType = fc.option(
    fc.oneof(
      fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'application/graphql',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/graphql-response+json',
      ),
      headerText,
    ),
    { nil: undefined },
  );
  const documents = fc.oneof(
    fc.constantFrom(
      '{ agreements(first: 2) { nodes { slug } } }',
      '{ changes(first: 3) { nodes { actor } } }',
      '{ changes(filter: { actor: { startsWith: "a" } }) { totalCount } }',
      '{ reportRuns { nodes { id downloadUrl requestedBy } } }',
      '{ reportRun(id: "1") { id } }',
      'mutation { createSource(input: { key: "x", title: "x", url: "https://x.org", kind: PRESS, reliability: LOW }) { id } }',
      'subscription { corpusChanged { id } }',
      '{ __schema { types { name } } }',
    ),
    anyText,
  );
  const graphqlBody = fc.record(
    {
      query: documents,
      variables: fc.option(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })), { nil: undefined }),
      operationName: fc.option(anyText, { nil: undefined }),
    },
    { requiredKeys: [] },
  );
  const body = fc.option(
    fc.oneof(
      graphqlBody.map((b) => JSON.stringify(b)),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      anyText,
      fc.constant('{"query": "{ agreements { nodes { slug } } }"'),
    ),
    { nil: undefined },
  );
  const query = fc.dictionary(
    fc.constantFrom('query', 'filter', 'variables', 'operationName', 'extensions', 'ide', 'x'),
    fc.oneof(
      hostileText,
      documents,
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      fc.constantFrom('{"slug":{"eq":"japan-ukraine-2024"}}', '{"summary":{"contains":"\\u0000"}}', '{"and":[{"or":[{"not":{}}]}]}', '{"nope":1}'),
    ),
    { maxKeys: 3 },
  );
  const accept = fc.option(fc.oneof(fc.constantFrom('text/html', 'application/json', 'application/graphql-response+json', '*/*'), headerText), {
    nil: undefined,
  });

  const requests = fc
    .record({ method, path: route, query, authorization, contentType, accept, body })
    .map(({ method: m, path, query: q, authorization: auth, contentType: type, accept: acc, body: b }): GeneratedRequest => {
      const headers: Record<string, string> = {};
      if (auth !== undefined) headers.authorization = auth;
      if (type !== undefined) headers['content-type'] = type;
      if (acc !== undefined) headers.accept = acc;
      // Apollo's CSRF prevention wants a preflight-forcing header on GET; send it sometimes via the generated content type only.
      return { method: m, path, query: q, headers, body: m === 'GET' || m === 'HEAD' ? undefined : b };
    });

  it('property: never answers a 5xx or INTERNAL_SERVER_ERROR, whatever the path, method, headers, query string or body', async () => {
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        if (request.headers.authorization === 'READER') request.headers.authorization = `Bearer ${readerToken}`;
        const { status, body: text } = await send(base, request);
        expect(status).toBeGreaterThanOrEqual(200);
        expect(status).toBeLessThan(500);
        expect(text).not.toContain('INTERNAL_SERVER_ERROR');
      }),
      fuzzOptions(150),
    );
  }, 600_000);

  it('property: changes nothing in the database (checksums of every table, after the requests above and more)', async () => {
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        if (request.headers.authorization === 'READER') request.headers.authorization = `Bearer ${readerToken}`;
        await send(base, request);
      }),
      fuzzOptions(50),
    );
    expect(await checksums()).toEqual(before);
  }, 600_000);
});
