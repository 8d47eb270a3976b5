import net from 'node:net';
import WebSocket from 'ws';
import { AppConfig, loadConfig } from '../../src/config/config';
import { createApiToken } from '../../src/shared/auth/token-store';
import { createSqlRunner } from '../../src/db/sql-runner';
import { liveClient, subscribe } from '../support/live-client';
import { startTestApp, TestApp } from '../support/test-app';

// HTTP hardening (issue 14, part D): failed authentication rate-limited by address on every route before any token
// look-up, each request charged once; WebSocket connections capped and rate-limited; actors and report runs shown
// only to whom they belong; /metrics behind a token or its own port, and cheap; download headers; no formula cells.

/** Test settings over the defaults of NODE_ENV=test. */
function withSettings(change: (config: AppConfig) => Partial<AppConfig>): Partial<AppConfig> {
  return change(loadConfig({ NODE_ENV: 'test' }));
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** A well-formed token no one holds: it takes a database look-up to refuse. */
const forged = (i: number) => `acc_${'f'.repeat(40)}${String(i).padStart(3, '0')}`;
const base = (api: TestApp) => api.app.url.replace(/\/graphql$/, '');

async function tokensFor(api: TestApp, names: Record<string, 'reader' | 'analyst' | 'admin'>): Promise<Record<string, string>> {
  const sql = createSqlRunner(api.db.dataSource);
  const out: Record<string, string> = {};
  for (const [name, role] of Object.entries(names)) out[name] = (await createApiToken(sql, { name, role })).token;
  return out;
}

describe('failed authentication: charged to the address, before the token look-up, on every route', () => {
  let api: TestApp;
  beforeAll(async () => {
    // 6 a minute: a bucket cannot refill while the tests run; each test uses its own address (X-Forwarded-For).
    api = await startTestApp(
      withSettings((c) => ({ limits: { ...c.limits, ratePerMinute: 6, rateBurst: 3 }, http: { ...c.http, trustProxy: true } })),
    );
  });
  afterAll(() => api.close());

  const lookUps = (statements: string[]) => statements.filter((sql) => /FROM api_token/.test(sql)).length;

  it.each([
    ['GraphQL', (api: TestApp) => `${api.app.url}?query=%7B__typename%7D`],
    ['an export', (api: TestApp) => `${base(api)}/export/agreements.csv`],
    ['a report download', (api: TestApp) => `${base(api)}/reports/runs/00000000-0000-4000-8000-000000000000/download`],
  ])('%s: fresh forged tokens buy no new buckets, and once the address is out they cost no look-up', async (_route, url) => {
    const address = `198.51.100.${_route.length}`;
    const statuses: number[] = [];
    api.db.recorder.start();
    for (let i = 0; i < 3; i++) {
      statuses.push((await fetch(url(api), { headers: { ...bearer(forged(i)), 'x-forwarded-for': address } })).status);
    }
    const before = lookUps(api.db.recorder.stop());
    api.db.recorder.start();
    for (let i = 3; i < 6; i++) {
      statuses.push((await fetch(url(api), { headers: { ...bearer(forged(i)), 'x-forwarded-for': address } })).status);
    }
    const after = lookUps(api.db.recorder.stop());
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    expect(before).toBe(3);
    expect(after).toBe(0);
  });

  it('charges an admitted request once: a valid token three times, then 429', async () => {
    const { steady } = await tokensFor(api, { steady: 'reader' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${base(api)}/export/actors.json`, { headers: bearer(steady) })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});

describe('REQUIRE_TOKEN_FOR_READS: an anonymous request is charged once', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp(withSettings((c) => ({ requireTokenForReads: true, limits: { ...c.limits, ratePerMinute: 6, rateBurst: 3 } })));
  });
  afterAll(() => api.close());

  it('gets three 401s from a burst of three, then 429', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api.gql('{ __typename }')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('WebSocket connections: capped per address and rate-limited, failed connection_init charged', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp(
      withSettings((c) => ({
        limits: { ...c.limits, ratePerMinute: 6, rateBurst: 3, wsConnectionsPerAddress: 2 },
        http: { ...c.http, trustProxy: true },
      })),
    );
  });
  afterAll(() => api.close());

  /** Opens a raw socket from `address`: resolves with the upgrade's refusal status, or the open socket. */
  function connect(address: string): Promise<{ refused?: number; socket?: WebSocket }> {
    return new Promise((resolve) => {
      const socket = new WebSocket(api.app.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers: { 'x-forwarded-for': address } });
      socket.once('open', () => resolve({ socket }));
      socket.once('unexpected-response', (_request, response) => resolve({ refused: response.statusCode ?? 0 }));
      socket.once('error', () => undefined);
    });
  }

  it('refuses a third open connection from one address with 429 (WS_MAX_CONNECTIONS_PER_ADDRESS=2), and counts closes', async () => {
    const first = await connect('192.0.2.10');
    const second = await connect('192.0.2.10');
    expect(first.socket && second.socket).toBeTruthy();
    expect((await connect('192.0.2.10')).refused).toBe(429);
    const other = await connect('192.0.2.11');
    expect(other.socket).toBeTruthy();
    await new Promise((resolve) => {
      first.socket!.once('close', resolve);
      first.socket!.close();
    });
    // The server counts the close when it sees it: retry briefly until the slot is free.
    let again: { refused?: number; socket?: WebSocket } = { refused: 429 };
    for (let i = 0; i < 20 && again.refused; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      again = await connect('192.0.2.10');
    }
    expect(again.socket).toBeTruthy();
    for (const s of [second.socket, other.socket, again.socket]) s?.close();
  });

  it('charges each connection to its address: the fourth in a minute is refused with 429', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) {
      const result = await connect('192.0.2.20');
      results.push(result.refused ?? 101);
      result.socket?.close();
    }
    expect(results).toEqual([101, 101, 101, 429]);
  });

  it('charges a connection with a forged token once, before its look-up: once the address is out, no look-up', async () => {
    const init = (address: string, token: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(api.app.url.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers: { 'x-forwarded-for': address } });
        socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { token } })));
        socket.once('close', (code) => resolve(code));
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.once('error', () => undefined);
      });
    // Each upgrade takes one of 3 (its token looked up once, at connection_init: 4401); the fourth is refused at the
    // upgrade (HTTP 429), before any look-up.
    api.db.recorder.start();
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push(await init('192.0.2.30', forged(i)));
    const lookUps = api.db.recorder.stop().filter((sql) => /FROM api_token/.test(sql)).length;
    expect(codes).toEqual([4401, 4401, 4401, 429, 429]);
    expect(lookUps).toBe(3);
  });
});

describe('who sees actors and report runs', () => {
  let api: TestApp;
  let tokens: Record<string, string>;
  beforeAll(async () => {
    api = await startTestApp({}, { reports: true });
    tokens = await tokensFor(api, { 'ana-reader': 'reader', 'bob-reader': 'reader', 'cleo-analyst': 'analyst', 'dan-admin': 'admin' });
    const created = await api.gql(
      `mutation($input: SourceInput!) { createSource(input: $input) { id } }`,
      { input: { key: 'actor-visibility', title: 'Actor visibility', url: 'https://example.org/a', kind: 'PRESS', reliability: 'MEDIUM' } },
      { token: tokens['cleo-analyst'] },
    );
    expect(created.errors).toBeUndefined();
  });
  afterAll(() => api.close());

  const actorsQuery = `{ changes(filter: { entity: { eq: SOURCE }, action: { eq: CREATE } }, orderBy: [ID_DESC], first: 1) { nodes { actor } }
    source(key: "actor-visibility") { history { actor } } }`;

  it.each([
    ['anonymous', undefined, null],
    ['a reader', 'ana-reader', null],
    ['an analyst', 'cleo-analyst', 'cleo-analyst'],
    ['an admin', 'dan-admin', 'cleo-analyst'],
  ])('shows %s the actor of changes and history as %j', async (_who, token, expected) => {
    const { data, errors } = await api.gql(actorsQuery, undefined, { token: token ? tokens[token] : undefined });
    expect(errors).toBeUndefined();
    expect(data.changes.nodes[0].actor).toBe(expected);
    expect(data.source.history.map((h: { actor: string | null }) => h.actor)).toEqual([expected]);
  });

  it.each([
    ['anonymous', undefined, 'UNAUTHENTICATED'],
    ['a reader', 'ana-reader', 'FORBIDDEN'],
  ])('refuses the actor filter to %s, nested in or/not too (%s)', async (_who, token, code) => {
    for (const filter of ['{ actor: { startsWith: "c" } }', '{ or: [{ entity: { eq: SOURCE } }, { not: { actor: { eq: "x" } } }] }']) {
      const { errors } = await api.gql(`{ changes(filter: ${filter}) { totalCount } }`, undefined, { token: token ? tokens[token] : undefined });
      expect(errors?.[0]?.extensions?.code).toBe(code);
    }
  });

  it('lets an analyst filter by actor', async () => {
    const { data } = await api.gql(`{ changes(filter: { actor: { eq: "cleo-analyst" } }) { totalCount } }`, undefined, {
      token: tokens['cleo-analyst'],
    });
    expect(data.changes.totalCount).toBeGreaterThanOrEqual(1);
  });

  it('hides the actor from an anonymous corpusChanged subscriber, and refuses it the actor filter', async () => {
    const client = liveClient(api.app.url);
    try {
      const refused = subscribe(client, `subscription { corpusChanged(filter: { actor: { eq: "cleo-analyst" } }) { id } }`);
      await refused.until((s) => s.failure !== undefined || s.results.length > 0);
      const refusal = JSON.stringify(refused.failure ?? refused.results);
      expect(refusal).toMatch(/UNAUTHENTICATED/);
      const changes = subscribe(client, `subscription { corpusChanged(filter: { entity: { eq: SOURCE } }) { entityKey actor } }`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const made = await api.gql(
        `mutation($input: SourceInput!) { createSource(input: $input) { id } }`,
        { input: { key: 'actor-visibility-2', title: 'Again', url: 'https://example.org/b', kind: 'PRESS', reliability: 'MEDIUM' } },
        { token: tokens['cleo-analyst'] },
      );
      await changes.until((s) => s.results.length > 0);
      expect(changes.results[0].data.corpusChanged).toEqual({ entityKey: made.data.createSource.id, actor: null });
    } finally {
      await client.dispose();
    }
  });

  const run = `mutation { runReport(kind: "constraints-digest", format: "html") { id downloadUrl } }`;
  const poll = `query($id: ID!) { reportRun(id: $id) { id status requestedBy downloadUrl } }`;
  async function finished(id: string, token: string) {
    for (let i = 0; i < 100; i++) {
      const { data } = await api.gql(poll, { id }, { token });
      if (['SUCCEEDED', 'FAILED'].includes(data.reportRun.status)) return data.reportRun;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`run ${id} did not finish`);
  }

  it('shows a report run to its requester and admins only, and downloads it by a random key to them only', async () => {
    const asked = await api.gql(run, undefined, { token: tokens['ana-reader'] });
    const { id } = asked.data.runReport;
    const done = await finished(id, tokens['ana-reader']);
    expect(done).toMatchObject({ status: 'SUCCEEDED', requestedBy: 'ana-reader' });
    expect(done.downloadUrl).toMatch(/^\/reports\/runs\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\/download$/);
    expect(done.downloadUrl).not.toContain(`/${id}/`);

    const list = `{ reportRuns { nodes { id } } }`;
    const ids = async (token?: string) => (await api.gql(list, undefined, { token })).data.reportRuns.nodes.map((n: { id: string }) => n.id);
    expect(await ids(tokens['ana-reader'])).toContain(id);
    expect(await ids(tokens['dan-admin'])).toContain(id);
    expect(await ids(tokens['bob-reader'])).not.toContain(id);
    expect(await ids(undefined)).toEqual([]);
    expect((await api.gql(poll, { id }, { token: tokens['bob-reader'] })).data.reportRun).toBeNull();
    expect((await api.gql(poll, { id })).data.reportRun).toBeNull();

    const download = (token?: string, path = done.downloadUrl) => fetch(new URL(path, api.app.url), { headers: token ? bearer(token) : {} });
    expect((await download()).status).toBe(401);
    expect((await download(tokens['bob-reader'])).status).toBe(404);
    expect((await download(tokens['ana-reader'], `/reports/runs/${id}/download`)).status).toBe(404);
    expect((await download(tokens['dan-admin'])).status).toBe(200);
    const mine = await download(tokens['ana-reader']);
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toMatch(/^text\/html/);
    expect(mine.headers.get('x-content-type-options')).toBe('nosniff');
    expect(mine.headers.get('cache-control')).toBe('private, no-store');
    expect(mine.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
    expect(await mine.text()).toMatch(/<html/i);

    // The subscription to a run: NOT_FOUND for someone else.
    const client = liveClient(api.app.url, { token: tokens['bob-reader'] });
    try {
      const theirs = subscribe(client, `subscription($id: ID!) { reportRunUpdated(id: $id) { id } }`, { id });
      await theirs.until((s) => s.failure !== undefined || s.results.length > 0);
      expect(JSON.stringify(theirs.failure ?? theirs.results)).toMatch(/NOT_FOUND/);
    } finally {
      await client.dispose();
    }
  });

  it("answers a unique value already taken with CONFLICT naming the field, never PostgreSQL's detail", async () => {
    const create = `mutation($input: SourceInput!) { createSource(input: $input) { id version } }`;
    const input = (key: string) => ({ key, title: 'Unique', url: `https://example.org/${key}`, kind: 'PRESS', reliability: 'MEDIUM' });
    await api.gql(create, { input: input('taken-key-secret') }, { token: tokens['cleo-analyst'] });
    const other = (await api.gql(create, { input: input('free-key') }, { token: tokens['cleo-analyst'] })).data.createSource;
    const { errors } = await api.gql(
      `mutation($id: ID!, $v: Int!, $input: SourceInput!) { updateSource(id: $id, expectedVersion: $v, input: $input) { key } }`,
      { id: other.id, v: other.version, input: { ...input('taken-key-secret'), url: 'https://example.org/other' } },
      { token: tokens['cleo-analyst'] },
    );
    expect(errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(errors?.[0]?.message).not.toMatch(/taken-key-secret|Key \(|already exists\.|=\(/);
  });

  it('sends export CSV with nosniff and private, no-store, and neutralises formula cells in it', async () => {
    const title = '=HYPERLINK("http://evil.example","click")';
    const created = await api.gql(
      `mutation($input: SourceInput!) { createSource(input: $input) { id } }`,
      { input: { key: 'formula-title', title, url: 'https://example.org/f', kind: 'PRESS', reliability: 'MEDIUM' } },
      { token: tokens['cleo-analyst'] },
    );
    expect(created.errors).toBeUndefined();
    const filter = encodeURIComponent(JSON.stringify({ key: { eq: 'formula-title' } }));
    const response = await fetch(`${base(api)}/export/sources.csv?filter=${filter}`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const text = await response.text();
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});

describe('request targets', () => {
  it('answers targets `new URL(target, base)` cannot read (a path read as a host), and stays up', async () => {
    const api = await startTestApp();
    try {
      const { port } = new URL(api.app.url);
      const raw = (target: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = net.connect(Number(port), 'localhost', () =>
            socket.end(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`),
          );
          let text = '';
          socket.on('data', (chunk) => (text += chunk.toString()));
          socket.on('end', () => resolve(text));
          socket.on('error', reject);
          socket.setTimeout(5_000, () => resolve(`no answer: ${text}`));
        });
      // Before: an exception outside any handler, and no answer at all. Now the path `//[`, which is nowhere.
      expect(await raw('//[')).toMatch(/^HTTP\/1\.1 404/);
      const absolute = await raw('http://[/graphql');
      expect(absolute).toMatch(/^HTTP\/1\.1 400/);
      expect((await fetch(`${base(api)}/healthz`)).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});

describe('/metrics: behind METRICS_TOKEN or on METRICS_PORT, and cheap', () => {
  const metricsToken = 'metrics-secret-0123456789';

  it('needs Authorization: Bearer <METRICS_TOKEN> when set', async () => {
    const api = await startTestApp(withSettings((c) => ({ scaleOut: { ...c.scaleOut, metricsToken } })));
    try {
      expect((await fetch(`${base(api)}/metrics`)).status).toBe(401);
      expect((await fetch(`${base(api)}/metrics`, { headers: bearer('metrics-secret-0123456780') })).status).toBe(401);
      const ok = await fetch(`${base(api)}/metrics`, { headers: bearer(metricsToken) });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/http_requests_total/);
    } finally {
      await api.close();
    }
  });

  it('is 404 in production without METRICS_TOKEN or METRICS_PORT', async () => {
    const api = await startTestApp(withSettings(() => ({ environment: 'production' })));
    try {
      expect((await fetch(`${base(api)}/metrics`)).status).toBe(404);
    } finally {
      await api.close();
    }
  });

  it('with METRICS_PORT is served on that port only', async () => {
    const api = await startTestApp(withSettings((c) => ({ environment: 'production', scaleOut: { ...c.scaleOut, metricsPort: 0 } })));
    try {
      expect((await fetch(`${base(api)}/metrics`)).status).toBe(404);
      const address = api.app.metricsServer!.address() as { port: number };
      const scraped = await fetch(`http://localhost:${address.port}/metrics`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(/db_pool_connections/);
      expect((await fetch(`http://localhost:${address.port}/graphql`)).status).toBe(404);
    } finally {
      await api.close();
    }
  });

  it('reads the database at most once per METRICS_CACHE_SECONDS, however often it is scraped', async () => {
    const api = await startTestApp(withSettings((c) => ({ scaleOut: { ...c.scaleOut, metricsCacheSeconds: 3600 } })));
    try {
      api.db.recorder.start();
      for (let i = 0; i < 5; i++) expect((await fetch(`${base(api)}/metrics`)).status).toBe(200);
      const statements = api.db.recorder.stop();
      expect(statements.filter((sql) => /report_run/.test(sql))).toHaveLength(1);
    } finally {
      await api.close();
    }
  });
});
