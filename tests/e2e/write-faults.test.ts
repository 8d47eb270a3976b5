import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, QueryRunner } from 'typeorm';
import { App, createLogger, startApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { createDataSource } from '../../src/db/data-source';
import { SEEDS_DIR } from '../../src/seed/read-corpus';
import { createApiToken } from '../../src/shared/auth/token-store';
import { createSqlRunner } from '../../src/db/sql-runner';
import { startTcpProxy, TcpProxy } from '../support/tcp-proxy';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Issue 14, part B: the database lost in the middle of a write. The API reaches PostgreSQL through a TCP relay the
// test cuts while a mutation or an import is inside its transaction: it has written rows and waits (on a lock this
// test holds on the history table) to write their history. The client gets SERVICE_UNAVAILABLE (503), not an
// internal error; PostgreSQL rolls the transaction back (nothing half written: no row without its history); once the
// relay is back, the same API process writes again without a restart.

async function post(url: string, query: string, variables: object, token: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('a write whose connection is lost mid-transaction', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let dataSource: DataSource;
  let app: App;
  let admin: string;
  let analyst: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const sql = createSqlRunner(db.dataSource);
    admin = (await createApiToken(sql, { name: 'write-faults-admin', role: 'admin' })).token;
    analyst = (await createApiToken(sql, { name: 'write-faults-analyst', role: 'analyst' })).token;
    proxy = await startTcpProxy(Number(new URL(db.url).port || 5432));
    const url = proxy.urlThrough(db.url);
    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: url, PORT: '0', DB_CONNECT_TIMEOUT_MS: '500' });
    dataSource = createDataSource({ url, poolSize: 4, connectTimeoutMs: config.scaleOut.connectTimeoutMs, applicationName: 'write-faults' });
    await dataSource.initialize();
    app = await startApp(dataSource, config, createLogger(config), 0);
  });

  afterAll(async () => {
    await app?.stop();
    await proxy?.restore().catch(() => {});
    if (dataSource?.isInitialized) await dataSource.destroy();
    await proxy?.close();
    await db?.drop();
  });

  const one = async (text: string, params: unknown[] = []) => (await db.dataSource.query(text, params))[0];
  const historyCount = async () => Number((await one(`SELECT count(*) AS n FROM history`)).n);

  /**
   * Sends `write` while this test holds a lock that blocks writing history, waits until the API's transaction waits
   * on it (its rows written, their history not), cuts the relay, then lets the lock go and waits until PostgreSQL has
   * ended the API's transaction. Returns the client's answer.
   */
  async function cutMidTransaction(write: () => Promise<{ status: number; body: any }>) {
    const locker: QueryRunner = db.dataSource.createQueryRunner();
    await locker.connect();
    try {
      await locker.startTransaction();
      await locker.query('LOCK TABLE history IN EXCLUSIVE MODE');
      const answer = write();
      // Asked outside the locker's transaction: pg_stat_activity is a snapshot for the rest of a transaction.
      const waiting = async () =>
        Number(
          (
            await db.dataSource.query(
              `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'write-faults' AND wait_event_type = 'Lock'`,
            )
          )[0].n,
        );
      for (let i = 0; i < 200 && (await waiting()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(await waiting()).toBe(1);
      await proxy.cut();
      const answered = await answer;
      await locker.commitTransaction();
      // The API's backend finds its client gone once its statement goes on: PostgreSQL rolls its transaction back.
      const inTransaction = async () =>
        Number((await one(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'write-faults' AND xact_start IS NOT NULL`)).n);
      for (let i = 0; i < 200 && (await inTransaction()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(await inTransaction()).toBe(0);
      return answered;
    } finally {
      if (locker.isTransactionActive) await locker.rollbackTransaction();
      await locker.release();
      await proxy.restore();
    }
  }

  const updateSource = `mutation($id: ID!, $v: Int!, $title: String!) { updateSource(id: $id, expectedVersion: $v, input: { title: $title }) { title version } }`;

  it('a mutation gets SERVICE_UNAVAILABLE (503); nothing of it is written; the same API writes it once the database is back', async () => {
    const before = await one(`SELECT id, title, version FROM source ORDER BY id LIMIT 1`);
    const history = await historyCount();

    const answered = await cutMidTransaction(() =>
      post(app.url, updateSource, { id: String(before.id), v: before.version, title: 'Cut off' }, analyst),
    );
    expect(answered.status).toBe(503);
    expect(answered.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(answered.body.errors[0].message).toBe('the database is unavailable; try again shortly');
    expect(await one(`SELECT id, title, version FROM source WHERE id = $1`, [before.id])).toEqual(before);
    expect(await historyCount()).toBe(history);

    const again = await post(app.url, updateSource, { id: String(before.id), v: before.version, title: 'Written after' }, analyst);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.updateSource).toEqual({ title: 'Written after', version: before.version + 1 });
    expect(await historyCount()).toBe(history + 1);
  });

  it('an import gets SERVICE_UNAVAILABLE (503) and writes nothing (all or nothing); it imports once the database is back', async () => {
    const estonia = JSON.parse(fs.readFileSync(path.join(SEEDS_DIR, 'agreements', 'estonia-ukraine-2024.json'), 'utf8'));
    const changed = { ...estonia, shortTitle: 'Estonia-Ukraine (cut off)', summary: `${estonia.summary ?? ''} Changed by an import.`.trim() };
    const importRecords = `mutation($json: String!) { importRecords(json: $json, file: "cut.json") { updated } }`;
    const before = await one(`SELECT short_title, summary, version FROM agreement WHERE slug = 'estonia-ukraine-2024'`);
    const history = await historyCount();

    const answered = await cutMidTransaction(() => post(app.url, importRecords, { json: JSON.stringify(changed) }, admin));
    expect(answered.status).toBe(503);
    expect(answered.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(await one(`SELECT short_title, summary, version FROM agreement WHERE slug = 'estonia-ukraine-2024'`)).toEqual(before);
    expect(await historyCount()).toBe(history);

    const again = await post(app.url, importRecords, { json: JSON.stringify(changed) }, admin);
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.importRecords.updated).toContain('agreement estonia-ukraine-2024');
    expect((await one(`SELECT short_title FROM agreement WHERE slug = 'estonia-ukraine-2024'`)).short_title).toBe('Estonia-Ukraine (cut off)');
    expect(await historyCount()).toBeGreaterThan(history);
  });
});
