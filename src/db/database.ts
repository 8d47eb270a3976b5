import { Client } from 'pg';
import { DataSource, Logger } from 'typeorm';
import { AppConfig } from '../config/config';
import { connectionConfig } from './connection-config';
import { createDataSource } from './data-source';
import { closeCustomPlanPool } from './sql-runner';
import { EmbeddedServer, startEmbeddedPostgres } from './embedded-postgres';

/** An open, migrated database and how to close it (and the embedded server behind it, if any). */
export interface Database {
  dataSource: DataSource;
  url: string;
  close(): Promise<void>;
}

/** The advisory lock under which an instance migrates (and seeds), so instances started together take turns. */
const PREPARE_LOCK = 7_240_611_011;

export interface OpenDatabaseOptions {
  log?: (message: string) => void;
  logger?: Logger;
  /**
   * Work done once the migrations ran, under the same lock: the API's first-start seeding, and pg-boss's own schema
   * and queue (created on first start, they deadlock when instances started together create them at once).
   */
  afterMigrations?: (dataSource: DataSource, url: string) => Promise<void>;
}

/**
 * Runs the pending migrations, then `afterMigrations`, holding a PostgreSQL advisory lock on a connection of its
 * own: N API processes and M workers started at once on an empty database migrate and seed it once, and set up the
 * report queue, one after the other, instead of racing. The lock goes with the session, so a process that dies holding it frees it.
 */
async function prepare(url: string, dataSource: DataSource, options: OpenDatabaseOptions): Promise<void> {
  const lock = new Client(connectionConfig(url, 'accords-graphql:migrations'));
  await lock.connect();
  try {
    const [{ locked }] = (await lock.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [PREPARE_LOCK])).rows;
    if (!locked) {
      options.log?.('another instance is migrating the database: waiting for it');
      await lock.query('SELECT pg_advisory_lock($1)', [PREPARE_LOCK]);
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) options.log?.(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    await options.afterMigrations?.(dataSource, url);
  } finally {
    await lock.end().catch(() => {});
  }
}

/**
 * Connects to `DATABASE_URL` (and its read replicas, DATABASE_REPLICA_URLS), or starts the embedded server when
 * it is not set, then runs pending migrations.
 */
export async function openDatabase(config: AppConfig, options: OpenDatabaseOptions = {}): Promise<Database> {
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.embeddedDataDir, options.log);
    url = embedded.url;
    options.log?.(`embedded PostgreSQL listening on 127.0.0.1:${embedded.port}`);
  }
  const replicaUrls = config.scaleOut.replicaUrls;
  const dataSource = createDataSource({
    url,
    replicaUrls,
    poolSize: config.poolSize,
    statementTimeoutMs: config.statementTimeoutMs,
    connectTimeoutMs: config.scaleOut.connectTimeoutMs,
    longRunningConnections: config.scaleOut.longRunningConnections,
    logger: options.logger,
  });
  try {
    await dataSource.initialize();
    if (replicaUrls.length > 0) options.log?.(`reading from ${replicaUrls.length} replica${replicaUrls.length > 1 ? 's' : ''}`);
    await prepare(url, dataSource, options);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    url,
    async close() {
      await closeCustomPlanPool(dataSource);
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
