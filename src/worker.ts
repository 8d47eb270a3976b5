/**
 * Entry point of `npm run worker`: a report worker. It runs the scheduled and requested report runs from the queue
 * in PostgreSQL (pg-boss) and ticks the schedules; any number may run on one database. It connects to DATABASE_URL,
 * or to the embedded server `npm start` is running (src/db/connect-cli.ts). SIGTERM stops it cleanly: the run in
 * progress finishes (pg-boss's graceful stop, up to 30 s; past that the run's job expires and another worker retries
 * it), then the pool closes.
 */
import 'reflect-metadata';
import { logUnhandledRejections, onStopSignals, runMain } from './shared/lifecycle/stop-signals';
import { loadConfig } from './config/config';
import { openCliDatabase } from './db/connect-cli';
import { createLogger } from './app';
import { ReportJobs } from './reports/report-jobs';
import { buildAppSchema } from './schema/build-schema';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  logUnhandledRejections(logger);
  // pg-boss sets up its schema and queue under the migrations' advisory lock: workers started together take turns.
  const started: { jobs?: ReportJobs } = {};
  const database = await openCliDatabase(config, {
    log: (message) => logger.info(message),
    afterMigrations: async (dataSource, url) => {
      started.jobs = await ReportJobs.start(dataSource, url, config.reports, { schema: buildAppSchema(), work: true, logger });
    },
  });
  const { jobs } = started;
  if (!jobs) throw new Error('the report worker did not start');
  logger.info('report worker ready');
  onStopSignals(logger, async (signal) => {
    logger.info(`${signal}: finishing the run in progress (or releasing it for another worker), then stopping`);
    await jobs.stop();
    await database.close();
  });
}

runMain(main);
