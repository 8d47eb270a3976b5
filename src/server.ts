/** Entry point: `npm start`. Opens the database (embedded unless DATABASE_URL is set), seeds it on first run, serves. */
import 'reflect-metadata';
import { loadConfig } from './config/config';
import { openDatabase } from './db/database';
import { createLogger, startApp } from './app';
import { seedIfEmpty } from './seed/load-corpus';
import { readCorpus } from './seed/read-corpus';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const database = await openDatabase(config, { log: (message) => logger.info(message) });
  const seeded = await seedIfEmpty(database.dataSource, () => readCorpus());
  if (seeded) logger.info(seeded, 'loaded the seed corpus into an empty database');
  const app = await startApp(database.dataSource, config, logger);
  logger.info(`GraphQL API ready at ${app.url}`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    await app.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
