/** Entry point: `npm start`. Opens the database (embedded unless DATABASE_URL is set), seeds it on first run, serves. */
import 'reflect-metadata';
import { loadConfig } from './config/config';
import { openDatabase } from './db/database';
import { createLogger, startApp } from './app';
import { seedIfEmpty } from './seed/load-corpus';
import { readCorpus } from './seed/read-corpus';
import { ReportJobs } from './reports/report-jobs';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const database = await openDatabase(config, { log: (message) => logger.info(message) });
  const seeded = await seedIfEmpty(database.dataSource, () => readCorpus());
  if (seeded) logger.info(seeded, 'loaded the seed corpus into an empty database');
  // On the embedded default the API also runs a report worker, so the one command gives everything; with
  // DATABASE_URL, workers are separate processes (`npm run worker`) unless REPORT_WORKER_IN_PROCESS says otherwise.
  const reports = await ReportJobs.start(database.dataSource, database.url, config.reports, { work: config.reports.workerInProcess, logger });
  const app = await startApp(database.dataSource, config, logger, config.port, { reports });
  logger.info(`GraphQL API ready at ${app.url}${config.reports.workerInProcess ? ' (with a report worker)' : ''}`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    await app.stop();
    await reports.stop();
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
