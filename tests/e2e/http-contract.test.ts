import { AppConfig, loadConfig } from '../../src/config/config';
import { startTestApp, TestApp } from '../support/test-app';

// Issue 11, part 2: the endpoint follows the GraphQL-over-HTTP specification in every mode. A malformed request gets
// a 4xx with a JSON body of coded errors, never a 500; the response's media type follows the Accept header; CORS
// takes an allow-list; Apollo's CSRF prevention stays on.

interface Answer {
  status: number;
  type: string | null;
  headers: Headers;
  body: any;
}

async function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; search?: string } = {}): Promise<Answer> {
  const response = await fetch(url + (init.search ?? ''), { method: init.method ?? 'POST', headers: init.headers, body: init.body });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // left as text: the test says what it expects
  }
  return { status: response.status, type: response.headers.get('content-type'), headers: response.headers, body };
}

const JSON_TYPE = { 'content-type': 'application/json' };
const json = (value: unknown) => ({ headers: JSON_TYPE, body: JSON.stringify(value) });
const get = (query: string, extra: Record<string, string> = {}) => ({
  method: 'GET',
  headers: { 'apollo-require-preflight': 'true' },
  search: `?${new URLSearchParams({ query, ...extra })}`,
});

/** Each malformed request, what it must get: its status and the code of its first error. */
const MALFORMED: [string, Parameters<typeof send>[1], number, string][] = [
  ['a syntax error', json({ query: '{ agreements { ' }), 400, 'GRAPHQL_PARSE_FAILED'],
  ['an unknown field', json({ query: '{ nope }' }), 400, 'GRAPHQL_VALIDATION_FAILED'],
  ['an unknown argument', json({ query: '{ agreements(nope: 1) { totalCount } }' }), 400, 'GRAPHQL_VALIDATION_FAILED'],
  [
    'a fragment cycle',
    json({ query: '{ agreement(slug: "x") { ...A } } fragment A on Agreement { framework { ...A } }' }),
    400,
    'GRAPHQL_VALIDATION_FAILED',
  ],
  [
    'a variable of the wrong type',
    json({ query: 'query ($n: Int) { agreements(first: $n) { totalCount } }', variables: { n: 'ten' } }),
    400,
    'BAD_USER_INPUT',
  ],
  ['a missing required variable', json({ query: 'query ($slug: String!) { agreement(slug: $slug) { id } }' }), 400, 'BAD_USER_INPUT'],
  [
    'an unknown enum value in a variable',
    json({ query: 'query ($m: Modality) { commitments(filter: { modality: { eq: $m } }) { totalCount } }', variables: { m: 'WIL' } }),
    400,
    'BAD_USER_INPUT',
  ],
  [
    'an operation name that names no operation',
    json({ query: 'query A { actors { totalCount } }', operationName: 'B' }),
    400,
    'OPERATION_RESOLUTION_FAILURE',
  ],
  [
    'several operations and no name',
    json({ query: 'query A { actors { totalCount } } query B { actors { totalCount } }' }),
    400,
    'OPERATION_RESOLUTION_FAILURE',
  ],
  ['a non-string query', json({ query: 42 }), 400, 'BAD_REQUEST'],
  ['no query', json({ variables: {} }), 400, 'BAD_REQUEST'],
  ['variables that are a string', json({ query: '{ actors { totalCount } }', variables: '{}' }), 400, 'BAD_REQUEST'],
  ['an operation name that is not a string', json({ query: '{ actors { totalCount } }', operationName: 7 }), 400, 'BAD_REQUEST'],
  ['a JSON array (batching is off)', json([{ query: '{ actors { totalCount } }' }]), 400, 'BAD_REQUEST'],
  ['a JSON null', { headers: JSON_TYPE, body: 'null' }, 400, 'BAD_REQUEST'],
  ['a JSON string', { headers: JSON_TYPE, body: '"{ actors { totalCount } }"' }, 400, 'BAD_REQUEST'],
  ['truncated JSON', { headers: JSON_TYPE, body: '{"query": "{ actors { tot' }, 400, 'BAD_REQUEST'],
  ['an empty body', { headers: JSON_TYPE, body: '' }, 400, 'BAD_REQUEST'],
  ['an unsupported content type', { headers: { 'content-type': 'application/xml' }, body: '<query/>' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
  [
    'text/plain (a CSRF-able simple request)',
    { headers: { 'content-type': 'text/plain' }, body: '{"query":"{ actors { totalCount } }"}' },
    400,
    'BAD_REQUEST',
  ],
  ['a form post', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B%7D' }, 400, 'BAD_REQUEST'],
  ['no content type', { body: '{"query":"{ actors { totalCount } }"}' }, 400, 'BAD_REQUEST'],
  ['GET with a mutation', get('mutation { revokeToken(name: "x") { name } }'), 405, 'BAD_REQUEST'],
  ['GET without a query', { method: 'GET', headers: { 'apollo-require-preflight': 'true' } }, 400, 'BAD_REQUEST'],
  ['GET with variables that are not JSON', get('{ actors { totalCount } }', { variables: '{nope' }), 400, 'BAD_REQUEST'],
  ['PUT', { method: 'PUT', ...json({ query: '{ actors { totalCount } }' }) }, 405, 'BAD_REQUEST'],
  [
    'an Accept header that allows no JSON',
    { ...json({ query: '{ actors { totalCount } }' }), headers: { ...JSON_TYPE, accept: 'application/xml' } },
    406,
    'BAD_REQUEST',
  ],
];

const testConfig = loadConfig({ NODE_ENV: 'test' });
const productionConfig = loadConfig({ NODE_ENV: 'production' });
const MODES: [string, Partial<AppConfig>][] = [
  ['production', { environment: 'production', http: productionConfig.http, limits: { ...productionConfig.limits, ratePerMinute: 0 } }],
  ['development', { environment: 'development' }],
  ['development on graphql-js', { environment: 'development', executor: 'graphql-js' }],
];

describe.each(MODES)('malformed requests in %s mode', (_mode, overrides) => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp(overrides);
  });
  afterAll(() => api.close());

  it.each(MALFORMED)('%s: 4xx with a coded JSON error, never a 500', async (_name, request, status, code) => {
    const answer = await send(api.app.url, request);
    expect({ status: answer.status, code: answer.body?.errors?.[0]?.extensions?.code }).toEqual({ status, code });
    expect(answer.type).toBe('application/json; charset=utf-8');
    expect(answer.body.data).toBeUndefined();
    for (const error of answer.body.errors) expect(typeof error.message).toBe('string');
  });

  it('says why a CSRF-able request was refused, and allows GET only with a header a browser form cannot send', async () => {
    const refused = await send(api.app.url, { headers: { 'content-type': 'text/plain' }, body: '{"query":"{ actors { totalCount } }"}' });
    expect(refused.body.errors[0].message).toMatch(/Cross-Site Request Forgery \(CSRF\)/);
    const allowed = await send(api.app.url, get('{ actors { totalCount } }'));
    expect(allowed.status).toBe(200);
    expect(allowed.body.data.actors.totalCount).toBeGreaterThan(0);
  });

  it('answers GET with a mutation with Allow: POST', async () => {
    const answer = await send(api.app.url, get('mutation { revokeToken(name: "x") { name } }'));
    expect(answer.headers.get('allow')).toBe('POST');
  });
});

