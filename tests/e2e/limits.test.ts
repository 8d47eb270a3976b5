import net from 'node:net';
import { AppConfig, loadConfig } from '../../src/config/config';
import { createApiToken } from '../../src/shared/auth/token-store';
import { createSqlRunner } from '../../src/db/sql-runner';
import { startTestApp, TestApp } from '../support/test-app';

// Issue 11, part 1: limits that mean something, each a setting, each refusing with a code, its figures and a way out.

const testConfig = loadConfig({ NODE_ENV: 'test' });
const withLimits = (limits: Partial<AppConfig['limits']>): Partial<AppConfig> => ({ limits: { ...testConfig.limits, ...limits } });

interface RawResponse {
  status: number;
  headers: Headers;
  body: any;
  ms: number;
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const started = Date.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text), ms: Date.now() - started };
}

const postQuery = (url: string, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) =>
  post(url, JSON.stringify({ query, variables }), headers);

// Issue 17: the analyst's whole-corpus query: every agreement, its constraints, its commitments with provider, amount
// and domains (commitments(first: 250): the recoded corpus has agreements of about 200 commitments).
const WHOLE_CORPUS = `{ agreements(first: 100) { totalCount nodes { slug
  constraints(first: 100) { totalCount nodes { kind summary } }
  commitments(first: 250) { totalCount nodes { id summary modality provider { code } amount { amount currency } domains { slug } } } } } }`;
const TOO_LARGE = `{ agreements(first: 250) { nodes { slug commitments(first: 250) { nodes { id summary domains { slug } mechanisms { slug } } } } } }`;

