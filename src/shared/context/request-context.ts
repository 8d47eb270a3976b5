import { createHash } from 'node:crypto';
import DataLoader from 'dataloader';
import type { QueryConfig, QueryResult } from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';
import { isDatabaseUnavailable, serviceUnavailable } from '../../db/availability';
import { asQueryTimeout } from '../errors/errors';
import { databasePools, routeQuery, withPrimary } from '../../db/replicas';

/**
 * Runs one SQL statement and returns its rows. `planWithValues` runs it unprepared, so PostgreSQL plans it with the
 * values bound; otherwise it is a named prepared statement whose plan PostgreSQL may reuse.
 */
export type SqlRunner = <T = Record<string, any>>(text: string, params?: unknown[], planWithValues?: boolean) => Promise<T[]>;

/**
 * Per-request DataLoaders, created on first use and keyed by a name that includes the list arguments, so that
 * all parents of one level asking for the same list share one batch.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<any, any>>();

  private readonly values = new Map<string, unknown>();

  /** A value computed once per request under `name` (a page's compiled metadata, shared by all its parents). */
  once<V>(name: string, compute: () => V): V {
    if (!this.values.has(name)) this.values.set(name, compute());
    return this.values.get(name) as V;
  }

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<K, V>(batch as DataLoader.BatchLoadFn<K, V>);
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** What every resolver receives. */
export interface RequestContext {
  sql: SqlRunner;
  loaders: LoaderRegistry;
  /** The token's holder, or null for an anonymous request. */
  principal: Principal | null;
  /** Where mutations open their transactions (absent in contexts that only read). */
  dataSource?: DataSource;
  /** The report queue, to request runs (absent where reports are not wired, e.g. inside a report's own queries). */
  reports?: ReportRequester;
  /** The request's id (`x-request-id`) and its logger, a pino child that puts the id on every line. */
  requestId?: string;
  logger?: Logger;
}

/** What the API needs of the report machinery: a way to queue a run. */
export interface ReportRequester {
  requestRun(kind: string, format: string, params: object, requestedBy: string | null): Promise<number>;
}

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

/** Builds the context of one GraphQL request. */
export function createRequestContext(
  sql: SqlRunner,
  options: { principal?: Principal | null; dataSource?: DataSource; reports?: ReportRequester; requestId?: string; logger?: Logger } = {},
): RequestContext {
  return {
    sql,
    loaders: new LoaderRegistry(),
    principal: options.principal ?? null,
    dataSource: options.dataSource,
    reports: options.reports,
    requestId: options.requestId,
    logger: options.logger,
  };
}
