import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, EntityClass } from '../../src/db/data-source';
import { closeCustomPlanPool } from '../../src/db/sql-runner';
import { StatementRecorder } from '../../src/db/statement-recorder';
import { TEST_ENV, withDatabase } from './test-env';

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env[TEST_ENV.adminUrl] });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database of one test file's own, dropped at the end. */
export interface TestDatabase {
  url: string;
  name: string;
  dataSource: DataSource;
  recorder: StatementRecorder;
  drop(): Promise<void>;
}

/**
 * Creates a fresh database for a test file: a copy of the seeded template, or an empty one (`{ empty: true }`)
 * for tests of migrations and seeding. Connected through TypeORM with a statement recorder (and with `entities`,
 * for the migration check).
 */
export async function createTestDatabase(options: { empty?: boolean; migrate?: boolean; entities?: EntityClass[] } = {}): Promise<TestDatabase> {
  const adminUrl = process.env[TEST_ENV.adminUrl];
  const template = process.env[TEST_ENV.template];
  if (!adminUrl || !template) throw new Error('the jest global setup did not run');
  const name = `accords_test_${randomBytes(5).toString('hex')}`;
  await admin((client) => client.query(options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = withDatabase(adminUrl, name);
  const recorder = new StatementRecorder();
  // An empty database is one a test seeds itself: a bulk load, as in the global setup, without the serving
  // statement timeout that a busy machine can make it outlast.
  const dataSource = createDataSource({
    url,
    entities: options.entities,
    logger: recorder,
    poolSize: 4,
    ...(options.empty ? { statementTimeoutMs: 0 } : {}),
  });
  await dataSource.initialize();
  if (options.migrate) await dataSource.runMigrations();
  return {
    url,
    name,
    dataSource,
    recorder,
    async drop() {
      await closeCustomPlanPool(dataSource);
      if (dataSource.isInitialized) await dataSource.destroy();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
