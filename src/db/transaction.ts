import { DataSource, QueryRunner } from 'typeorm';

/**
 * Runs `work` in one transaction on a connection of its own: committed when it returns, rolled back when it throws
 * (the error is rethrown), the connection released either way.
 *
 * @example await withTransaction(dataSource, (runner) => runner.query('UPDATE ...'))
 */
export async function withTransaction<T>(dataSource: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const result = await work(runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
