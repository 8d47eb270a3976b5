import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { App, createLogger, startApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { createDataSource } from '../../src/db/data-source';
import { createApiToken } from '../../src/shared/auth/token-store';
import { createSqlRunner } from '../../src/db/sql-runner';
import { startTcpProxy, TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Faults, fast: the API reaches its database through a TCP relay that the test cuts and restores, which is what a
// PostgreSQL restart or a network cut looks like from the API (connections dropped, then refused). The slow suite
// (tests/slow/outage.test.ts) stops and restarts a real server under a real API process.

const QUERY = '{ agreements(first: 1) { nodes { slug } } }';

async function post(url: string, query: string, token?: string) {
  const started = Date.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as any, ms: Date.now() - started };
}

/** In production /metrics needs METRICS_TOKEN (issue 14, part D). */
const METRICS_TOKEN = 'faults-metrics-token';

async function get(url: string) {
  const started = Date.now();
  const response = await fetch(url, url.endsWith('/metrics') ? { headers: { authorization: `Bearer ${METRICS_TOKEN}` } } : {});
  return { status: response.status, text: await response.text(), ms: Date.now() - started };
}

describe('when PostgreSQL goes away and comes back', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let dataSource: DataSource;
  let app: App;
  let base: string;
  let analyst: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    analyst = (await createApiToken(createSqlRunner(db.dataSource), { name: 'faults-analyst', role: 'analyst' })).token;
    proxy = await startTcpProxy(Number(new URL(db.url).port || 5432));
    const url = proxy.urlThrough(db.url);
    // Production mode: what a client sees carries no stack and nothing of the cause.
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
      PORT: '0',
      DB_POOL_SIZE: '2',
      DB_CONNECT_TIMEOUT_MS: '500',
      METRICS_TOKEN,
      // The database's figures read on every scrape: this test watches db_up fall.
      METRICS_CACHE_SECONDS: '0',
    });
    dataSource = createDataSource({ url, poolSize: config.poolSize, connectTimeoutMs: config.scaleOut.connectTimeoutMs });
    await dataSource.initialize();
    app = await startApp(dataSource, config, createLogger(config), 0);
    base = app.url.replace(/\/graphql$/, '');
  });

  afterAll(async () => {
    await app?.stop();
    await proxy?.restore().catch(() => {});
    if (dataSource?.isInitialized) await dataSource.destroy();
    await proxy?.close();
    await db?.drop();
  });

  it('answers SERVICE_UNAVAILABLE (503) within a second, and /readyz says not ready', async () => {
    expect((await post(app.url, QUERY)).body.data.agreements.nodes).toHaveLength(1);
    expect((await get(`${base}/readyz`)).status).toBe(200);

    await proxy.cut();

    const query = await post(app.url, QUERY);
    expect(query.status).toBe(503);
    expect(query.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(query.body.errors[0].message).toBe('the database is unavailable; try again shortly');
    expect(JSON.stringify(query.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|terminat|stack/i);
    expect(query.ms).toBeLessThan(1000);

    // A request with a token fails on its look-up, before GraphQL: the same code.
    const mutation = await post(app.url, 'mutation { runReport(kind: "coverage-matrix", format: "csv") { id } }', analyst);
    expect(mutation.status).toBe(503);
    expect(mutation.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(mutation.ms).toBeLessThan(1000);

    const ready = await get(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.ms).toBeLessThan(1000);

    const metrics = (await get(`${base}/metrics`)).text;
    expect(metrics).toMatch(/^db_up 0$/m);
    expect(metrics).toMatch(/^graphql_errors_total\{code="SERVICE_UNAVAILABLE"\} [1-9]/m);
  });

  it('serves again once it is back, without a restart', async () => {
    await proxy.restore();
    const query = await post(app.url, QUERY);
    expect(query.status).toBe(200);
    expect(query.body.data.agreements.nodes).toHaveLength(1);
    expect((await get(`${base}/readyz`)).status).toBe(200);
    const mutation = await post(app.url, 'mutation { runReport(kind: "coverage-matrix", format: "csv") { id } }', analyst);
    // Authenticated again (no reports wired into this app, so the run itself is refused with its own code).
    expect(mutation.body.errors?.[0]?.extensions?.code).not.toBe('SERVICE_UNAVAILABLE');
    expect(mutation.status).not.toBe(503);
  });

  it('bounds the wait for a connection when the pool is exhausted: SERVICE_UNAVAILABLE after DB_CONNECT_TIMEOUT_MS', async () => {
    // Hold both pooled connections with reads that wait on a lock, then ask for a third.
    const locker = db.dataSource.createQueryRunner();
    await locker.connect();
    await locker.startTransaction();
    await locker.query('LOCK TABLE agreement IN ACCESS EXCLUSIVE MODE');
    try {
      const held = [post(app.url, QUERY), post(app.url, QUERY)];
      await new Promise((resolve) => setTimeout(resolve, 300));
      const third = await post(app.url, QUERY);
      expect(third.status).toBe(503);
      expect(third.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(third.ms).toBeGreaterThanOrEqual(400);
      expect(third.ms).toBeLessThan(1500);
      await locker.commitTransaction();
      for (const response of await Promise.all(held)) expect(response.body.data.agreements.nodes).toHaveLength(1);
    } finally {
      if (locker.isTransactionActive) await locker.rollbackTransaction();
      await locker.release();
    }
  });
});
