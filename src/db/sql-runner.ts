import { createHash } from 'node:crypto';
import type { QueryConfig, QueryResult } from 'pg';
import type { DataSource } from 'typeorm';
import type { SqlRunner } from '../shared/context/request-context';
import { asQueryTimeout } from '../shared/errors/errors';
import { isDatabaseUnavailable, serviceUnavailable } from './availability';
import { databasePools, routeQuery, withPrimary } from './replicas';

const statementNames = new Map<string, string>();

/** A stable prepared-statement name for a SQL text (the same operation compiles to the same text). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `s_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`;
    if (statementNames.size > 10_000) statementNames.clear();
    statementNames.set(text, name);
  }
  return name;
}

/**
 * The read path of the API: straight to TypeORM's `pg` pool, still reported to TypeORM's logger so the statement
 * recorder sees every one. Statements whose plan does not hang on their values run as named prepared statements
 * (parsed once per connection, plans reused); the others are planned with their values each time. With read
 * replicas, a statement that only reads goes to one of them and the rest to the primary (src/db/replicas.ts); a
 * lost connection is SERVICE_UNAVAILABLE (src/db/availability.ts).
 */
export function createSqlRunner(dataSource: DataSource): SqlRunner {
  const pools = databasePools(dataSource);
  const logger = dataSource.logger;
  const runOn =
    (send: (text: string, query: QueryConfig) => Promise<QueryResult>): SqlRunner =>
    async <T>(text: string, params: unknown[] = [], planWithValues = false) => {
      logger.logQuery(text, params);
      const query = planWithValues ? { text, values: params } : { name: statementName(text), text, values: params };
      const result = await send(text, query).catch((error: unknown) => {
        // A statement cancelled by statement_timeout is the request's own matter (QUERY_TIMEOUT), not an outage.
        throw asQueryTimeout(error) ?? (isDatabaseUnavailable(error) ? serviceUnavailable(error) : error);
      });
      return result.rows as T[];
    };
  const primary = runOn((_text, query) => pools.primary.query(query));
  if (pools.replicas.length === 0) return primary;
  return withPrimary(
    runOn((text, query) => routeQuery(pools, text, query)),
    primary,
  );
}
