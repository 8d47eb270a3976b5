import { DataSource, Logger } from 'typeorm';
import { AppConfig } from '../config/config';
import { createDataSource } from './data-source';
import { EmbeddedServer, startEmbeddedPostgres } from './embedded-postgres';

/** An open, migrated database and how to close it (and the embedded server behind it, if any). */
export interface Database {
  dataSource: DataSource;
  url: string;
  close(): Promise<void>;
}

/**
 * Connects to `DATABASE_URL`, or starts the embedded server when it is not set, then runs pending migrations.
 */
export async function openDatabase(config: AppConfig, options: { log?: (message: string) => void; logger?: Logger } = {}): Promise<Database> {
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.embeddedDataDir, options.log);
    url = embedded.url;
    options.log?.(`embedded PostgreSQL listening on 127.0.0.1:${embedded.port}`);
  }
  const dataSource = createDataSource({
    url,
    poolSize: config.poolSize,
    statementTimeoutMs: config.statementTimeoutMs,
    logger: options.logger,
  });
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) options.log?.(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    url,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