describe('the response media type', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const QUERY = { query: '{ actors(first: 1) { totalCount } }' };
  const accepting = (accept: string | undefined, body: unknown = QUERY) => ({
    headers: { ...JSON_TYPE, ...(accept ? { accept } : {}) },
    body: JSON.stringify(body),
  });

  it.each([
    [undefined, 'application/json; charset=utf-8'],
    ['*/*', 'application/json; charset=utf-8'],
    ['application/json', 'application/json; charset=utf-8'],
    ['application/graphql-response+json', 'application/graphql-response+json; charset=utf-8'],
    ['application/graphql-response+json, application/json;q=0.9', 'application/graphql-response+json; charset=utf-8'],
    ['application/json, application/graphql-response+json;q=0.9', 'application/json; charset=utf-8'],
  ])('Accept: %s gives %s, for answers and for errors alike', async (accept, type) => {
    const ok = await send(api.app.url, accepting(accept));
    expect([ok.status, ok.type]).toEqual([200, type]);
    const invalid = await send(api.app.url, accepting(accept, { query: '{ nope }' }));
    expect([invalid.status, invalid.type]).toEqual([400, type]);
    // The errors the HTTP front sends itself follow the same rule.
    const truncated = await send(api.app.url, { headers: accepting(accept).headers, body: '{"query": ' });
    expect([truncated.status, truncated.type]).toEqual([400, type]);
    const unsupported = await send(api.app.url, { headers: { ...accepting(accept).headers, 'content-type': 'application/xml' }, body: '<q/>' });
    expect([unsupported.status, unsupported.type]).toEqual([415, type]);
  });

  it('answers a field error in a well-formed request with 200, data and errors', async () => {
    const answer = await send(api.app.url, accepting('application/graphql-response+json', { query: '{ agreements(first: 1000) { totalCount } }' }));
    expect(answer.status).toBe(200);
    expect(answer.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('CORS (CORS_ORIGINS)', () => {
  const ALLOWED = 'https://app.example.org';
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({ http: { ...testConfig.http, corsOrigins: [ALLOWED, 'http://localhost:3000'] } });
  });
  afterAll(() => api.close());

  const preflight = (url: string, origin: string) =>
    send(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });

  it('answers the preflight of an allowed origin: methods, headers, max age', async () => {
    const answer = await preflight(api.app.url, ALLOWED);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(answer.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(answer.headers.get('access-control-allow-headers')).toContain('content-type');
    expect(answer.headers.get('access-control-max-age')).toBe('600');
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    expect(answer.headers.get('vary')).toContain('Origin');
  });

  it('gives no CORS header to another origin, so its browser keeps the answer from the script', async () => {
    const answer = await preflight(api.app.url, 'https://evil.example.com');
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.headers.get('access-control-allow-methods')).toBeNull();
    const post = await send(api.app.url, {
      headers: { ...JSON_TYPE, origin: 'https://evil.example.com' },
      body: '{"query":"{ actors { totalCount } }"}',
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('marks the answers to an allowed origin, exposing the rate-limit headers', async () => {
    const answer = await send(api.app.url, {
      headers: { ...JSON_TYPE, origin: 'http://localhost:3000' },
      body: '{"query":"{ actors { totalCount } }"}',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(answer.headers.get('access-control-expose-headers')).toContain('retry-after');
    expect(answer.headers.get('vary')).toContain('Origin');
  });

  it("keeps Apollo's CSRF prevention on: a simple request from an allowed origin still runs nothing", async () => {
    const answer = await send(api.app.url, {
      headers: { 'content-type': 'text/plain', origin: ALLOWED },
      body: JSON.stringify({ query: 'mutation { createToken(name: "csrf", role: admin) { token } }' }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/CSRF/);
    const rows = await api.db.dataSource.query(`SELECT count(*)::int AS n FROM api_token WHERE name = 'csrf'`);
    expect(rows[0].n).toBe(0);
  });

  it('sends no CORS header at all without CORS_ORIGINS (the default), and answers OPTIONS with 204', async () => {
    const plain = await startTestApp();
    try {
      const answer = await preflight(plain.app.url, ALLOWED);
      expect(answer.status).toBe(204);
      expect(answer.headers.get('allow')).toBe('GET, POST, OPTIONS');
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      const post = await send(plain.app.url, { headers: { ...JSON_TYPE, origin: ALLOWED }, body: '{"query":"{ actors { totalCount } }"}' });
      expect(post.status).toBe(200);
      expect(post.headers.get('access-control-allow-origin')).toBeNull();
      expect(post.headers.get('vary')).toBeNull();
    } finally {
      await plain.close();
    }
  });

  it('allows any origin with *, without credentials', async () => {
    const open = await startTestApp({ http: { ...testConfig.http, corsOrigins: ['*'] } });
    try {
      const answer = await preflight(open.app.url, 'https://anyone.example.net');
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    } finally {
      await open.close();
    }
  });

  it('refuses a CORS_ORIGINS entry that is not an origin', () => {
    expect(() => loadConfig({ CORS_ORIGINS: 'https://app.example.org/path' })).toThrow(/CORS_ORIGINS/);
    expect(loadConfig({ CORS_ORIGINS: ' https://a.example.org , http://localhost:3000 ' }).http.corsOrigins).toEqual([
      'https://a.example.org',
      'http://localhost:3000',
    ]);
  });
});
