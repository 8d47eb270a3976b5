import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { GuardedPool } from './availability';

/** What `GET /readyz` asks of the database. */
export interface ReadinessCheck {
  /** Resolves when PostgreSQL answers `SELECT 1`; rejects (SERVICE_UNAVAILABLE) when it cannot be reached. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The readiness probe's own connection: a pool of one beside the API's pool, with the same server, settings and
 * timeouts. A pool whose every connection is busy (slow statements, a lock) is not a database that is down:
 * `/readyz` still answers 200 then, and 503 only when PostgreSQL cannot be reached. The connection is opened on
 * the first check and closed after 30 s idle.
 *
 * @example const readiness = createReadinessCheck(dataSource); await readiness.check();
 */
export function createReadinessCheck(dataSource: DataSource): ReadinessCheck {
  const primary = (dataSource.driver as unknown as { master: Pool & { options: Record<string, unknown> } }).master;
  const applicationName = typeof primary.options.application_name === 'string' ? primary.options.application_name : 'accords-graphql';
  const pool = new GuardedPool({ ...primary.options, max: 1, idleTimeoutMillis: 30_000, application_name: `${applicationName}:readiness` });
  // A dropped idle connection (PostgreSQL restarted) is an event, not a crash: the next check connects again.
  pool.on('error', () => {});
  return {
    async check() {
      await pool.query('SELECT 1');
    },
    close: () => pool.end(),
  };
}
