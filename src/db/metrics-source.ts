import type { DataSource } from 'typeorm';
import type { MetricsDatabase } from '../shared/metrics/metrics';
import { isDatabaseUnavailable } from './availability';
import { databasePools } from './replicas';

/**
 * The database as /metrics reads it (src/shared/metrics/metrics.ts): the pools of `dataSource` (the primary's, then
 * each replica's, from memory), its queries on the primary, and which errors mean it cannot be reached.
 */
export function metricsDatabase(dataSource: DataSource): MetricsDatabase {
  return {
    ready: () => dataSource.isInitialized,
    pools: () => {
      const pools = databasePools(dataSource);
      return [pools.primary, ...pools.replicas].map((pool, index) => ({
        pool: index === 0 ? 'primary' : `replica-${index - 1}`,
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
      }));
    },
    query: (text) => dataSource.query(text),
    isUnavailable: isDatabaseUnavailable,
  };
}
