import 'reflect-metadata';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../src/db/data-source';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { loadCorpus } from '../../src/seed/load-corpus';
import { readCorpus } from '../../src/seed/read-corpus';
import { readTextFolder } from '../../src/domain/agreement-text/text-files';
import { loadConfig } from '../../src/config/config';
import { TEST_ENV, withDatabase } from './test-env';

/**
 * Once per `npm test`: a PostgreSQL server (embedded unless DATABASE_URL is set) and a template database with the
 * migrations and the seed corpus. Every test file then gets its own copy of the template (see test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    // A cluster of this run's own, so that two test runs on one machine never share a data folder.
    const dataDir = path.resolve(__dirname, '..', '..', '.data', 'test-postgres', String(process.pid));
    const server = await startEmbeddedPostgres(dataDir);
    (globalThis as any).__EMBEDDED_PG__ = { server, dataDir };
    adminUrl = server.url;
  }
  const template = `accords_test_template_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  // A bulk load with nothing served: no statement timeout (the serving default of 10 s is for requests, and a busy
  // machine has made one INSERT of the whole corpus's spans outlast it).
  const dataSource = createDataSource({ url: withDatabase(adminUrl, template), statementTimeoutMs: 0 });
  await dataSource.initialize();
  await dataSource.runMigrations();
  // AGREEMENT_TEXTS_DIR (set by .ci/run where ../shared/agreement-texts exists): the official texts load with the corpus.
  await loadCorpus(dataSource, readCorpus(), readTextFolder(loadConfig().agreementTextsDir));
  await dataSource.destroy();
  process.env[TEST_ENV.adminUrl] = adminUrl;
  process.env[TEST_ENV.template] = template;
}
