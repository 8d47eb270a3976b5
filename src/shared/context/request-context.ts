import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { Principal } from '../auth/principal';

/**
 * Runs one SQL statement and returns its rows (src/db/sql-runner.ts makes the API's, over the data source's pools). `planWithValues` runs it unprepared, so PostgreSQL plans it with the
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
