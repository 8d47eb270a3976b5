import type { Logger } from 'pino';

/**
 * Stops the process cleanly on SIGINT and SIGTERM (a deploy, `docker stop`, Ctrl-C): runs `stop` once, whichever
 * signal comes first or however many times, then exits 0, or 1 when stopping failed.
 *
 * @example onStopSignals(logger, async (signal) => { await app.stop(); await database.close(); });
 */
export function onStopSignals(logger: Logger, stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  const handle = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    try {
      await stop(signal);
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void handle(signal));
}

/** Runs an entry point's `main`, printing what made it fail and exiting 1. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

/**
 * The last line of defence: logs any promise rejection nobody handled (with its error, at `error` level, as
 * `unhandled rejection`) instead of letting Node end the process, or letting it pass silently. Every known source is
 * caught where it is born (the report worker's queue calls: src/reports/job-loop.ts); a line from here is a bug to fix.
 *
 * @example logUnhandledRejections(logger);
 */
export function logUnhandledRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled rejection (a bug: the rejection should be caught where it is born)');
  });
}
