/** Entry point: `npm start`. Opens the database (embedded unless DATABASE_URL is set), seeds it on first run, serves. */
import 'reflect-metadata';
import { logUnhandledRejections, onStopSignals, runMain } from './shared/lifecycle/stop-signals';
import { loadConfig } from './config/config';
import { openDatabase } from './db/database';
import { createLogger, startApp } from './app';
import { seedIfEmpty } from './seed/load-corpus';
import { readCorpus } from './seed/read-corpus';
import { readTextFolder } from './domain/agreement-text/text-files';
import { ReportJobs } from './reports/report-jobs';
import { buildAppSchema } from './schema/build-schema';
import { setMetricsEnabled } from './shared/metrics/metrics';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  logUnhandledRejections(logger);
  setMetricsEnabled(config.scaleOut.metricsEnabled);
  // Migrations, the first start's seeding and the report queue's setup run under an advisory lock: instances
  // started together take turns.
  const started: { reports?: ReportJobs } = {};
  const database = await openDatabase(config, {
    log: (message) => logger.info(message),
    afterMigrations: async (dataSource, url) => {
      const seeded = await seedIfEmpty(
        dataSource,
        () => readCorpus(),
        () => readTextFolder(config.agreementTextsDir),
      );
      if (seeded) logger.info(seeded, 'loaded the seed corpus into an empty database');
      // On the embedded default the API also runs a report worker, so the one command gives everything; with
      // DATABASE_URL, workers are separate processes (`npm run worker`) unless REPORT_WORKER_IN_PROCESS says otherwise.
      started.reports = await ReportJobs.start(dataSource, url, config.reports, {
        schema: buildAppSchema(),
        work: config.reports.workerInProcess,
        logger,
      });
    },
  });
  const { reports } = started;
  if (!reports) throw new Error('the report machinery did not start');
  const app = await startApp(database.dataSource, config, logger, config.port, { reports });
  logger.info(`GraphQL API ready at ${app.url}${config.reports.workerInProcess ? ' (with a report worker)' : ''}`);

  let inFlight = 0;
  app.server.on('request', (_request, response) => {
    inFlight += 1;
    response.once('close', () => (inFlight -= 1));
  });

  // SIGTERM (a deploy, `docker stop`, a scale-down): stop accepting connections, let the requests in flight finish
  // (up to SHUTDOWN_TIMEOUT_MS), let the in-process worker finish its run or release it, close the pool, exit 0.
  onStopSignals(logger, async (signal) => {
    logger.info(`${signal}: no new connections; finishing ${inFlight} request${inFlight === 1 ? '' : 's'} in flight, then stopping`);
    const closed = app.stop();
    // Keep-alive connections between two requests would hold server.close() open: close each as it goes idle.
    const idle = setInterval(() => app.server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => {
      logger.warn(`requests still in flight after ${config.scaleOut.shutdownTimeoutMs} ms: closing their connections`);
      app.server.closeAllConnections();
    }, config.scaleOut.shutdownTimeoutMs);
    await closed;
    clearInterval(idle);
    clearTimeout(deadline);
    await reports.stop();
    await database.close();
  });
}

runMain(main);