describe('the node limit (MAX_QUERY_NODES, default 1,000,000)', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it("answers the analyst's whole-corpus query: agreements, constraints, commitments with provider, amount and domains (285,100 nodes)", async () => {
    const response = await api.gql(WHOLE_CORPUS);
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    const agreements = response.data.agreements;
    expect(agreements.nodes).toHaveLength(agreements.totalCount);
    expect(agreements.totalCount).toBeGreaterThanOrEqual(31);
    const commitments = agreements.nodes.reduce((sum: number, a: any) => sum + a.commitments.nodes.length, 0);
    expect(commitments).toBe(agreements.nodes.reduce((sum: number, a: any) => sum + a.commitments.totalCount, 0));
    expect(commitments).toBeGreaterThan(300);
    expect(agreements.nodes.every((a: any) => a.constraints.nodes.length === a.constraints.totalCount)).toBe(true);
    expect(agreements.nodes.some((a: any) => a.commitments.nodes.some((c: any) => c.domains.length > 0 && c.provider))).toBe(true);
  });

  it('refuses a query over the limit before it runs (no SQL), with QUERY_TOO_LARGE, its count, the limit and how to reduce it', async () => {
    const { response, statements } = await api.countStatements(TOO_LARGE);
    expect(statements).toEqual([]);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(response.errors).toHaveLength(1);
    const [error] = response.errors!;
    expect(error.extensions).toEqual({
      code: 'QUERY_TOO_LARGE',
      found: 1_312_750,
      limit: 1_000_000,
      setting: 'MAX_QUERY_NODES',
      largest: expect.arrayContaining([
        { path: 'agreements.nodes.commitments.nodes.domains', nodes: 625_000 },
        { path: 'agreements.nodes.commitments.nodes.mechanisms', nodes: 625_000 },
        { path: 'agreements.nodes.commitments', nodes: 62_500 },
      ]),
    });
    expect(error.message).toContain('can return up to 1,312,750 nodes, above the limit of 1,000,000 (MAX_QUERY_NODES)');
    expect(error.message).toContain('agreements.nodes.commitments.nodes.domains (250 × 250 × 10 = 625,000)');
    expect(error.message).toMatch(/smaller pages \(first\/last\) or nest fewer connections/);
  });

  it('counts with the variables of the request', async () => {
    const query = `query ($n: Int) { agreements(first: $n) { nodes { commitments(first: $n) { nodes { domains { slug } mechanisms { slug } } } } } }`;
    expect((await api.gql(query, { n: 250 })).errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', found: 1_312_750 });
    const small = await api.gql(query, { n: 20 });
    expect(small.errors).toBeUndefined();
    expect(small.data.agreements.nodes).toHaveLength(20);
  });

  it('is a setting: MAX_QUERY_NODES=1000 refuses what 1,000,000 allows; 0 turns it off', async () => {
    const strict = await startTestApp(withLimits({ nodes: 1_000 }));
    const off = await startTestApp(withLimits({ nodes: 0 }));
    try {
      const query = `{ agreements(first: 10) { nodes { commitments(first: 100) { nodes { id } } } } }`; // 1,010
      const refused = await strict.gql(query);
      expect(refused.status).toBe(400);
      expect(refused.errors![0].extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', found: 1_010, limit: 1_000 });
      expect((await strict.gql(`{ agreements(first: 10) { nodes { commitments(first: 99) { nodes { id } } } } }`)).errors).toBeUndefined();
      expect((await off.gql(TOO_LARGE)).errors).toBeUndefined();
    } finally {
      await strict.close();
      await off.close();
    }
  });
});

describe("graphql-armor's depth, alias and directive limits and the token limit", () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  // `framework` is a single agreement: deep, but few nodes.
  const nested = (levels: number) =>
    `{ agreement(slug: "japan-ukraine-2024") { ${'framework { '.repeat(levels - 2)}slug${' }'.repeat(levels - 2)} } }`;

  it('refuses a query nested deeper than MAX_QUERY_DEPTH (12) with QUERY_TOO_DEEP; fragments add no level', async () => {
    expect((await api.gql(nested(12))).errors).toBeUndefined();
    const refused = await api.gql(nested(13));
    expect(refused.status).toBe(400);
    expect(refused.errors![0].extensions).toEqual({ code: 'QUERY_TOO_DEEP', found: 13, limit: 12, setting: 'MAX_QUERY_DEPTH' });
    expect(refused.errors![0].message).toMatch(/^This query nests 13 levels deep, above the limit of 12 \(MAX_QUERY_DEPTH\)\. Select fewer levels/);
    const deepFragment = `fragment F on Agreement { ${'framework { '.repeat(9)}slug${' }'.repeat(9)} }`;
    const viaFragments = `{ agreement(slug: "japan-ukraine-2024") { ... on Agreement { ...F } } } ${deepFragment}`;
    expect((await api.gql(viaFragments)).errors).toBeUndefined();
  });

  it('refuses more than MAX_ALIASES (30) aliases with TOO_MANY_ALIASES', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: agreement(slug: "japan-ukraine-2024") { slug }`).join(' ')} }`;
    expect((await api.gql(aliases(30))).errors).toBeUndefined();
    const refused = await api.gql(aliases(31));
    expect(refused.status).toBe(400);
    expect(refused.errors![0].extensions).toEqual({ code: 'TOO_MANY_ALIASES', found: 31, limit: 30, setting: 'MAX_ALIASES' });
    expect(refused.errors![0].message).toContain('This query uses 31 aliases, above the limit of 30 (MAX_ALIASES)');
  });

  it('refuses more than MAX_DIRECTIVES (50) directives with TOO_MANY_DIRECTIVES', async () => {
    const directives = (n: number) => `{ agreements(first: 1) { nodes { ${'... @include(if: true) { slug } '.repeat(n)} } } }`;
    expect((await api.gql(directives(50))).errors).toBeUndefined();
    const refused = await api.gql(directives(51));
    expect(refused.status).toBe(400);
    expect(refused.errors![0].extensions).toEqual({ code: 'TOO_MANY_DIRECTIVES', found: 51, limit: 50, setting: 'MAX_DIRECTIVES' });
  });

  it('refuses a document of more than MAX_TOKENS (5,000) tokens with TOO_MANY_TOKENS, while parsing, never with a 500', async () => {
    // 20 tokens around the list of slugs (commas are not tokens).
    const tokens = (slugs: number) => `{ agreements(filter: { slug: { in: [${'"s" '.repeat(slugs)}] } }) { totalCount } }`;
    const under = await api.gql(tokens(4_980));
    expect(under.status).toBe(200);
    expect(under.data.agreements.totalCount).toBe(0);
    const refused = await api.gql(tokens(4_981));
    expect(refused.status).toBe(400);
    expect(refused.errors![0].extensions).toEqual({ code: 'TOO_MANY_TOKENS', found: null, limit: 5_000, setting: 'MAX_TOKENS' });
    expect(refused.errors![0].message).toMatch(/more than 5,000 tokens, above the limit of 5,000 \(MAX_TOKENS\)/);
  });

  it('takes each limit from its setting', async () => {
    const strict = await startTestApp(withLimits({ depth: 3, aliases: 1, directives: 1, tokens: 22 }));
    try {
      const codes = async (query: string) => (await strict.gql(query)).errors?.map((e) => e.extensions?.code);
      expect(await codes(nested(4))).toEqual(['QUERY_TOO_DEEP']);
      expect(await codes(`{ a: actors { totalCount } b: actors { totalCount } }`)).toEqual(['TOO_MANY_ALIASES']);
      expect(await codes(`{ actors @include(if: true) { totalCount @skip(if: false) } }`)).toEqual(['TOO_MANY_DIRECTIVES']);
      const sixLists = `{ actors { totalCount } agreements { totalCount } sources { totalCount } mechanisms { totalCount } constraints { totalCount } commitments { totalCount } }`;
      expect(await codes(sixLists)).toEqual(['TOO_MANY_TOKENS']);
      expect(await codes(`{ actors { totalCount } }`)).toBeUndefined();
    } finally {
      await strict.close();
    }
  });

  it('has no batching: a JSON array of operations is a 400', async () => {
    const response = await post(api.app.url, JSON.stringify([{ query: '{ actors { totalCount } }' }, { query: '{ actors { totalCount } }' }]));
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } });
  });
});

