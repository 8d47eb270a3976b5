import 'reflect-metadata';
import { DataSource, QueryRunner } from 'typeorm';
import { App, createLogger, startApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { createDataSource } from '../../src/db/data-source';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Issue 14, part B: slow work must not take the whole pool. Exports of the commitments are held by a lock this test
// takes on that table (each export keeps its connection while its statement waits, as it would for a slow client or a
// slow statement). With a pool of 4, exports hold at most 2 connections (DB_LONG_RUNNING_CONNECTIONS); the others get
// SERVICE_UNAVAILABLE (503) after DB_CONNECT_TIMEOUT_MS, while /readyz (its own connection) and ordinary reads still
// answer. Once the lock goes, the held exports complete.

const READ = '{ agreements(first: 1) { nodes { slug } } }';

describe('a pool held by slow exports', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let app: App;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      PORT: '0',
      DB_POOL_SIZE: '4',
      DB_LONG_RUNNING_CONNECTIONS: '2',
      DB_CONNECT_TIMEOUT_MS: '500',
    });
    dataSource = createDataSource({
      url: db.url,
      poolSize: config.poolSize,
      connectTimeoutMs: config.scaleOut.connectTimeoutMs,
      longRunningConnections: config.scaleOut.longRunningConnections,
      applicationName: 'pool-budget',
    });
    await dataSource.initialize();
    app = await startApp(dataSource, config, createLogger(config), 0);
    base = app.url.replace(/\/graphql$/, '');
  });

  afterAll(async () => {
    await app?.stop();
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
  });

  const exportCommitments = async () => {
    const response = await fetch(`${base}/export/commitments.csv`);
    return { status: response.status, text: await response.text() };
  };

  it('keeps /readyz and ordinary reads answering; exports past the budget get SERVICE_UNAVAILABLE; the held ones complete', async () => {
    const locker: QueryRunner = db.dataSource.createQueryRunner();
    await locker.connect();
    try {
      await locker.startTransaction();
      await locker.query('LOCK TABLE commitment IN ACCESS EXCLUSIVE MODE');
      const exports = Array.from({ length: 6 }, () => exportCommitments());
      // Asked outside the locker's transaction: pg_stat_activity is a snapshot for the rest of a transaction.
      const waitingOnLock = async () =>
        Number(
          (
            await db.dataSource.query(
              `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'pool-budget' AND wait_event_type = 'Lock'`,
            )
          )[0].n,
        );
      for (let i = 0; i < 200 && (await waitingOnLock()) < 2; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      // Give the other four every chance to take a connection too (they wait for the budget, 500 ms at most).
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await waitingOnLock()).toBe(2);

      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      const read = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: READ }) });
      expect(read.status).toBe(200);
      expect(((await read.json()) as any).data.agreements.nodes).toHaveLength(1);

      // Exports past the budget are refused with the coded 503 (they waited DB_CONNECT_TIMEOUT_MS for a slot).
      await new Promise((resolve) => setTimeout(resolve, 600));
      await locker.commitTransaction();
      const answers = await Promise.all(exports);
      const refused = answers.filter((answer) => answer.status === 503);
      expect(refused).toHaveLength(4);
      for (const answer of refused) expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      const served = answers.filter((answer) => answer.status === 200);
      expect(served).toHaveLength(2);
      const commitments = Number((await db.dataSource.query(`SELECT count(*) AS n FROM commitment`))[0].n);
      for (const answer of served) expect(answer.text.trim().split('\n').length).toBeGreaterThan(commitments);
    } finally {
      if (locker.isTransactionActive) await locker.rollbackTransaction();
      await locker.release();
    }
  });
});
