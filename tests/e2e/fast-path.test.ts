import fs from 'node:fs';
import path from 'node:path';
import { createLogger, startApp, App } from '../../src/app';
import { AppConfig, loadConfig } from '../../src/config/config';
import { createApiToken } from '../../src/shared/auth/token-store';
import { metricsRegistry } from '../../src/shared/metrics/metrics';
import { startTestApp, TestApp } from '../support/test-app';

// Issue 17, the read fast path (src/read-plan/fast-path.ts): a covered query Apollo answered before through the JSON
// path is answered again without Apollo. Every request here is asked of an API with the fast path off (Apollo answers
// all) and twice of one with it on (Apollo answers the first and teaches the fast path, which may answer the
// second): the three answers must be the same bytes with the same status and headers (but the request id and the
// date). Which requests the fast path answered is counted by its test hook (`hits`), never by timing.

const ROOT = path.join(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const examples = fs
  .readdirSync(path.join(ROOT, 'docs/examples'))
  .filter((file) => file.endsWith('.graphql'))
  .sort()
  .map((file) => [`docs/examples/${file}`, read(`docs/examples/${file}`)] as const);

/** Headers that differ between any two answers: the request id, the date, the connection's. */
const VARYING = new Set(['x-request-id', 'date', 'connection', 'keep-alive']);

interface Sent {
  method?: 'GET' | 'POST';
  body?: unknown;
  search?: string;
  headers?: Record<string, string>;
}

interface Answer {
  status: number;
  headers: [string, string][];
  text: string;
}

async function send(url: string, { method = 'POST', body, search = '', headers = { 'content-type': 'application/json' } }: Sent): Promise<Answer> {
  const response = await fetch(url + search, { method, headers, body: method === 'POST' ? JSON.stringify(body) : undefined });
  return { status: response.status, headers: [...response.headers].filter(([name]) => !VARYING.has(name)), text: await response.text() };
}

describe('the read fast path (READ_FAST_PATH)', () => {
  let api: TestApp;
  let apollo: App;

  beforeAll(async () => {
    api = await startTestApp({ readJsonPath: true, readFastPath: true, limits: { ...loadConfig({ NODE_ENV: 'test' }).limits, nodes: 20_000 } });
    const config: AppConfig = {
      ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: api.db.url, PORT: '0' }),
      readJsonPath: true,
      readFastPath: false,
      limits: { ...loadConfig({ NODE_ENV: 'test' }).limits, nodes: 20_000 },
    };
    apollo = await startApp(api.db.dataSource, config, createLogger(config), 0);
  });
  afterAll(async () => {
    await apollo?.stop();
    await api?.close();
  });

  /** Apollo's answer, then the fast-path API's two answers, and how many of those two the fast path gave. */
  async function threeTimes(sent: Sent) {
    const reference = await send(apollo.url, sent);
    const before = api.app.fastPath.hits;
    const first = await send(api.app.url, sent);
    const second = await send(api.app.url, sent);
    return { reference, first, second, fast: api.app.fastPath.hits - before };
  }

  /** Asserts the same answers; returns how many of the two the fast path gave. */
  async function expectSame(sent: Sent): Promise<number> {
    const { reference, first, second, fast } = await threeTimes(sent);
    expect(first).toEqual(reference);
    expect(second).toEqual(reference);
    expect(apollo.fastPath.hits).toBe(0);
    return fast;
  }

  const deep = `query Deep($domain: String!, $first: Int!, $after: String) {
  commitments(filter: { domain: $domain }, orderBy: [PERIOD_START_ASC], first: $first, after: $after) {
    nodes { id key kind period { start } amount { amount currency } agreement { slug } }
    pageInfo { hasNextPage endCursor }
  }
}`;

  it('answers the second request of a covered document itself, with the same bytes, status and headers', async () => {
    expect(await expectSame({ body: { query: deep, variables: { domain: 'military-assistance', first: 5 } } })).toBe(1);
    // New variables for a document it knows: answered at once (the plan and statement are made for them).
    const before = api.app.fastPath.hits;
    const reference = await send(apollo.url, { body: { query: deep, variables: { domain: 'military-assistance', first: 3 } } });
    const fast = await send(api.app.url, { body: { query: deep, variables: { domain: 'military-assistance', first: 3 } } });
    expect(fast).toEqual(reference);
    expect(api.app.fastPath.hits).toBe(before + 1);
  });

  it('counts a fast answer as Apollo counts a query (graphql_operations_total), and as a fast-path answer', async () => {
    const count = async (name: string) =>
      ((await metricsRegistry.getSingleMetric(name)?.get())?.values ?? [])
        .filter((v) => v.labels.type === undefined || v.labels.type === 'query')
        .reduce((sum, v) => sum + v.value, 0);
    const body = { query: deep, variables: { domain: 'military-assistance', first: 4 } };
    const [operations, answers] = [await count('graphql_operations_total'), await count('graphql_fast_path_answers_total')];
    await send(api.app.url, { body });
    expect([await count('graphql_operations_total'), await count('graphql_fast_path_answers_total')]).toEqual([operations + 1, answers + 1]);
  });

  it('one statement per request on the fast path, as on the JSON path', async () => {
    const body = { query: deep, variables: { domain: 'military-assistance', first: 2 } };
    await send(api.app.url, { body });
    api.db.recorder.start();
    await send(api.app.url, { body });
    const statements = api.db.recorder.stop();
    expect(statements).toHaveLength(1);
    expect(statements[0].startsWith('SELECT json_build_object(')).toBe(true);
  });

  it.each(examples)('%s: the same answer, by the fast path when the JSON path covers it', async (_file, query) => {
    const variables = { slug: 'japan-ukraine-2024', peers: ['france-ukraine-2024'], since: '2024-01-01T00:00:00Z', depth: 2 };
    const declared = Object.fromEntries(Object.entries(variables).filter(([name]) => query.includes(`$${name}:`)));
    await expectSame({ body: { query, variables: declared } });
  });

  /** The README's queries (its graphql blocks without a placeholder such as `"<endCursor>"`). */
  const readmeQueries = [...read('README.md').matchAll(/```graphql\n([\s\S]*?)```/g)]
    .map((match) => match[1])
    .filter((query) => !query.includes('"<'));

  it.each(readmeQueries.map((query, index) => [index + 1, query] as const))("the README's query %i: the same answer", async (_index, query) => {
    await expectSame({ body: { query } });
  });

  it("the README's first query is answered by the fast path the second time", async () => {
    expect(await expectSame({ body: { query: `${readmeQueries[0]} ` } })).toBe(1);
  });

  it('by Accept header: each kind of answer is learned from Apollo first', async () => {
    const query = '{ agreements(first: 2) { nodes { slug } } }';
    const graphqlResponse = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
    expect(await expectSame({ body: { query } })).toBe(1);
    expect(await expectSame({ body: { query }, headers: graphqlResponse })).toBe(1);
  });

  it('with a token and without: each learned apart (Cache-Control differs), the same answers', async () => {
    const sql = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
    const { token } = await createApiToken(sql as never, { name: 'fast-path-reader', role: 'reader' });
    const query = '{ agreements(first: 3) { nodes { slug signedOn } } }';
    expect(await expectSame({ body: { query } })).toBe(1);
    const withToken = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    expect(await expectSame({ body: { query }, headers: withToken })).toBe(1);
    const answer = await send(api.app.url, { body: { query }, headers: withToken });
    expect(Object.fromEntries(answer.headers)['cache-control']).toBe('private, no-store');
  });

  it('leaves errors to Apollo: a bad argument, a forged cursor, bad variables, over the node limit, an unknown field', async () => {
    // The document is known (answered once); these requests of it fail, and Apollo says why.
    await send(api.app.url, { body: { query: deep, variables: { domain: 'military-assistance', first: 1 } } });
    const nested = 'query N($a: Int!, $b: Int!) { agreements(first: $a) { nodes { commitments(first: $b) { nodes { key } } } } }';
    await send(api.app.url, { body: { query: nested, variables: { a: 2, b: 2 } } });
    // A statement with a guard (analysisGuard) returns no row for an unknown slug: the resolvers report it (this was a
    // 500 when the document had been learned with slugs that exist).
    const compare = 'query C($slugs: [String!]!) { compareAgreements(slugs: $slugs) { agreements { slug } } }';
    const similar = 'query S($slug: String!) { similarAgreements(slug: $slug) { agreement { slug } score } }';
    for (let i = 0; i < 2; i++) {
      await send(api.app.url, { body: { query: compare, variables: { slugs: ['japan-ukraine-2024', 'france-ukraine-2024'] } } });
      await send(api.app.url, { body: { query: similar, variables: { slug: 'japan-ukraine-2024' } } });
    }
    const cases: Sent[] = [
      { body: { query: compare, variables: { slugs: ['japan-ukraine-2024', 'no-such-accord'] } } },
      { body: { query: similar, variables: { slug: 'no-such-accord' } } },
      { body: { query: nested, variables: { a: 250, b: 250 } } },
      { body: { query: deep, variables: { domain: 'military-assistance', first: -1 } } },
      { body: { query: deep, variables: { domain: 'military-assistance', first: 2, after: 'Zm9yZ2Vk' } } },
      { body: { query: deep, variables: { domain: 'military-assistance', first: 'two' } } },
      { body: { query: deep, variables: { first: 2 } } },
      { body: { query: '{ agreements(first: 250) { nodes { commitments(first: 250) { nodes { key } } } } }' } },
      { body: { query: '{ agreements(first: 2) { nodes { slug noSuchField } } }' } },
    ];
    for (const sent of cases) {
      const { reference, first, second, fast } = await threeTimes(sent);
      expect(reference.status).toBeGreaterThanOrEqual(200);
      expect(JSON.parse(reference.text).errors.length).toBeGreaterThan(0);
      expect(first).toEqual(reference);
      expect(second).toEqual(reference);
      expect(fast).toBe(0);
    }
  });

  it('leaves GET, a missing CSRF header, other content types and persisted queries to Apollo', async () => {
    const query = '{ agreements(first: 1) { nodes { slug } } }';
    await send(api.app.url, { body: { query } });
    const search = `?query=${encodeURIComponent(query)}`;
    const cases: Sent[] = [
      { method: 'GET', search, headers: { 'apollo-require-preflight': 'true' } },
      { method: 'GET', search, headers: {} },
      { body: { query }, headers: { 'content-type': 'text/plain' } },
      { body: { query, extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } } },
    ];
    for (const sent of cases) expect(await expectSame(sent)).toBe(0);
  });

  it('is off with the JSON path (READ_JSON_PATH=off, the CI deopt lane) and with READ_FAST_PATH=off', async () => {
    const off = loadConfig({ NODE_ENV: 'test', DATABASE_URL: api.db.url, PORT: '0', READ_JSON_PATH: 'off' });
    expect(off.readFastPath).toBe(true);
    const deopt = await startApp(api.db.dataSource, off, createLogger(off), 0);
    try {
      const body = { query: deep, variables: { domain: 'military-assistance', first: 2 } };
      await send(deopt.url, { body });
      await send(deopt.url, { body });
      expect(deopt.fastPath.enabled).toBe(false);
      expect(deopt.fastPath.hits).toBe(0);
    } finally {
      await deopt.stop();
    }
    expect(apollo.fastPath.enabled).toBe(false);
    expect(api.app.fastPath.enabled).toBe(true);
  });
});

describe('the read fast path under TRUSTED_DOCUMENTS=true', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({ clientContract: { ...loadConfig({ NODE_ENV: 'test' }).clientContract, trustedDocuments: true } });
  });
  afterAll(() => api?.close());

  it('answers a trusted document the second time, and never one that is not trusted', async () => {
    const japan = read('docs/examples/japan-accord.graphql');
    const untrusted = japan.replace('JapanAccord', 'Renamed');
    const before = api.app.fastPath.hits;
    const refused = [await send(api.app.url, { body: { query: untrusted } }), await send(api.app.url, { body: { query: untrusted } })];
    expect(refused[0].status).toBe(400);
    expect(JSON.parse(refused[0].text).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(refused[1]).toEqual(refused[0]);
    expect(api.app.fastPath.hits).toBe(before);
    const trusted = [await send(api.app.url, { body: { query: japan } }), await send(api.app.url, { body: { query: japan } })];
    expect(trusted[0].status).toBe(200);
    expect(trusted[1]).toEqual(trusted[0]);
    expect(api.app.fastPath.hits).toBe(before + (process.env.READ_JSON_PATH === 'off' ? 0 : 1));
  });
});
