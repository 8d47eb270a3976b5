import { DataSource, QueryRunner } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { isDatabaseUnavailable, serviceUnavailable } from './availability';

/**
 * Runs `work` in one transaction on a connection of its own: committed when it returns, rolled back when it throws
 * (the error is rethrown), the connection released either way. A connection lost on the way (PostgreSQL stopped or
 * cut off mid-transaction, or at COMMIT) is SERVICE_UNAVAILABLE, not an internal error: PostgreSQL then rolls the
 * transaction back itself (or committed it whole, when the loss came after COMMIT reached it), so the writes are
 * all there or none are.
 *
 * @example await withTransaction(dataSource, (runner) => runner.query('UPDATE ...'))
 */
export async function withTransaction<T>(dataSource: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  let lostConnection: Error | undefined;
  try {
    await runner.startTransaction();
    const result = await work(runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      lostConnection = error as Error;
      throw serviceUnavailable(error);
    }
    // The ROLLBACK is sent only on a live connection; its own failure must not hide why the work failed.
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    // A connection lost (or timed out client-side) under the transaction is destroyed, never handed to the next one.
    // TypeORM does that itself when pg reports the loss as an event, but not for a client-side query timeout; its
    // release-with-error is private (typed so here), and pg-pool destroys a client released with an error.
    if (lostConnection && runner instanceof PostgresQueryRunner)
      await (runner as unknown as { releasePostgresConnection(error: Error): Promise<void> }).releasePostgresConnection(lostConnection);
    else await runner.release();
  }
}