interface RawAnswer {
  status: number;
  body: any;
  /** How many body bytes the client had written when the answer's head arrived. */
  sentBefore: number;
}

/**
 * Over one raw connection: a POST whose body goes in chunks (Transfer-Encoding: chunked, no Content-Length) of
 * `totalBytes`, then a small POST on the same connection; resolves with both answers, parsed. (A raw socket, because
 * Node's own HTTP client stops sending a body once the answer has come, which would hide what the server does.)
 */
function chunkedThenSmall(url: string, totalBytes: number): Promise<RawAnswer[]> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname === 'localhost' ? '127.0.0.1' : hostname);
    let sent = 0;
    let received = Buffer.alloc(0);
    const answers: RawAnswer[] = [];
    const marks: number[] = [];
    socket.on('error', reject);
    socket.on('data', (data: Buffer) => {
      // The first bytes of each answer: how much of the body had gone out by then.
      if (received.length === 0) marks.push(sent);
      received = Buffer.concat([received, data]);
      for (;;) {
        const headEnd = received.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = received.subarray(0, headEnd).toString('latin1');
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (received.length < headEnd + 4 + length) return;
        const body = received.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8');
        answers.push({ status: Number(head.split(' ')[1]), body: JSON.parse(body), sentBefore: marks[answers.length] ?? sent });
        received = received.subarray(headEnd + 4 + length);
        if (answers.length === 2) {
          socket.end();
          return resolve(answers);
        }
      }
    });
    socket.on('connect', () => {
      socket.write(`POST ${pathname} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const frame = (data: Buffer | string) => `${Buffer.byteLength(data).toString(16)}\r\n${data}\r\n`;
      socket.write(frame('{"query": "{ actors { totalCount } }", "variables": { "x": "'));
      const write = () => {
        while (sent < totalBytes) {
          sent += chunk.length;
          if (!socket.write(frame(chunk.toString('latin1')))) return void socket.once('drain', write);
        }
        socket.write(frame('" } }') + '0\r\n\r\n');
        const small = JSON.stringify({ query: '{ actors { totalCount } }' });
        socket.write(
          `POST ${pathname} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${small.length}\r\n\r\n${small}`,
        );
      };
      write();
    });
  });
}

describe('the body limit (MAX_BODY_BYTES, default 1 MB)', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const bodyOf = (bytes: number) => JSON.stringify({ query: '{ actors { totalCount } }', variables: { x: 'a'.repeat(bytes) } });

  it('answers a multi-megabyte body with 413 and a JSON error, within a second, instead of dropping the connection', async () => {
    const response = await post(api.app.url, bodyOf(5_000_000));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.body).toEqual({
      errors: [
        {
          message:
            'The request body is larger than 1,000,000 bytes (MAX_BODY_BYTES). Send a shorter document: pass large inputs in several requests.',
          extensions: { code: 'PAYLOAD_TOO_LARGE', limit: 1_000_000, setting: 'MAX_BODY_BYTES' },
        },
      ],
    });
    expect(response.ms).toBeLessThan(1_000);
  });

  it('answers a chunked body (no Content-Length) the same, while it is still coming, and keeps the connection', async () => {
    const [refused, next] = await chunkedThenSmall(api.app.url, 8_000_000);
    expect(refused.status).toBe(413);
    expect(refused.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    // The 413 came while the client was still sending, not after the whole body.
    expect(refused.sentBefore).toBeLessThan(8_000_000);
    // The rest of the body was read and discarded, and the next request on the connection answered.
    expect(next.status).toBe(200);
    expect(next.body.data.actors.totalCount).toBeGreaterThan(0);
  });

  it('accepts a body just under the limit', async () => {
    const response = await post(api.app.url, bodyOf(990_000));
    expect(response.status).toBe(200);
    expect(response.body.data.actors.totalCount).toBeGreaterThan(0);
  });

  it('takes the limit from its setting', async () => {
    const strict = await startTestApp(withLimits({ bodyBytes: 2_000 }));
    try {
      expect((await post(strict.app.url, bodyOf(2_000))).status).toBe(413);
      expect((await post(strict.app.url, bodyOf(1_000))).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('the rate limit (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_BURST): per token or per address, per process', () => {
  let api: TestApp;
  let token: string;
  let other: string;
  beforeAll(async () => {
    // 6 a minute: one request back every 10 s, so the buckets cannot refill while the tests run.
    api = await startTestApp(withLimits({ ratePerMinute: 6, rateBurst: 3 }));
    const sql = createSqlRunner(api.db.dataSource);
    token = (await createApiToken(sql, { name: 'rate-one', role: 'reader' })).token;
    other = (await createApiToken(sql, { name: 'rate-two', role: 'reader' })).token;
  });
  afterAll(() => api.close());

  const read = (url: string, headers: Record<string, string> = {}) => postQuery(url, '{ actors(first: 1) { totalCount } }', undefined, headers);
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  it('lets a burst through, then answers 429 with Retry-After and RATE_LIMITED in JSON', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await read(api.app.url, bearer(token)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    const refused = answers[3];
    expect(refused.headers.get('x-ratelimit-limit')).toBe('6');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(9);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(refused.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(refused.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter });
    expect(refused.body.errors[0].message).toMatch(/6 requests a minute \(in bursts of up to 3\) per API token or client address\. Retry in \d+ s\./);
  });

  it('keeps one bucket per token and one per address', async () => {
    expect((await read(api.app.url, bearer(token))).status).toBe(429);
    expect((await read(api.app.url, bearer(other))).status).toBe(200);
    expect((await read(api.app.url)).status).toBe(200);
  });

  it('charges a forged token to the address too, so fresh fake tokens buy no new buckets', async () => {
    const forged = (i: number) => bearer(`acc_${'x'.repeat(42)}${i}`);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await read(api.app.url, forged(i))).status);
    // The address had 2 requests left: two 401s, then 429s.
    expect(statuses).toEqual([401, 401, 429, 429]);
  });

  it('never limits the probes', async () => {
    for (let i = 0; i < 5; i++) expect((await fetch(api.app.url.replace('/graphql', '/healthz'))).status).toBe(200);
  });

  it('refills the bucket at the rate: Retry-After is when the next request goes through', async () => {
    const fast = await startTestApp(withLimits({ ratePerMinute: 120, rateBurst: 1 }));
    try {
      expect((await read(fast.app.url)).status).toBe(200);
      const refused = await read(fast.app.url);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await read(fast.app.url)).status).toBe(200);
    } finally {
      await fast.close();
    }
  });
});

describe('production mode (NODE_ENV=production)', () => {
  const production = (env: Record<string, string> = {}): Partial<AppConfig> => {
    const config = loadConfig({ NODE_ENV: 'production', ...env });
    return { environment: 'production', http: config.http, limits: { ...config.limits, ratePerMinute: 0 } };
  };

  it('turns introspection, field suggestions and the IDE off by default', async () => {
    const api = await startTestApp(production());
    try {
      const introspection = await api.gql('{ __schema { queryType { name } } }');
      expect(introspection.status).toBe(400);
      expect(introspection.errors![0].message).toBe('Introspection is off on this server (ENABLE_INTROSPECTION).');
      const typo = await api.gql('{ agreement(slug: "japan-ukraine-2024") { titl } }');
      expect(typo.errors![0].message).toBe('Cannot query field "titl" on type "Agreement".');
      const enumTypo = await api.gql('{ commitments(filter: { modality: { eq: WIL } }) { totalCount } }');
      expect(enumTypo.errors![0].message).not.toMatch(/Did you mean/);
      const ide = await fetch(api.app.url, { headers: { accept: 'text/html' } });
      expect(ide.status).toBe(404);
      expect(((await ide.json()) as any).errors[0]).toEqual({
        message: 'The IDE is off on this server (ENABLE_IDE); POST GraphQL to /graphql.',
        extensions: { code: 'NOT_FOUND' },
      });
      expect((await fetch(`${api.app.url}?ide=ide.js`)).status).toBe(404);
      // Queries still work.
      expect((await api.gql('{ agreement(slug: "japan-ukraine-2024") { title } }')).data.agreement.title).toBeTruthy();
    } finally {
      await api.close();
    }
  });

  it('turns them on with ENABLE_INTROSPECTION and ENABLE_IDE', async () => {
    const api = await startTestApp(production({ ENABLE_INTROSPECTION: 'true', ENABLE_IDE: 'true' }));
    try {
      expect((await api.gql('{ __schema { queryType { name } } }')).data.__schema.queryType.name).toBe('Query');
      const typo = await api.gql('{ agreement(slug: "japan-ukraine-2024") { titl } }');
      expect(typo.errors![0].message).toMatch(/Did you mean "title"/);
      const ide = await fetch(api.app.url, { headers: { accept: 'text/html' } });
      expect(ide.status).toBe(200);
      expect(await ide.text()).toContain('<div id="graphiql">');
    } finally {
      await api.close();
    }
  });

  it('keeps them on outside production unless turned off', async () => {
    expect(loadConfig({ NODE_ENV: 'development' }).http).toMatchObject({ introspection: true, ide: true });
    expect(loadConfig({ NODE_ENV: 'development', ENABLE_INTROSPECTION: 'false', ENABLE_IDE: '0' }).http).toMatchObject({
      introspection: false,
      ide: false,
    });
    expect(loadConfig({ NODE_ENV: 'production' }).http).toMatchObject({ introspection: false, ide: false });
  });
});
