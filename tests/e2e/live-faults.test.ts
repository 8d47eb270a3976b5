import 'reflect-metadata';
import { DataSource, QueryRunner } from 'typeorm';
import { App, createLogger, startApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { createDataSource } from '../../src/db/data-source';
import { createApiToken } from '../../src/shared/auth/token-store';
import { createSqlRunner } from '../../src/db/sql-runner';
import { liveClient, subscribe, subscribersRegistered, Subscription } from '../support/live-client';
import { startTcpProxy, TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Issue 14, part B: the database lost during a burst of changes with subscribers listening. The API reaches
// PostgreSQL through a TCP relay. A burst of changes commits; the API is notified and goes to read them, but its read
// waits (behind a lock this test queues on the history table) until the relay is cut under it. The subscriptions stay
// open through the outage; once the relay is back, the API listens again and every subscriber gets every change of
// the burst, once, in order; new changes flow as before. Meanwhile a new connection with a token is closed with 1013
// and SERVICE_UNAVAILABLE (try again later), as HTTP answers 503.

const CORPUS = `subscription { corpusChanged(filter: { entity: { eq: SOURCE } }) { id entityKey action changes { field after } } }`;
const BURST = 12;

describe('live updates when the database goes away during a burst of changes', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let dataSource: DataSource;
  let app: App;
  let reader: string;
  const clients: ReturnType<typeof liveClient>[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    reader = (await createApiToken(createSqlRunner(db.dataSource), { name: 'live-faults-reader', role: 'reader' })).token;
    proxy = await startTcpProxy(Number(new URL(db.url).port || 5432));
    const url = proxy.urlThrough(db.url);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url, PORT: '0', DB_CONNECT_TIMEOUT_MS: '500' });
    dataSource = createDataSource({ url, poolSize: 4, connectTimeoutMs: 500, applicationName: 'live-faults' });
    await dataSource.initialize();
    app = await startApp(dataSource, config, createLogger(config), 0);
  });

  afterAll(async () => {
    for (const client of clients) await client.dispose();
    await app?.stop();
    await proxy?.restore().catch(() => {});
    if (dataSource?.isInitialized) await dataSource.destroy();
    await proxy?.close();
    await db?.drop();
  });

  const activity = async (where: string) => Number((await db.dataSource.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE ${where}`))[0].n);
  async function until(what: string, check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** Renames `count` sources in one transaction (one burst of notifications at its commit); left open for the caller. */
  async function openBurst(runner: QueryRunner, label: string, count: number): Promise<string[]> {
    const ids: { id: string }[] = await runner.query(`SELECT id::text AS id FROM source ORDER BY id LIMIT $1`, [count]);
    await runner.startTransaction();
    for (const { id } of ids) await runner.query(`UPDATE source SET title = $2 WHERE id = $1`, [id, `${label} ${id}`]);
    return ids.map(({ id }) => `${label} ${id}`);
  }

  const titlesOf = (subscription: Subscription) =>
    subscription.results.map((result) => result.data?.corpusChanged.changes.find((change: { field: string }) => change.field === 'title')?.after);

  it('every subscriber gets every change of the burst once, in order, after the outage; new changes flow again', async () => {
    const subscriptions = Array.from({ length: 3 }, () => {
      const client = liveClient(app.url);
      clients.push(client);
      return subscribe(client, CORPUS);
    });
    await subscribersRegistered(app.server, 3);

    const writer = db.dataSource.createQueryRunner();
    const locker = db.dataSource.createQueryRunner();
    await writer.connect();
    await locker.connect();
    let burst: string[];
    try {
      burst = await openBurst(writer, 'Burst', BURST);
      // Queued behind the writer: once the burst commits, the lock is the locker's, and the API's read of the burst
      // (notified at that commit) waits behind it.
      await locker.startTransaction();
      const locked = locker.query('LOCK TABLE history IN ACCESS EXCLUSIVE MODE');
      await until('the lock to queue', async () => (await activity(`wait_event_type = 'Lock' AND query LIKE 'LOCK TABLE history%'`)) === 1);
      await writer.commitTransaction();
      await locked;
      await until('the API to read the burst', async () => (await activity(`application_name = 'live-faults' AND wait_event_type = 'Lock'`)) === 1);

      await proxy.cut();
      await locker.rollbackTransaction();

      // During the outage: subscriptions stay open; a new connection with a token is told to come back later.
      const late = liveClient(app.url, { authorization: `Bearer ${reader}` });
      clients.push(late);
      const refused = subscribe(late, CORPUS);
      await refused.until((s) => s.failure !== undefined);
      expect(late.closes[0]).toEqual({ code: 1013, reason: expect.stringMatching(/^SERVICE_UNAVAILABLE/) });
      for (const subscription of subscriptions) expect(subscription.failure).toBeUndefined();
    } finally {
      if (writer.isTransactionActive) await writer.rollbackTransaction();
      if (locker.isTransactionActive) await locker.rollbackTransaction();
      await writer.release();
      await locker.release();
      await proxy.restore();
    }

    for (const subscription of subscriptions) {
      await subscription.until((s) => s.results.length >= BURST, 10_000);
      expect(titlesOf(subscription)).toEqual(burst);
    }

    // Listening again: the next burst arrives as usual, and nothing twice.
    const after = db.dataSource.createQueryRunner();
    await after.connect();
    let second: string[];
    try {
      second = await openBurst(after, 'After', 3);
      await after.commitTransaction();
    } finally {
      await after.release();
    }
    for (const subscription of subscriptions) {
      await subscription.until((s) => s.results.length >= BURST + 3, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(titlesOf(subscription)).toEqual([...burst, ...second]);
    }
  });
});
