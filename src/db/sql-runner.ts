import { createHash } from 'node:crypto';
import type { Pool, PoolConfig, QueryConfig, QueryResult } from 'pg';
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

const customPlanPools = new WeakMap<DataSource, Pool>();

/**
 * The pool beside the primary's whose connections never reuse a generic plan (`plan_cache_mode =
 * force_custom_plan`): a statement whose best plan hangs on its values (`planWithValues`: full text, patterns, lists)
 * runs there as a named prepared statement, parsed once per connection and still planned with its values on every
 * run. On the primary's own connections PostgreSQL may switch such a statement to a generic plan once five custom
 * plans have cost more on average, which for full text is ten times slower on a common term (docs/BENCHMARKS.md);
 * unnamed, it was parsed and rewritten on every request (about 15% of bench (b)'s statement). As large as the
 * primary's pool, so that such statements have the connections they had there (with half as many, a burst of pattern
 * filters waited past the pool's connect timeout: tests/e2e/hostile-input.test.ts on a busy machine); connections
 * opened on demand and closed when idle, never keeping the process alive; the same connection settings (statement
 * timeout, `jit=off`) otherwise.
 */
function customPlanPool(dataSource: DataSource, primary: Pool): Pool {
  let pool = customPlanPools.get(dataSource);
  if (!pool) {
    const config = (primary as unknown as { options: PoolConfig }).options;
    const PoolClass = primary.constructor as new (config: PoolConfig) => Pool;
    pool = new PoolClass({
      ...config,
      // pg-pool keeps the password out of its enumerable options (so that logging them does not show it).
      password: config.password,
      options: `${config.options ?? ''} -c plan_cache_mode=force_custom_plan`.trim(),
      allowExitOnIdle: true,
    });
    // An idle connection lost (the server restarted, the database dropped) is replaced on demand; a statement on a
    // lost one fails as any other and is reported by the runner.
    pool.on('error', () => undefined);
    customPlanPools.set(dataSource, pool);
  }
  return pool;
}

/** Closes the pool of statements planned with their values, if `dataSource` opened one (before the data source). */
export async function closeCustomPlanPool(dataSource: DataSource): Promise<void> {
  const pool = customPlanPools.get(dataSource);
  customPlanPools.delete(dataSource);
  await pool?.end();
}

/**
 * The read path of the API: straight to TypeORM's `pg` pool, still reported to TypeORM's logger so the statement
 * recorder sees every one. Statements run as named prepared statements (parsed once per connection); those whose
 * plan hangs on their values run on connections that plan them with their values every time ({@link customPlanPool}).
 * With read replicas, a statement that only reads goes to one of them and the rest to the primary (src/db/replicas.ts); a
 * lost connection is SERVICE_UNAVAILABLE (src/db/availability.ts).
 */
export function createSqlRunner(dataSource: DataSource): SqlRunner {
  const pools = databasePools(dataSource);
  const logger = dataSource.logger;
  const runOn =
    (send: (text: string, query: QueryConfig, planWithValues: boolean) => Promise<QueryResult>): SqlRunner =>
    async <T>(text: string, params: unknown[] = [], planWithValues = false) => {
      logger.logQuery(text, params);
      const query = { name: statementName(text), text, values: params };
      const result = await send(text, query, planWithValues).catch((error: unknown) => {
        // A statement cancelled by statement_timeout is the request's own matter (QUERY_TIMEOUT), not an outage.
        throw asQueryTimeout(error) ?? (isDatabaseUnavailable(error) ? serviceUnavailable(error) : error);
      });
      return result.rows as T[];
    };
  const primary = runOn((_text, query, planWithValues) => (planWithValues ? customPlanPool(dataSource, pools.primary) : pools.primary).query(query));
  if (pools.replicas.length === 0) return primary;
  // With replicas, a statement planned with its values goes unnamed where its route takes it (parsed every time).
  return withPrimary(
    runOn((text, query, planWithValues) => routeQuery(pools, text, planWithValues ? { text: query.text, values: query.values } : query)),
    primary,
  );
}
